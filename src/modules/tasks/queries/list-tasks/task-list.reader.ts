import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { type Principal, seesAllDepartments } from '../../../../shared/auth/principal.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import type { Page } from '../../../../shared/http/pagination.js';
import type { TaskRow } from '../../domain/task-row.js';
import { TaskView } from '../../dtos/task.view.js';
import type { ListTasksRequestDto } from './list-tasks.request.dto.js';

/**
 * The inbox. Keyset-paginated on the work item's sequence (oldest first), so a page costs the same at
 * 10 k and at 1 M cases; the GIN index on open tasks' candidate departments serves the default filter.
 */
@Injectable()
export class TaskListReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
  ) {}

  async list(q: ListTasksRequestDto, p: Principal): Promise<Page<TaskView>> {
    const limit = q.limit ?? 50;
    const where: string[] = [`kind = 'user'`, `state = $1`];
    const params: unknown[] = [q.state ?? 'open'];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const add = (sql: string, value: unknown): void => {
      where.push(sql.replace('?', param(value)));
    };
    const all = seesAllDepartments(p);
    if (q.department && !all && q.department !== p.dept) {
      throw AppError.forbidden('TASK.DEPARTMENT_FORBIDDEN', "You may list only your own department's tasks");
    }
    const inbox =
      (q.scope ?? 'mine') === 'mine' && (q.state ?? 'open') === 'open' && !(all && (q.department || q.caseId));
    if (!inbox && !all) {
      const [me, dept] = [param(p.id), param(p.dept ?? '')];
      where.push(`(candidate_departments @> ARRAY[${dept}::text] OR assignee = ${me} OR completed_by = ${me})`);
    }
    if (q.department) add('candidate_departments @> ARRAY[?::text]', q.department);
    if (q.caseId) add('case_id = ?', q.caseId);
    if (q.elementId) add('element_id = ?', q.elementId);
    if (q.assignee) add('assignee = ?', q.assignee);
    if (q.step) add('step = ?', q.step);
    if (q.overdue === 'true') add('due_at < ?', this.clock.now());
    if (q.overdue === 'false') add('(due_at IS NULL OR due_at >= ?)', this.clock.now());
    if (q.cursor) add('seq > ?', decodeCursor(q.cursor));
    const n = param(limit + 1);
    const sql = inbox
      ? this.inboxSql(where, p, param, n)
      : `SELECT * FROM work_item WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${n}`;
    const rows = await this.uow.query<TaskRow>(sql, params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => TaskView.from(r)),
      ...(rows.length > limit && last ? { nextCursor: Buffer.from(`s:${last.seq}`).toString('base64url') } : {}),
    };
  }

  /**
   * What the caller may work on, as four index-served branches merged by sequence: unassigned in
   * their department (by first candidate department, the common case), unassigned where their
   * department is one of several candidates, assigned to them, and offered to them by name. Each
   * branch reads at most one page, so the cost follows the page size, not the table size.
   */
  private inboxSql(where: string[], p: Principal, param: (v: unknown) => string, n: string): string {
    const [me, dept, roles] = [param(p.id), param(p.dept ?? ''), param(p.roles)];
    const role = `(candidate_roles = '{}' OR candidate_roles && ${roles}::text[])`;
    const base = where.join(' AND ');
    // Rare branches sort their few rows (`seq + 0` keeps the planner off a walk down the whole sequence index).
    const branch = (cond: string, rare = false) =>
      `(SELECT id, seq FROM work_item WHERE ${base} AND ${cond} ORDER BY seq${rare ? ' + 0' : ''} LIMIT ${n})`;
    return `SELECT w.* FROM (
        ${branch(`candidate_departments[1] = ${dept} AND assignee IS NULL AND ${role}`)}
        UNION ${branch(`cardinality(candidate_departments) > 1 AND candidate_departments @> ARRAY[${dept}::text] AND assignee IS NULL AND ${role}`, true)}
        UNION ${branch(`assignee = ${me}`)}
        UNION ${branch(`candidate_users @> ARRAY[${me}::text] AND assignee IS NULL`, true)}
      ) mine JOIN work_item w ON w.id = mine.id ORDER BY mine.seq LIMIT ${n}`;
  }
}

function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^s:\d{1,19}$/.test(raw)) throw AppError.badRequest('HTTP.INVALID_CURSOR', 'The cursor is not valid');
  return raw.slice(2);
}
