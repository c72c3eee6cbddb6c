import { type Principal, seesAllDepartments } from '../../../shared/auth/principal.js';

/**
 * The department a caller acts for: an API key always its own; staff their own, except admins and
 * supervisors who act for the whole centre (null = no restriction).
 */
export function actingDepartment(p: Principal): string | null {
  if (p.kind === 'system') return p.dept ?? '';
  return seesAllDepartments(p) ? null : (p.dept ?? '');
}

/**
 * SQL: the case (alias) is one the department ($param) takes part in — it handles the case, or one of
 * the case's work items names it as candidate (a co-department in a joint approval, an external task
 * routed to it). A department system never sees other cases.
 */
export function takesPartSql(caseAlias: string, param: string): string {
  return `(${param}::text IS NULL OR ${caseAlias}.department = ${param} OR EXISTS (
    SELECT 1 FROM work_item wi_dept WHERE wi_dept.case_id = ${caseAlias}.id AND ${param} = ANY (wi_dept.candidate_departments)))`;
}

/** Who sent it, as the timeline and the message log record it. */
export function senderOf(p: Principal): { id: string; name: string; department: string | null } {
  return { id: p.id, name: p.name, department: p.dept };
}
