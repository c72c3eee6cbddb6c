import fs from 'node:fs';
import path from 'node:path';
import {
  type Action,
  isAllowed,
  OVERSIGHT_ROLES,
  routeRoles,
  TABLE_ROLES,
} from '../../src/shared/auth/authorisation-table.js';
import { PROJECT_ROOT } from './test-app.js';

/**
 * What the authorisation matrix test walks: where a caller can stand towards the matrix case and its
 * tasks (and the relations that gives them, stated here independently of the policy's own
 * computation), the request bodies per action, and the expected answer derived from the table.
 */
export const LEAD = '410100-MXL'; // handles the case
export const CO = '410100-MXC'; // a co-department with its own work item
export const WINDOW_DEPT = '410100-MXW'; // the one-stop window clerk who entered the case
export const PARTICIPANT_DEPT = '410100-MXP'; // holds a task of the lead's without belonging to the lead
export const OUTSIDER = '410100-MXX';
export const COPIED_DEPT = '410100-MXY'; // a person the case was copied to (抄送), of no other relation
export const ID_NUMBER = '410102199203045678';
export const STAFF_ROLES = TABLE_ROLES.filter((r) => r !== 'system');
export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** Where a caller stands: their token's department and id, and the relations that gives them (before oversight). */
export interface Position {
  name: string;
  dept?: string;
  sub?: string;
  caseRelations: string[];
  taskRelations?: string[];
  task?: 'lead-a' | 'lead-b' | 'lead-c' | 'co-a';
  /** Department systems (API keys) can stand here too. */
  system?: boolean;
}

export const CASE_POSITIONS: Position[] = [
  { name: 'handling department', dept: LEAD, caseRelations: ['handling'], system: true },
  { name: 'co-department', dept: CO, caseRelations: ['co'], system: true },
  { name: 'creator', dept: WINDOW_DEPT, sub: 'mx-creator', caseRelations: ['creator'] },
  { name: 'participant', dept: PARTICIPANT_DEPT, sub: 'mx-participant', caseRelations: ['participant'] },
  { name: 'copied', dept: COPIED_DEPT, sub: 'mx-copied', caseRelations: ['copied'] },
  { name: 'other department', dept: OUTSIDER, caseRelations: [], system: true },
  { name: 'no department', caseRelations: [] },
];

export const TASK_POSITIONS: Position[] = [
  { name: 'candidate', dept: LEAD, task: 'lead-a', taskRelations: ['candidate'], caseRelations: ['handling'] },
  {
    name: 'assignee',
    dept: LEAD,
    sub: 'mx-assignee',
    task: 'lead-b',
    taskRelations: ['assignee'],
    caseRelations: ['handling'],
  },
  {
    name: 'owner',
    dept: LEAD,
    sub: 'mx-owner',
    task: 'lead-b',
    taskRelations: ['owner', 'colleague'],
    caseRelations: ['handling'],
  },
  { name: 'colleague', dept: LEAD, task: 'lead-b', taskRelations: ['colleague'], caseRelations: ['handling'] },
  { name: 'co-department candidate', dept: CO, task: 'co-a', taskRelations: ['candidate'], caseRelations: ['co'] },
  {
    name: 'participant',
    dept: PARTICIPANT_DEPT,
    sub: 'mx-participant',
    task: 'lead-c',
    taskRelations: ['participant'],
    caseRelations: ['participant'],
  },
  { name: 'co-department on the lead task', dept: CO, task: 'lead-a', taskRelations: [], caseRelations: ['co'] },
  { name: 'other department', dept: OUTSIDER, task: 'lead-a', taskRelations: [], caseRelations: [] },
  { name: 'no department', task: 'lead-a', taskRelations: [], caseRelations: [] },
];

/** A request variant on a route: its body, and any further action the variant needs (cross-department). */
export interface Variant {
  label: string;
  body: (task: { department: string }) => Record<string, unknown>;
  also?: Action;
}

export const CASE_BODIES: Record<string, Record<string, unknown>> = {
  'case.withdraw': { reason: '撤件' },
  'case.suspend': { reason: '中止' },
  'case.resume': {},
  'case.cancel': { reason: '撤销' },
  'case.extend': { days: 5, reason: '延期' },
  'case.extension.decide': { opinion: '同意延期' },
  'case.correction.request': { reason: '补正' },
  'case.correction.submit': { note: '已补正' },
  'case.special-procedure.start': { type: 'EXPERT_REVIEW', reason: '专家评审' },
  'case.special-procedure.end': { result: '结束' },
  'case.department-status': { statusCode: 8, idempotencyKey: 'mx' },
  'case.withdrawal.decide': { decision: 'DENY', opinion: '不同意撤回' },
  'case.tolerance.supply': { materialIds: ['m4'] },
  'case.decide-on-the-spot': { decision: 'APPROVE', opinion: '当场办结' },
  'case.commitment.verify': { result: 'PASSED', opinion: '核查通过' },
  'case.add-signers': { elementId: 'co-a', departments: ['410100-MXS'], reason: '加签' },
  'case.remove-signers': { taskIds: ['00000000-0000-4000-8000-000000000000'], reason: '减签' },
  // taskId: the matrix case's task lead-a, filled in when the fixture is set up.
  'case.urge': { message: '催办' },
};

export const TASK_VARIANTS: Record<string, Variant[]> = {
  'task.read': [{ label: '', body: () => ({}) }],
  'task.claim': [{ label: '', body: () => ({}) }],
  'task.unclaim': [{ label: '', body: () => ({}) }],
  'task.complete': [{ label: '', body: () => ({ opinion: '同意' }) }],
  'task.return': [{ label: '', body: () => ({ targetElementId: 'lead-a', opinion: '退回' }) }],
  'task.cc': [{ label: '', body: () => ({ users: ['mx-cc'], note: '抄送' }) }],
  'task.delegate': [
    { label: 'within its department', body: (t) => ({ assignee: 'mx-delegate', department: t.department }) },
    {
      label: 'to another department',
      body: () => ({ assignee: 'mx-delegate', department: OUTSIDER }),
      also: 'task.delegate.cross-department',
    },
  ],
  'task.add-signers': [
    { label: 'within its department', body: () => ({ mode: 'parallel', assignees: ['mx-signer'] }) },
    {
      label: 'from another department',
      body: () => ({ mode: 'parallel', assignees: ['mx-signer'], department: OUTSIDER }),
      also: 'task.add-signers.cross-department',
    },
  ],
  'task.remove-signers': [{ label: '', body: () => ({ assignees: ['mx-signer'] }) }],
  'task.take-back': [{ label: '', body: () => ({ reason: '拿回' }) }],
  'task.transfer': [
    { label: 'within its department', body: () => ({ assignee: 'mx-transferee' }) },
    { label: 'to another department', body: () => ({ department: OUTSIDER }), also: 'task.transfer.cross-department' },
  ],
};

export type Expected = { kind: 'role-missing' } | { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'allowed' };

export function expectation(
  action: Action,
  role: string,
  relations: string[],
  also?: { action: Action; relations: string[] },
): Expected {
  if (!routeRoles(action).includes(role as never)) return { kind: 'role-missing' };
  if (relations.length === 0) return { kind: 'not-found' };
  const set = new Set(relations);
  if (!isAllowed(action, [role], set)) return { kind: 'forbidden' };
  if (also && !isAllowed(also.action, [role], new Set(also.relations))) return { kind: 'forbidden' };
  return { kind: 'allowed' };
}

export function withOversight(role: string, relations: string[]): string[] {
  return OVERSIGHT_ROLES.includes(role as never) ? [...relations, 'oversight'] : relations;
}

export interface Outcome {
  status: number;
  code?: string;
}

/** A refusal or its absence, as the table predicts it; returns a description of a mismatch, or null. */
export function mismatch(e: Expected, got: Outcome): string | null {
  const ok = (() => {
    switch (e.kind) {
      case 'role-missing':
        return got.status === 403 && (got.code === 'AUTH.ROLE_MISSING' || got.code === 'AUTH.SCOPE_MISSING');
      case 'not-found':
        return got.status === 404 && ['CASE.NOT_FOUND', 'TASK.NOT_FOUND'].includes(got.code ?? '');
      case 'forbidden':
        return got.status === 403 && got.code === 'AUTH.FORBIDDEN_ACTION';
      case 'allowed':
        return (
          got.status < 500 &&
          got.status !== 401 &&
          got.status !== 403 &&
          !['CASE.NOT_FOUND', 'TASK.NOT_FOUND'].includes(got.code ?? '')
        );
    }
  })();
  return ok ? null : `expected ${e.kind}, got ${got.status} ${got.code ?? ''}`;
}

/** start → four parallel user tasks: three of the handling department's, one of the co-department's. */
export const MATRIX_BPMN = fs.readFileSync(
  path.join(PROJECT_ROOT, 'test/fixtures/bpmn/authorisation/authz-matrix.bpmn'),
  'utf8',
);
