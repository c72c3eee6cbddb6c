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
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    const all = seesAllDepartments(p);
    if (q.department && !all && q.department !== p.dept) {
      throw AppError.forbidden('TASK.DEPARTMENT_FORBIDDEN', "You may list only your own department's tasks");
    }
    if ((q.scope ?? 'mine') === 'mine' && (q.state ?? 'open') === 'open' && !(all && (q.department || q.caseId))) {
      // What the caller may work on: assigned to them, or unassigned in their department (and role).
      params.push(p.id, p.dept ?? '', p.roles);
      const [me, dept, roles] = [params.length - 2, params.length - 1, params.length];
      where.push(
        `(assignee = $${me} OR $${me} = ANY(candidate_users) OR (assignee IS NULL AND candidate_departments @> ARRAY[$${dept}::text]
          AND (candidate_roles = '{}' OR candidate_roles && $${roles}::text[])))`,
      );
    } else if (!all) {
      params.push(p.id, p.dept ?? '');
      where.push(
        `(candidate_departments @> ARRAY[$${params.length}::text] OR assignee = $${params.length - 1} OR completed_by = $${params.length - 1})`,
      );
    }
    if (q.department) add('candidate_departments @> ARRAY[?::text]', q.department);
    if (q.caseId) add('case_id = ?', q.caseId);
    if (q.elementId) add('element_id = ?', q.elementId);
    if (q.assignee) add('assignee = ?', q.assignee);
    if (q.step) add('step = ?', q.step);
    if (q.overdue === 'true') add('due_at < ?', this.clock.now());
    if (q.overdue === 'false') add('(due_at IS NULL OR due_at >= ?)', this.clock.now());
    if (q.cursor) add('seq > ?', decodeCursor(q.cursor));
    params.push(limit + 1);
    const rows = await this.uow.query<TaskRow>(
      `SELECT * FROM work_item WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => TaskView.from(r)),
      ...(rows.length > limit && last ? { nextCursor: Buffer.from(`s:${last.seq}`).toString('base64url') } : {}),
    };
  }
}

function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^s:\d{1,19}$/.test(raw)) throw AppError.badRequest('HTTP.INVALID_CURSOR', 'The cursor is not valid');
  return raw.slice(2);
}
