import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { type Page, pageWindow, toPage } from '../../../../shared/http/pagination.js';
import type { ListCopiesRequestDto } from './list-copies.request.dto.js';
import { type CopyRow, type CopyView, toCopyView } from './copy.view.js';

const SELECT = `SELECT cc.id, cc.case_id, c.case_no, c.status AS case_status, cc.task_id, cc.element_id,
  cc.recipient_kind, cc.recipient, cc.note, cc.copied_by, cc.copied_by_name, cc.copied_at, cc.read_at, cc.read_by
  FROM case_copy cc JOIN approval_case c ON c.id = cc.case_id`;

/** The "copied to me" list (抄送我的): copies to the caller by name or to the department their token names. */
@Injectable()
export class CopyReader {
  constructor(private readonly uow: UnitOfWork) {}

  async list(q: ListCopiesRequestDto, p: Principal): Promise<Page<CopyView>> {
    const w = pageWindow(q);
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    const where = [mine(p, param)];
    if (q.read === 'true') where.push('cc.read_at IS NOT NULL');
    if (q.read === 'false') where.push('cc.read_at IS NULL');
    if (q.caseId) where.push(`cc.case_id = ${param(q.caseId)}`);
    if (q.recipientKind) where.push(`cc.recipient_kind = ${param(q.recipientKind)}`);
    if (q.copiedBy) where.push(`cc.copied_by = ${param(q.copiedBy)}`);
    const filter = where.join(' AND ');
    const [count] = await this.uow.query<{ n: string }>(
      `SELECT count(*) AS n FROM case_copy cc WHERE ${filter}`,
      params,
    );
    const rows = await this.uow.query<CopyRow>(
      `${SELECT} WHERE ${filter} ORDER BY cc.copied_at DESC, cc.id LIMIT ${param(w.limit)} OFFSET ${param(w.offset)}`,
      params,
    );
    return toPage(rows.map(toCopyView), Number(count?.n ?? 0), w);
  }

  /** Marks one of the caller's copies read (a department copy: for the department); 404 for anyone else's. */
  async markRead(id: string, p: Principal, now: Date): Promise<CopyView> {
    const params: unknown[] = [id];
    const param = (v: unknown) => `$${params.push(v)}`;
    const filter = `cc.id = $1 AND ${mine(p, param)}`;
    await this.uow.query(
      `UPDATE case_copy cc SET read_at = ${param(now)}, read_by = ${param(p.id)} WHERE ${filter} AND cc.read_at IS NULL`,
      params,
    );
    const [row] = await this.uow.query<CopyRow>(`${SELECT} WHERE ${filter}`, params.slice(0, params.length - 2));
    if (!row) throw AppError.notFound('CC.NOT_FOUND', `No copy ${id}`);
    return toCopyView(row);
  }
}

function mine(p: Principal, param: (v: unknown) => string): string {
  const user = `(cc.recipient_kind = 'user' AND cc.recipient = ${param(p.id)})`;
  return p.dept ? `(${user} OR (cc.recipient_kind = 'department' AND cc.recipient = ${param(p.dept)}))` : user;
}
