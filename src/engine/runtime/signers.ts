/**
 * 加签 / 减签. On a joint step (a multi-instance activity) signers are instances: adding one starts a new
 * instance counted by the joint policy, removing one cancels its open instance and recounts the policy (ALL
 * completes when everyone left has answered). On an ordinary user task signers are extra tasks on the same
 * token: `before` holds the task until they answer, `after` opens their tasks when it is completed, `parallel`
 * opens theirs at once; the step leaves when the token's last task is done, and a rejection by a parallel or
 * after signer is the step's outcome (both must approve). A before-signer advises; the assignee then decides.
 */
import type { Trigger } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import type { Execution } from './execution.js';
import { continueSequence, finishBody, startItem, syncVariables, verdict } from './multi-instance.js';
import { isRejectOutcome, outcomeKind } from './outcomes.js';
import type { ScopeInstance, TaskRecord, Token } from './state.js';

type Of<K extends Trigger['type']> = Extract<Trigger, { type: K }>;

function jointBody(exec: Execution, elementId: string): ScopeInstance {
  const bodies = exec.state.scopes.filter((s) => s.kind === 'multiInstanceBody' && s.elementId === elementId);
  const body = bodies.length === 1 ? bodies[0] : undefined;
  if (!body?.mi)
    throw new EngineError(
      EngineErrorCode.JOINT_STEP_NOT_ACTIVE,
      `joint step ${elementId} is ${bodies.length === 0 ? 'not running' : 'running more than once'}`,
      elementId,
    );
  return body;
}

export function addJointInstances(exec: Execution, t: Of<'addJointInstances'>): void {
  const node = exec.node(t.elementId);
  const mi = node.multiInstance;
  if (!mi) throw new EngineError(EngineErrorCode.JOINT_STEP_NOT_ACTIVE, `${node.id} is not a joint step`, node.id);
  const body = exec.writableScope(jointBody(exec, t.elementId));
  const state = body.mi;
  if (!state || t.instances.length === 0) return;
  exec.spendSteps(t.instances.length, node.id);
  // Index i of items/assignees is instance i; an instance removed earlier keeps its slot.
  const slots = state.total + (state.removed ?? 0);
  const items = state.items ? [...state.items] : Array.from({ length: slots }, () => null);
  const assignees = state.assignees ? [...state.assignees] : Array.from({ length: slots }, () => null);
  for (const i of t.instances) {
    items.push(structuredClone(i.element));
    assignees.push(i.assignee ?? null);
  }
  state.items = items;
  state.assignees = assignees;
  state.total += t.instances.length;
  syncVariables(body);
  // A sequential step reaches the new instances in turn (one is always running while it waits); a parallel one opens them now.
  if (!mi.sequential) for (let i = 0; i < t.instances.length; i++) startItem(exec, body, node);
}

export function removeJointInstance(exec: Execution, t: Of<'removeJointInstance'>): void {
  const task = exec.state.tasks.find((x) => x.taskId === t.taskId && x.kind === 'user');
  if (!task) throw new EngineError(EngineErrorCode.TASK_NOT_FOUND, `no open user task ${t.taskId}`);
  const token = exec.token(task.tokenId);
  const item = token && exec.isInnerInstance(token) ? exec.scope(token.scopeId) : undefined;
  const found = item ? exec.scope(item.parentScopeId) : undefined;
  if (!item || !found?.mi || task.sign)
    throw new EngineError(
      EngineErrorCode.NOT_A_JOINT_INSTANCE,
      `task ${t.taskId} is not an instance of a joint step`,
      task.elementId,
    );
  if (found.mi.total <= 1)
    throw new EngineError(
      EngineErrorCode.LAST_JOINT_INSTANCE,
      `task ${t.taskId} is the only instance of ${task.elementId}`,
      task.elementId,
    );
  const node = exec.node(found.elementId);
  exec.cancelScope(item); // its task (and any signer tasks on it) are cancelled
  const body = exec.writableScope(found);
  if (!body.mi) return;
  body.mi.total -= 1;
  body.mi.removed = (body.mi.removed ?? 0) + 1;
  syncVariables(body);
  const def = node.multiInstance;
  if (!def) return;
  const result = verdict(def, body, exec, node);
  if (result !== null) return finishBody(exec, body, node, result);
  continueSequence(exec, body, node);
}

/**
 * 拿回 inside a joint step: the answer of `taskId` is taken out of the counts and its co-department gets a
 * new instance (the old one's slot counts as removed). Only while the step runs. In a sequential step only
 * the latest answer can be taken back: the instance it opened (the next in order) is cancelled and both
 * are queued again, in order, before the instances not yet started (whether that next instance was
 * already acted on is the caller's rule).
 */
export function reopenJointInstance(exec: Execution, t: Of<'reopenJointInstance'>): void {
  const found = exec.state.scopes.find(
    (s) => s.kind === 'multiInstanceBody' && (s.mi?.opinionTasks ?? []).includes(t.taskId),
  );
  const node = found ? exec.node(found.elementId) : undefined;
  if (!found?.mi || !node?.multiInstance)
    throw new EngineError(EngineErrorCode.NOT_REOPENABLE, `no running joint step holds an answer of ${t.taskId}`);
  const sequential = node.multiInstance.sequential;
  const answers = found.mi.opinionTasks ?? [];
  if (sequential && answers.indexOf(t.taskId) !== answers.length - 1)
    throw new EngineError(
      EngineErrorCode.NOT_REOPENABLE,
      `${t.taskId} is not the latest answer of the sequential step ${node.id}: later departments answered after it`,
      node.id,
    );
  const body = exec.writableScope(found);
  const mi = body.mi;
  if (!mi) return;
  const at = (mi.opinionTasks ?? []).indexOf(t.taskId);
  const [opinion] = mi.opinions.splice(at, 1);
  mi.opinionTasks = (mi.opinionTasks ?? []).filter((_, i) => i !== at);
  const kind = outcomeKind(opinion?.outcome);
  if (kind === 'approved') mi.approved--;
  if (kind === 'rejected') mi.rejected--;
  mi.completed--;
  const slots = mi.total + (mi.removed ?? 0);
  const items = mi.items ? [...mi.items] : Array.from({ length: slots }, () => null);
  const assignees = mi.assignees ? [...mi.assignees] : Array.from({ length: slots }, () => null);
  const department = opinion?.department ?? null;
  const index = items.findIndex((x) => departmentOf(x) === department);
  const reopened = index >= 0 ? items[index] : (opinion?.department ?? null);
  if (sequential) {
    const running = exec.state.scopes.filter((x) => x.kind === 'multiInstanceItem' && x.parentScopeId === body.id);
    const again = running.map((r) => Number(r.variables.loopCounter));
    for (const r of running) exec.cancelScope(r);
    items.splice(mi.nextIndex, 0, reopened, ...again.map((k) => items[k] ?? null));
    assignees.splice(mi.nextIndex, 0, t.assignee, ...again.map((k) => assignees[k] ?? null));
    mi.removed = (mi.removed ?? 0) + 1 + running.length;
  } else {
    items.push(reopened);
    assignees.push(t.assignee);
    mi.removed = (mi.removed ?? 0) + 1;
  }
  mi.items = items;
  mi.assignees = assignees;
  syncVariables(body);
  startItem(exec, body, node);
}

/** The department an element stands for: a code, or an object with a department field. */
function departmentOf(x: unknown): unknown {
  return x !== null && typeof x === 'object' && 'department' in x ? x.department : x;
}

function findUserTask(exec: Execution, taskId: string): { task: TaskRecord; token: Token } {
  const task = exec.state.tasks.find((x) => x.taskId === taskId && x.kind === 'user');
  const token = task ? exec.token(task.tokenId) : undefined;
  if (!task || !token) throw new EngineError(EngineErrorCode.TASK_NOT_FOUND, `no open user task ${taskId}`);
  return { task, token };
}

/** Replaces a task record (records are shared with the caller's state, so never edited in place). */
function replaceTask(exec: Execution, task: TaskRecord, patch: Partial<TaskRecord>): TaskRecord {
  const next = { ...task, ...patch };
  exec.state.tasks = exec.state.tasks.map((x) => (x.taskId === task.taskId ? next : x));
  exec.emit({
    type: 'task.signersChanged',
    taskId: next.taskId,
    elementId: next.elementId,
    signers: { heldBy: [...(next.heldBy ?? [])], after: [...(next.after ?? [])] },
  });
  return next;
}

/** Opens a signer's task on the signed task's token. */
export function openSignerTask(
  exec: Execution,
  of: TaskRecord,
  mode: 'before' | 'after' | 'parallel',
  assignee: string,
  department: string | null,
): string {
  const node = exec.node(of.elementId);
  const taskId = exec.newId();
  const candidateDepartments = department ? [department] : [...of.candidateDepartments];
  exec.state.tasks.push({
    ...of,
    taskId,
    createdAt: exec.now,
    assignee,
    candidateDepartments,
    sign: { of: of.taskId, mode },
    heldBy: undefined,
    after: undefined,
  });
  exec.emit({
    type: 'task.created',
    taskId,
    elementId: node.id,
    name: node.name,
    step: node.step,
    candidateDepartments,
    candidateRoles: [],
    candidateUsers: [assignee],
    assignee,
    outcomes: [...of.outcomes],
    dueAt: of.dueAt,
    silenceConsent: false,
    multiInstance: null,
    jointOpinions: null,
    sign: { of: of.taskId, mode },
  });
  return taskId;
}

export function addSigner(exec: Execution, t: Of<'addSigner'>): void {
  const { task, token } = findUserTask(exec, t.taskId);
  if (task.sign || exec.isInnerInstance(token)) {
    throw new EngineError(
      EngineErrorCode.SIGN_NOT_ALLOWED,
      task.sign
        ? `task ${t.taskId} is an added signer's task`
        : `task ${t.taskId} is an instance of a joint step: add a co-department or person to the step instead`,
      task.elementId,
    );
  }
  const department = t.department ?? null;
  if (t.mode === 'after') {
    replaceTask(exec, task, { after: [...(task.after ?? []), { assignee: t.assignee, department }] });
    return;
  }
  const signerId = openSignerTask(exec, task, t.mode, t.assignee, department);
  if (t.mode === 'before') replaceTask(exec, task, { heldBy: [...(task.heldBy ?? []), signerId] });
}

export function removeSigner(exec: Execution, t: Of<'removeSigner'>): void {
  const { task } = findUserTask(exec, t.taskId);
  if (t.signerTaskId) {
    const signer = exec.state.tasks.find((x) => x.taskId === t.signerTaskId && x.sign?.of === task.taskId);
    if (!signer)
      throw new EngineError(EngineErrorCode.SIGNER_NOT_FOUND, `task ${t.taskId} has no open signer ${t.signerTaskId}`);
    exec.state.tasks = exec.state.tasks.filter((x) => x.taskId !== signer.taskId);
    exec.emit({ type: 'task.cancelled', taskId: signer.taskId, elementId: signer.elementId });
    if (task.heldBy?.includes(signer.taskId))
      replaceTask(exec, task, { heldBy: task.heldBy.filter((x) => x !== signer.taskId) });
    return;
  }
  const queued = (task.after ?? []).findIndex((a) => a.assignee === t.assignee);
  if (queued < 0)
    throw new EngineError(
      EngineErrorCode.SIGNER_NOT_FOUND,
      `task ${t.taskId} has no queued signer ${t.assignee ?? ''}`,
    );
  replaceTask(exec, task, { after: (task.after ?? []).filter((_, i) => i !== queued) });
}

/**
 * Called by the user task when one of the token's tasks is completed (already removed from the state).
 * Returns true when the token may leave: no task of it is left open.
 */
export function signerCompleted(exec: Execution, token: Token, done: TaskRecord, outcome: string | null): boolean {
  if (done.sign) {
    const of = exec.state.tasks.find((x) => x.taskId === done.sign?.of);
    if (done.sign.mode === 'before' && of?.heldBy)
      replaceTask(exec, of, { heldBy: of.heldBy.filter((x) => x !== done.taskId) });
    if (done.sign.mode !== 'before' && isRejectOutcome(outcome) && outcome && token.signReject === undefined)
      token.signReject = outcome;
  } else {
    for (const a of done.after ?? []) openSignerTask(exec, done, 'after', a.assignee, a.department);
  }
  return !exec.state.tasks.some((x) => x.tokenId === token.id);
}
