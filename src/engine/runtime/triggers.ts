/**
 * Routes each Trigger to the behaviour of the element that opened what it addresses (its task, call,
 * timer or message). Every lookup failure throws a coded EngineError before anything is changed on the
 * caller's state (advance() works on a copy anyway). What a trigger does lives with the behaviour.
 */
import type { Variables } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import type { FlowNode } from '../model/process-model.js';
import type { Behaviour, TriggerOf } from './behaviours/behaviour.js';
import { BEHAVIOURS } from './behaviours/registry.js';
import type { Execution } from './execution.js';
import type { JobRecord, SubscriptionRecord, TaskRecord, Token } from './state.js';
import { nextCycle } from './timers.js';

type Handler = Exclude<keyof Behaviour, 'enter'>;

function behaviour<K extends Handler>(node: FlowNode, handler: K): NonNullable<Behaviour[K]> {
  const b = node.type === 'unsupported' ? undefined : BEHAVIOURS[node.type][handler];
  if (!b) throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} cannot handle ${handler}`, node.id);
  return b;
}

function findTask(exec: Execution, taskId: string, kind: TaskRecord['kind']): { task: TaskRecord; token: Token } {
  const task = exec.state.tasks.find((t) => t.taskId === taskId && t.kind === kind);
  const token = task ? exec.token(task.tokenId) : undefined;
  if (!task || !token) throw new EngineError(EngineErrorCode.TASK_NOT_FOUND, `no open ${kind} task ${taskId}`);
  return { task, token };
}

export function completeTask(exec: Execution, t: TriggerOf<'completeTask'>): void {
  const { task, token } = findTask(exec, t.taskId, 'user');
  behaviour(exec.node(task.elementId), 'completeTask')(exec, token, task, t);
}

export function completeExternalTask(exec: Execution, t: TriggerOf<'completeExternalTask'>): void {
  const { task, token } = findTask(exec, t.taskId, 'external');
  behaviour(exec.node(task.elementId), 'completeExternalTask')(exec, token, task, t);
}

export function failExternalTask(exec: Execution, t: TriggerOf<'failExternalTask'>): void {
  const { task, token } = findTask(exec, t.taskId, 'external');
  behaviour(exec.node(task.elementId), 'failExternalTask')(exec, token, task, t);
}

export function throwError(exec: Execution, t: TriggerOf<'throwBpmnError'>): void {
  const { task, token } = findTask(exec, t.taskId, 'external');
  behaviour(exec.node(task.elementId), 'throwBpmnError')(exec, token, task, t);
}

export function completeCallActivity(exec: Execution, t: TriggerOf<'completeCallActivity'>): void {
  const call = exec.state.calls.find((c) => c.callId === t.callId);
  const token = call ? exec.token(call.tokenId) : undefined;
  if (!call || !token) throw new EngineError(EngineErrorCode.CALL_NOT_FOUND, `no running call activity ${t.callId}`);
  behaviour(exec.node(call.elementId), 'completeCallActivity')(exec, token, call, t);
}

export function escalateCall(exec: Execution, t: TriggerOf<'escalateCall'>): void {
  const call = exec.state.calls.find((c) => c.callId === t.callId);
  const token = call ? exec.token(call.tokenId) : undefined;
  if (!call || !token) throw new EngineError(EngineErrorCode.CALL_NOT_FOUND, `no running call activity ${t.callId}`);
  behaviour(exec.node(call.elementId), 'escalateCall')(exec, token, call, t);
}

/**
 * A wait fired by a timer or a message: the element that opened it continues. That is the wait's element,
 * except for an event-based gateway, which opened the waits of the events after it.
 */
function continueWait(
  exec: Execution,
  wait: JobRecord | SubscriptionRecord,
  variables: Variables | undefined,
  rearmed: boolean,
): void {
  const owner = exec.token(wait.tokenId);
  const node = wait.purpose === 'eventGateway' && owner ? exec.node(owner.elementId) : exec.node(wait.elementId);
  if (!behaviour(node, 'fired')(exec, node, { wait, owner, variables, rearmed })) {
    throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `wait for ${wait.elementId} has no owner`, wait.elementId);
  }
}

export function fireTimer(exec: Execution, t: TriggerOf<'fireTimer'>): void {
  const job = exec.state.jobs.find((j) => j.jobId === t.jobId);
  if (!job) throw new EngineError(EngineErrorCode.JOB_NOT_FOUND, `no scheduled job ${t.jobId}`);
  exec.state.jobs = exec.state.jobs.filter((j) => j.jobId !== job.jobId);
  const node = exec.node(job.elementId);
  let rearmed = false;
  const keepsRunning = job.purpose === 'eventSubProcess' || (job.purpose === 'boundary' && !node.interrupting);
  if (job.cycle && keepsRunning && !(job.purpose === 'eventSubProcess' && node.interrupting)) {
    const next = nextCycle(exec.ctx, job.cycle, job.dueAt, node.timer?.working ?? false, node.id);
    if (next) {
      const jobId = exec.newId();
      exec.state.jobs.push({ ...job, jobId, dueAt: next.dueAt, cycle: next.cycle });
      exec.emit({ type: 'job.scheduled', jobId, kind: 'timer', elementId: node.id, dueAt: next.dueAt });
      rearmed = true;
    }
  }
  continueWait(exec, job, undefined, rearmed);
}

export function correlateMessage(exec: Execution, t: TriggerOf<'correlateMessage'>): void {
  const sub = exec.state.subscriptions.find((s) => s.subscriptionId === t.subscriptionId && s.kind === undefined);
  if (!sub) throw new EngineError(EngineErrorCode.SUBSCRIPTION_NOT_FOUND, `no open subscription ${t.subscriptionId}`);
  fireSubscription(exec, sub, t.variables);
}

/**
 * A subscription (message, signal, condition) fires: it closes, except a non-interrupting boundary's or
 * event subprocess's, which stays open and may fire again; the element that opened it continues.
 */
export function fireSubscription(exec: Execution, sub: SubscriptionRecord, variables: Variables | undefined): void {
  exec.state.subscriptions = exec.state.subscriptions.filter((s) => s.subscriptionId !== sub.subscriptionId);
  const node = exec.node(sub.elementId);
  const stays = (sub.purpose === 'eventSubProcess' || sub.purpose === 'boundary') && !node.interrupting;
  if (stays) exec.state.subscriptions.push(sub);
  else if (sub.kind === 'signal')
    exec.emit({ type: 'signal.unsubscribed', subscriptionId: sub.subscriptionId, elementId: sub.elementId });
  else if (sub.kind === undefined)
    exec.emit({ type: 'subscription.closed', subscriptionId: sub.subscriptionId, elementId: sub.elementId });
  continueWait(exec, sub, variables, true);
}
