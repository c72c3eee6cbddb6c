/**
 * Who may do what: the one table of roles × actions × the caller's relation to the case or task.
 * The access policy (access-policy.ts) enforces it, `@Authorise` derives each route's roles from it,
 * and the authorisation matrix test walks every route with every role and relation against it.
 * ADR 0011 prints it and explains the choices.
 */

/** Staff roles (JWT `roles`), plus `system` for a department system calling with an API key. */
export const TABLE_ROLES = ['admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor', 'system'] as const;
export type TableRole = (typeof TABLE_ROLES)[number];

/** Roles that oversee the whole centre: they see every department's cases and tasks. */
export const OVERSIGHT_ROLES: readonly TableRole[] = ['admin', 'supervisor'];

/**
 * The caller's relation to a case. `handling`: of the department that handles it (the lead department
 * of a joint approval). `co`: of a department one of its work items names (a co-department, or a
 * department a task was transferred to). `creator`: entered it (the one-stop window). `participant`:
 * holds or owns one of its tasks without belonging to that task's departments. `oversight`: an
 * oversight role (admin, supervisor). `copied`: the case was copied (抄送) to them or their department;
 * it lets them read the case and its timeline, nothing else (ADR 0018).
 */
export const CASE_RELATIONS = ['handling', 'co', 'creator', 'participant', 'oversight', 'copied'] as const;
export type CaseRelation = (typeof CASE_RELATIONS)[number];

/**
 * The caller's relation to a task. `assignee`: holds it (and belongs to one of its departments).
 * `candidate`: unassigned and offered to the caller (department and candidate role, or by name).
 * `owner`: delegated it to someone else (委派) and keeps it in view. `colleague`: of one of its
 * departments, but it is held by someone else or wants another role. `participant`: held or completed
 * it from outside its departments. `oversight`: an oversight role.
 */
export const TASK_RELATIONS = ['assignee', 'candidate', 'owner', 'colleague', 'participant', 'oversight'] as const;
export type TaskRelation = (typeof TASK_RELATIONS)[number];

type Grants<R extends string> = Partial<Record<R, readonly TableRole[]>>;

export type ActionRule =
  | { on: 'case'; grants: Grants<CaseRelation> }
  | { on: 'task'; grants: Grants<TaskRelation> }
  /** Not about one case or task (lists, catalogue, admin): the roles alone decide. */
  | { on: 'route'; roles: readonly TableRole[] }
  /** No authentication at all. */
  | { on: 'public' };

const W_H_L = ['window', 'handler', 'leader'] as const;
const CASE_READERS: Grants<CaseRelation> = {
  handling: [...W_H_L, 'admin', 'system'],
  co: [...W_H_L, 'admin', 'system'],
  creator: [...W_H_L, 'admin'],
  participant: [...W_H_L, 'admin'],
  oversight: ['admin', 'supervisor'],
  copied: W_H_L,
};
const STAFF = ['admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor'] as const;
const CATALOGUE_READERS = ['window', 'handler', 'leader', 'supervisor', 'process-admin', 'admin'] as const;

export const AUTHORISATION_TABLE = {
  // Case reads. 'case.pii' is not a route: it decides whether the applicant's and agent's id number,
  // phone and address are shown unmasked (and may be searched for).
  'case.read': { on: 'case', grants: CASE_READERS },
  'case.timeline': { on: 'case', grants: CASE_READERS },
  'case.pii': {
    on: 'case',
    grants: { handling: W_H_L, creator: ['window'], oversight: ['admin'] },
  },
  'case.list': { on: 'route', roles: ['window', 'handler', 'leader', 'supervisor', 'admin', 'system'] },
  'case.create': { on: 'route', roles: ['window', 'admin'] },
  'case.public-query': { on: 'public' },
  // Verifying a case's timeline hash chain: oversight roles, who see every case anyway.
  'case.audit-verify': { on: 'route', roles: ['admin', 'supervisor'] },
  // Case actions (domain.md §3.3): the handling department acts; co-departments act only on their tasks.
  'case.withdraw': { on: 'case', grants: { handling: ['window', 'leader'], oversight: ['admin'] } },
  'case.suspend': { on: 'case', grants: { handling: ['leader'], oversight: ['supervisor', 'admin'] } },
  'case.resume': { on: 'case', grants: { handling: ['leader'], oversight: ['supervisor', 'admin'] } },
  'case.cancel': { on: 'case', grants: { oversight: ['admin'] } },
  // T15: a withdrawal after acceptance ends the case only with a leader's approval.
  'case.withdrawal.decide': { on: 'case', grants: { handling: ['leader'], oversight: ['admin'] } },
  // T5–T6: the handling department's window or handler records the supplied tolerated materials.
  'case.tolerance.supply': { on: 'case', grants: { handling: ['window', 'handler'], oversight: ['admin'] } },
  // 即办件 / 告知承诺制: decided at the window (or by the leader there); the commitment is verified by the department.
  'case.decide-on-the-spot': { on: 'case', grants: { handling: ['window', 'leader'], oversight: ['admin'] } },
  'case.commitment.verify': { on: 'case', grants: { handling: ['handler', 'leader'], oversight: ['admin'] } },
  // 延期 in two steps (ADR 0015): the handler asks, the item's approver role (leader by default) decides.
  'case.extend': { on: 'case', grants: { handling: ['handler', 'leader'], oversight: ['admin'] } },
  'case.extension.decide': { on: 'case', grants: { handling: ['leader'], oversight: ['admin'] } },
  // 过程补正: the reviewer asks; the window (or the reviewer) records the corrected materials.
  'case.correction.request': { on: 'case', grants: { handling: ['handler', 'leader'], oversight: ['admin'] } },
  'case.correction.submit': { on: 'case', grants: { handling: ['window', 'handler', 'leader'], oversight: ['admin'] } },
  'case.special-procedure.start': { on: 'case', grants: { handling: ['handler', 'leader'], oversight: ['admin'] } },
  'case.special-procedure.end': { on: 'case', grants: { handling: ['handler', 'leader'], oversight: ['admin'] } },
  // A department reports progress on its own part (ADR 0008): the handling department or a co-department.
  'case.department-status': {
    on: 'case',
    grants: { handling: ['handler', 'leader', 'admin', 'system'], co: ['handler', 'leader', 'admin', 'system'] },
  },
  // Task actions.
  'task.list': { on: 'route', roles: ['window', 'handler', 'leader', 'supervisor', 'admin'] },
  'task.read': {
    on: 'task',
    grants: {
      assignee: W_H_L,
      candidate: W_H_L,
      owner: W_H_L,
      colleague: W_H_L,
      participant: W_H_L,
      oversight: ['admin', 'supervisor'],
    },
  },
  'task.claim': { on: 'task', grants: { assignee: W_H_L, candidate: W_H_L, oversight: ['admin'] } },
  'task.unclaim': {
    on: 'task',
    grants: { assignee: W_H_L, owner: W_H_L, colleague: ['leader'], oversight: ['admin'] },
  },
  // The owner of a delegated task stays responsible for it: they may delegate it again or take it back.
  'task.delegate': { on: 'task', grants: { assignee: W_H_L, candidate: W_H_L, owner: W_H_L, oversight: ['admin'] } },
  'task.transfer': {
    on: 'task',
    grants: {
      assignee: W_H_L,
      candidate: W_H_L,
      owner: ['leader'],
      colleague: ['leader'],
      oversight: ['admin'],
    },
  },
  'task.complete': { on: 'task', grants: { assignee: W_H_L, candidate: W_H_L, oversight: ['admin'] } },
  'task.return': { on: 'task', grants: { assignee: W_H_L, candidate: W_H_L, oversight: ['admin'] } },
  // Sending a task to a department that is not one of its own (委派/转办 across departments) is an
  // additional permission, judged on the case: only a leader of the handling department, or an admin.
  'task.delegate.cross-department': { on: 'case', grants: { handling: ['leader'], oversight: ['admin'] } },
  'task.transfer.cross-department': { on: 'case', grants: { handling: ['leader'], oversight: ['admin'] } },
  // 加签/减签 on a joint step (issue 13): the lead (handling) department coordinates the co-departments.
  'case.add-signers': { on: 'case', grants: { handling: ['handler', 'leader'], oversight: ['admin'] } },
  'case.remove-signers': { on: 'case', grants: { handling: ['handler', 'leader'], oversight: ['admin'] } },
  // 加签/减签 of a person on an ordinary task: whoever works on it; a signer from another department than
  // the task's needs a leader of the handling department or an admin, as for 委派/转办.
  'task.add-signers': { on: 'task', grants: { assignee: W_H_L, candidate: W_H_L, oversight: ['admin'] } },
  'task.remove-signers': { on: 'task', grants: { assignee: W_H_L, candidate: W_H_L, oversight: ['admin'] } },
  'task.add-signers.cross-department': { on: 'case', grants: { handling: ['leader'], oversight: ['admin'] } },
  // 拿回: the person who completed the task (the handler checks it is them), while the next step has not acted.
  'task.take-back': {
    on: 'task',
    grants: { assignee: W_H_L, participant: W_H_L, oversight: ['admin'] },
  },
  // 抄送 from a task: whoever works on it (ADR 0018).
  'task.cc': { on: 'task', grants: { assignee: W_H_L, candidate: W_H_L, owner: W_H_L, oversight: ['admin'] } },
  // 催办: the handling department, the window clerk who entered the case, a co-department's leader,
  // and the supervisors (ADR 0018). Rate-limited per task and person.
  'case.urge': {
    on: 'case',
    grants: { handling: W_H_L, creator: W_H_L, co: ['leader'], oversight: ['supervisor', 'admin'] },
  },
  // Completes each task as its own task.complete; the route itself admits whoever may complete tasks.
  'task.complete-batch': { on: 'route', roles: [...W_H_L, 'admin'] },
  // A person's own copies, proxy and phrases: every staff member, about themselves only.
  'cc.list': { on: 'route', roles: STAFF },
  'cc.mark-read': { on: 'route', roles: STAFF },
  'me.proxy': { on: 'route', roles: STAFF },
  'me.phrases': { on: 'route', roles: STAFF },
  // Not about one case or task.
  'definition.read': { on: 'route', roles: CATALOGUE_READERS },
  'definition.deploy': { on: 'route', roles: ['process-admin', 'admin'] },
  'item.read': { on: 'route', roles: CATALOGUE_READERS },
  'item.save': { on: 'route', roles: ['process-admin', 'admin'] },
  'calendar.read': { on: 'route', roles: CATALOGUE_READERS },
  'calendar.save': { on: 'route', roles: ['admin'] },
  'supervision.read': { on: 'route', roles: ['supervisor', 'admin'] },
  'admin.operate': { on: 'route', roles: ['admin'] },
  'api-key.manage': { on: 'route', roles: ['admin'] },
  'me.read': { on: 'route', roles: [...STAFF, 'system'] },
  'external-task.work': { on: 'route', roles: ['admin', 'system'] },
  'message.correlate': { on: 'route', roles: ['admin', 'system'] },
  /** A broadcast reaches every case waiting for the signal (an API key: its department's cases only). */
  'signal.broadcast': { on: 'route', roles: ['admin', 'system'] },
  'webhook.manage': { on: 'route', roles: ['admin', 'system'] },
  'health.read': { on: 'public' },
  // Development only (ADR 0019): the handler itself refuses unless the service runs on its generated secret.
  'auth.dev-login': { on: 'public' },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof AUTHORISATION_TABLE;

/**
 * Every route of the API and the action it performs (paths as the OpenAPI document spells them). A
 * route missing here fails the authorisation matrix test, so a new route cannot skip the table.
 */
export const ROUTE_ACTIONS: Readonly<Record<string, Action>> = {
  'GET /health/live': 'health.read',
  'GET /health/ready': 'health.read',
  'GET /metrics': 'health.read',
  'GET /api/v1/public/cases/{caseNo}': 'case.public-query',
  'GET /api/v1/me': 'me.read',
  'POST /api/v1/auth/dev-login': 'auth.dev-login',
  'POST /api/v1/api-keys': 'api-key.manage',
  'GET /api/v1/api-keys': 'api-key.manage',
  'DELETE /api/v1/api-keys/{id}': 'api-key.manage',
  'POST /api/v1/cases': 'case.create',
  'GET /api/v1/cases': 'case.list',
  'GET /api/v1/cases/{id}': 'case.read',
  'GET /api/v1/cases/{id}/timeline': 'case.timeline',
  'GET /api/v1/cases/{id}/timeline/verify': 'case.audit-verify',
  'GET /api/v1/admin/cases/{id}/audit': 'case.audit-verify',
  'POST /api/v1/cases/{id}/withdraw': 'case.withdraw',
  'POST /api/v1/cases/{id}/suspend': 'case.suspend',
  'POST /api/v1/cases/{id}/resume': 'case.resume',
  'POST /api/v1/cases/{id}/cancel': 'case.cancel',
  'POST /api/v1/cases/{id}/withdrawal/decision': 'case.withdrawal.decide',
  'POST /api/v1/cases/{id}/tolerance/materials': 'case.tolerance.supply',
  'POST /api/v1/cases/{id}/on-the-spot-decision': 'case.decide-on-the-spot',
  'POST /api/v1/cases/{id}/commitment/verification': 'case.commitment.verify',
  'POST /api/v1/cases/{id}/extensions': 'case.extend',
  'POST /api/v1/cases/{id}/extensions/{pid}/approve': 'case.extension.decide',
  'POST /api/v1/cases/{id}/extensions/{pid}/reject': 'case.extension.decide',
  'POST /api/v1/cases/{id}/corrections': 'case.correction.request',
  'POST /api/v1/cases/{id}/corrections/{pid}/submit': 'case.correction.submit',
  'POST /api/v1/cases/{id}/special-procedures': 'case.special-procedure.start',
  'POST /api/v1/cases/{id}/special-procedures/{pid}/end': 'case.special-procedure.end',
  'POST /api/v1/cases/{id}/department-status': 'case.department-status',
  'GET /api/v1/tasks': 'task.list',
  'GET /api/v1/tasks/{id}': 'task.read',
  'POST /api/v1/tasks/{id}/claim': 'task.claim',
  'POST /api/v1/tasks/{id}/unclaim': 'task.unclaim',
  'POST /api/v1/tasks/{id}/delegate': 'task.delegate',
  'POST /api/v1/tasks/{id}/transfer': 'task.transfer',
  'POST /api/v1/tasks/{id}/complete': 'task.complete',
  'POST /api/v1/tasks/{id}/return': 'task.return',
  'POST /api/v1/tasks/{id}/add-signers': 'task.add-signers',
  'POST /api/v1/tasks/{id}/remove-signers': 'task.remove-signers',
  'POST /api/v1/tasks/{id}/take-back': 'task.take-back',
  'POST /api/v1/cases/{id}/add-signers': 'case.add-signers',
  'POST /api/v1/cases/{id}/remove-signers': 'case.remove-signers',
  'POST /api/v1/tasks/{id}/cc': 'task.cc',
  'POST /api/v1/tasks/complete-batch': 'task.complete-batch',
  'POST /api/v1/cases/{id}/urges': 'case.urge',
  'GET /api/v1/cc': 'cc.list',
  'POST /api/v1/cc/{id}/read': 'cc.mark-read',
  'GET /api/v1/me/proxy': 'me.proxy',
  'PUT /api/v1/me/proxy': 'me.proxy',
  'DELETE /api/v1/me/proxy': 'me.proxy',
  'GET /api/v1/me/phrases': 'me.phrases',
  'PUT /api/v1/me/phrases': 'me.phrases',
  'GET /api/v1/process-definitions': 'definition.read',
  'GET /api/v1/process-definitions/key/{key}': 'definition.read',
  'GET /api/v1/process-definitions/{id}': 'definition.read',
  'GET /api/v1/process-definitions/{id}/xml': 'definition.read',
  'POST /api/v1/process-definitions': 'definition.deploy',
  'GET /api/v1/items': 'item.read',
  'GET /api/v1/items/{code}': 'item.read',
  'POST /api/v1/items': 'item.save',
  'PUT /api/v1/items/{code}': 'item.save',
  'GET /api/v1/calendars/{region}/add-working-days': 'calendar.read',
  'GET /api/v1/calendars/{region}/add-working-hours': 'calendar.read',
  'GET /api/v1/calendars/{region}/{year}': 'calendar.read',
  'PUT /api/v1/calendars/{region}/{year}': 'calendar.save',
  'GET /api/v1/supervision/alerts': 'supervision.read',
  'GET /api/v1/supervision/stats': 'supervision.read',
  'POST /api/v1/admin/clock': 'admin.operate',
  'GET /api/v1/admin/jobs': 'admin.operate',
  'POST /api/v1/admin/jobs/{id}/retry': 'admin.operate',
  'POST /api/v1/external-tasks/fetch-and-lock': 'external-task.work',
  'POST /api/v1/external-tasks/{id}/complete': 'external-task.work',
  'POST /api/v1/external-tasks/{id}/failure': 'external-task.work',
  'POST /api/v1/external-tasks/{id}/bpmn-error': 'external-task.work',
  'POST /api/v1/external-tasks/{id}/extend-lock': 'external-task.work',
  'PUT /api/v1/external-tasks/{id}/retries': 'external-task.work',
  'POST /api/v1/messages': 'message.correlate',
  'POST /api/v1/signals': 'signal.broadcast',
  'GET /api/v1/signals/{id}': 'signal.broadcast',
  // Camunda 7 compatible facade (ADR 0013): the same actions as the native routes above.
  'POST /engine-rest/external-task/fetchAndLock': 'external-task.work',
  'POST /engine-rest/external-task/{id}/complete': 'external-task.work',
  'POST /engine-rest/external-task/{id}/failure': 'external-task.work',
  'POST /engine-rest/external-task/{id}/bpmnError': 'external-task.work',
  'POST /engine-rest/external-task/{id}/extendLock': 'external-task.work',
  'POST /engine-rest/external-task/{id}/unlock': 'external-task.work',
  'POST /engine-rest/message': 'message.correlate',
  'POST /api/v1/webhooks': 'webhook.manage',
  'GET /api/v1/webhooks': 'webhook.manage',
  'DELETE /api/v1/webhooks/{id}': 'webhook.manage',
  'GET /api/v1/webhooks/{id}/deliveries': 'webhook.manage',
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': 'webhook.manage',
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/skip': 'webhook.manage',
};

/** The roles that may call an action's route at all (with some relation); the guard checks these first. */
export function routeRoles(action: Action): TableRole[] {
  const rule: ActionRule = AUTHORISATION_TABLE[action];
  if (rule.on === 'public') return [];
  if (rule.on === 'route') return [...rule.roles];
  const grants = Object.values(rule.grants) as (readonly TableRole[])[];
  return TABLE_ROLES.filter((r) => grants.some((g) => g.includes(r)));
}

/** Whether any of the caller's roles may take the action in any of its relations to the case or task. */
export function isAllowed(action: Action, roles: readonly string[], relations: ReadonlySet<string>): boolean {
  const rule: ActionRule = AUTHORISATION_TABLE[action];
  if (rule.on === 'public') return true;
  if (rule.on === 'route') return rule.roles.some((r) => roles.includes(r));
  const grants = rule.grants as Partial<Record<string, readonly TableRole[]>>;
  return [...relations].some((rel) => (grants[rel] ?? []).some((r) => roles.includes(r)));
}

/** The relations in which one of these roles may take the action (for building SQL filters). */
export function allowedRelations(action: Action, roles: readonly string[]): string[] {
  const rule: ActionRule = AUTHORISATION_TABLE[action];
  if (rule.on !== 'case' && rule.on !== 'task') return [];
  const grants = rule.grants as Partial<Record<string, readonly TableRole[]>>;
  return Object.entries(grants)
    .filter(([, rs]) => (rs ?? []).some((r) => roles.includes(r)))
    .map(([rel]) => rel);
}
