import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { type Principal, seesAllDepartments } from '../../../../shared/auth/principal.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { type SortKey, orderBySql, parseSort } from '../../../../shared/http/list-query.js';
import { assertOneWay, decodeOffsetCursor, encodeOffsetCursor } from '../../../../shared/http/pagination.js';
import type { TaskRow } from '../../domain/task-row.js';
import { type TaskPage, TaskView } from '../../dtos/task.view.js';
import { TASK_SORT, TASK_SORT_DEFAULT, type ListTasksRequestDto } from './list-tasks.request.dto.js';

type Param = (value: unknown) => string;

/**
 * The inbox. In creation order (the default) it is keyset-paginated on the work item's sequence, so a
 * page costs the same at 10 k and at 1 M cases; the GIN index on open tasks' candidate departments
 * serves the default filter. Other orders and `offset` page by position: each branch then reads
 * offset + limit rows, so deep pages cost more (use the cursor of the default order for bulk reads).
 * `total` is counted exactly up to TASK_TOTAL_LIMIT and stops there (then `totalExact: false`): counting a
 * department's ten thousand open tasks would cost more than the page itself, and grow with the table.
 */
@Injectable()
export class TaskListReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: ListTasksRequestDto, p: Principal): Promise<TaskPage> {
    const limit = q.limit ?? 50;
    const keys = parseSort(q.sort, TASK_SORT, TASK_SORT_DEFAULT);
    assertOneWay(q);
    const bySeq = keys.length === 1 && keys[0]?.field === 'createdAt';
    const keyset = bySeq && q.offset === undefined && !isOffsetCursor(q.cursor);
    const desc = keys[0]?.desc === true;
    const offset = keyset ? 0 : (q.offset ?? (q.cursor ? decodeOffsetCursor(q.cursor) : 0));

    const page = this.filter(q, p);
    if (keyset && q.cursor) page.where.push(`seq ${desc ? '<' : '>'} ${page.param(decodeSeqCursor(q.cursor))}`);
    const n = page.param(offset + limit + 1);
    const order = bySeq ? `seq ${desc ? 'DESC' : 'ASC'}` : orderBySql(keys, 'seq');
    const sql = page.inbox
      ? this.inboxSql(page.where, p, page.param, n, keys, desc, offset)
      : `SELECT * FROM work_item WHERE ${page.where.join(' AND ')} ORDER BY ${order} LIMIT ${n} OFFSET ${offset}`;

    // One scan of the branches' conditions joined by OR (a bitmap OR of their indexes, each row once),
    // stopped one row past the limit: a UNION would have to finish before it could be cut short.
    const count = this.filter(q, p);
    const cap = this.config.taskTotalLimit;
    const counted = count.inbox
      ? this.inboxConditions(count.where, p, count.param)
          .map((b) => `(${b.cond})`)
          .join(' OR ')
      : count.where.join(' AND ');
    const countSql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM work_item WHERE ${counted} LIMIT ${cap + 1}) t`;
    const [rows, [total]] = await Promise.all([
      this.uow.query<TaskRow>(sql, page.params),
      this.uow.query<{ n: number }>(countSql, count.params),
    ]);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const more = rows.length > limit && last !== undefined;
    const next = !more
      ? undefined
      : keyset
        ? Buffer.from(`s:${last.seq}`).toString('base64url')
        : encodeOffsetCursor(offset + limit);
    const matching = total?.n ?? 0;
    return {
      items: items.map((r) => TaskView.from(r)),
      total: Math.min(matching, cap),
      ...(matching > cap ? { totalExact: false as const } : {}),
      ...(next ? { nextCursor: next } : {}),
    };
  }

  /** The WHERE clause (without paging) and whether the caller's inbox branches apply. */
  private filter(
    q: ListTasksRequestDto,
    p: Principal,
  ): { where: string[]; params: unknown[]; param: Param; inbox: boolean } {
    const states = q.state ?? ['open'];
    const where: string[] = [`kind = 'user'`];
    const params: unknown[] = [];
    const param: Param = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const add = (sql: string, value: unknown): void => {
      where.push(sql.replace('?', param(value)));
    };
    add('state = ANY(?::text[])', states);
    const all = seesAllDepartments(p);
    if (q.department && !all && q.department !== p.dept) {
      throw AppError.forbidden('TASK.DEPARTMENT_FORBIDDEN', "You may list only your own department's tasks");
    }
    const onlyOpen = states.length === 1 && states[0] === 'open';
    const inbox = (q.scope ?? 'mine') === 'mine' && onlyOpen && !(all && (q.department || q.caseId));
    if (!inbox && !all) {
      const [me, dept] = [param(p.id), param(p.dept ?? '')];
      where.push(`(candidate_departments @> ARRAY[${dept}::text] OR assignee = ${me} OR completed_by = ${me})`);
    }
    if (q.department) add('candidate_departments @> ARRAY[?::text]', q.department);
    if (q.caseId) add('case_id = ?', q.caseId);
    if (q.elementId) add('element_id = ANY(?::text[])', q.elementId);
    if (q.assignee) add('assignee = ANY(?::text[])', q.assignee);
    if (q.step) add('step = ANY(?::text[])', q.step);
    if (q.overdue === 'true') add('due_at < ?', this.clock.now());
    if (q.overdue === 'false') add('(due_at IS NULL OR due_at >= ?)', this.clock.now());
    return { where, params, param, inbox };
  }

  /**
   * What the caller may work on, as four index-served branches merged by sequence: unassigned in
   * their department (by first candidate department, the common case), unassigned where their
   * department is one of several candidates, assigned to them, and offered to them by name. Each
   * branch reads at most one page (offset + limit rows), so the cost follows the page, not the table.
   * Another order sorts each branch by the same keys, which keeps the merge exact.
   */
  private inboxSql(
    where: string[],
    p: Principal,
    param: Param,
    n: string,
    keys: SortKey[],
    desc: boolean,
    offset: number,
  ): string {
    const bySeq = keys.length === 1 && keys[0]?.field === 'createdAt';
    const dir = desc ? ' DESC' : '';
    const cols = keys.map((k, i) => `, ${k.column} AS s${i}`).join('');
    const order = (rare: boolean, prefix: string): string =>
      bySeq
        ? // Rare branches sort their few rows (`seq + 0` keeps the planner off a walk down the whole sequence index).
          `${prefix}seq${rare ? ' + 0' : ''}${dir}`
        : orderBySql(
            keys.map((k, i) => ({ ...k, column: prefix ? `${prefix}s${i}` : k.column })),
            `${prefix}seq`,
          );
    const branches = this.inboxConditions(where, p, param)
      .map(
        ({ cond, rare }) =>
          `(SELECT id, seq${cols} FROM work_item WHERE ${cond} ORDER BY ${order(rare, '')} LIMIT ${n})`,
      )
      .join(' UNION ');
    return `SELECT w.* FROM (${branches}) mine JOIN work_item w ON w.id = mine.id
      ORDER BY ${order(false, 'mine.')} LIMIT ${n} OFFSET ${offset}`;
  }

  /** The four inbox branches' conditions; `rare` marks the branches that match few rows. */
  private inboxConditions(where: string[], p: Principal, param: Param): { cond: string; rare: boolean }[] {
    const [me, dept, roles] = [param(p.id), param(p.dept ?? ''), param(p.roles)];
    const role = `(candidate_roles = '{}' OR candidate_roles && ${roles}::text[])`;
    const base = where.join(' AND ');
    return [
      { cond: `${base} AND candidate_departments[1] = ${dept} AND assignee IS NULL AND ${role}`, rare: false },
      {
        cond: `${base} AND cardinality(candidate_departments) > 1 AND candidate_departments @> ARRAY[${dept}::text] AND assignee IS NULL AND ${role}`,
        rare: true,
      },
      { cond: `${base} AND assignee = ${me}`, rare: false },
      { cond: `${base} AND candidate_users @> ARRAY[${me}::text] AND assignee IS NULL`, rare: true },
    ];
  }
}

function isOffsetCursor(cursor: string | undefined): boolean {
  return cursor !== undefined && Buffer.from(cursor, 'base64url').toString('utf8').startsWith('o:');
}

function decodeSeqCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^s:\d{1,19}$/.test(raw)) throw AppError.badRequest('HTTP.INVALID_CURSOR', 'The cursor is not valid');
  return raw.slice(2);
}
