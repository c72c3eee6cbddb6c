import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { caseActionSql } from '../../../../shared/auth/access-policy.js';
import { type Principal, seesAllDepartments } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { orderBySql, parseSort } from '../../../../shared/http/list-query.js';
import { type Page, pageWindow, toPage } from '../../../../shared/http/pagination.js';
import type { CaseRow } from '../../domain/case-row.js';
import type { CaseView } from '../../dtos/case.view.js';
import { CaseReader } from '../get-case/case.reader.js';
import { CASE_SORT, CASE_SORT_DEFAULT, type ListCasesRequestDto } from './list-cases.request.dto.js';

@Injectable()
export class CaseListReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: CaseReader,
  ) {}

  async list(q: ListCasesRequestDto, p: Principal): Promise<Page<CaseView>> {
    const where: string[] = ['true'];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]): void => {
      let out = sql;
      for (const v of values) {
        params.push(v);
        out = out.replace('?', `$${params.length}`);
      }
      where.push(out);
    };
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (!seesAllDepartments(p) && q.department && q.department !== p.dept) {
      throw AppError.forbidden('CASE.DEPARTMENT_FORBIDDEN', "You may list only your own department's cases");
    }
    // The cases the caller may read (the authorisation table's relations for case.read, as SQL).
    where.push(caseActionSql('case.read', p, param));
    if (q.status) add('c.status = ANY(?::text[])', q.status);
    if (q.itemCode) add('c.item_code = ANY(?::text[])', q.itemCode);
    if (q.department) add('c.department = ?', q.department);
    if (q.businessKey) add('c.business_key = ?', q.businessKey);
    if (q.applicant) {
      // An id number matches only where the caller may see it unmasked, so a masked one cannot be confirmed.
      const pii = caseActionSql('case.pii', p, param);
      add(
        `(c.applicant->>'name' = ? OR c.applicant->>'uscc' = ? OR (c.applicant->>'idNumber' = ? AND ${pii}))`,
        q.applicant,
        q.applicant,
        q.applicant,
      );
    }
    if (q.createdFrom) add('c.created_at >= ?', q.createdFrom);
    if (q.createdTo) add('c.created_at <= ?', q.createdTo);
    if (q.overdue === 'true') add(`c.time_state = 'OVERDUE'`);
    if (q.overdue === 'false') add(`c.time_state <> 'OVERDUE'`);
    const order = orderBySql(parseSort(q.sort, CASE_SORT, CASE_SORT_DEFAULT), 'c.id');
    const w = pageWindow(q);
    const sql = `FROM approval_case c WHERE ${where.join(' AND ')}`;
    const [count] = await this.uow.query<{ n: number }>(`SELECT count(*)::int AS n ${sql}`, params);
    const rows = await this.uow.query<CaseRow>(
      `SELECT c.* ${sql} ORDER BY ${order} LIMIT ${w.limit} OFFSET ${w.offset}`,
      params,
    );
    return toPage(await this.reader.toViews(rows, p), count?.n ?? 0, w);
  }
}
