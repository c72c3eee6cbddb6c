/**
 * What each Trigger does to a running instance. Every lookup failure throws a coded EngineError before
 * anything is changed on the caller's state (advance() works on a copy anyway).
 */
import type { JointOpinion, Trigger, Variables } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import { asText } from '../expressions/feel.js';
import { throwBpmnError } from './bpmn-error.js';
import { triggerEventSubProcess } from './event-subprocess.js';
import type { Execution } from './execution.js';
import { recordOpinion } from './multi-instance.js';
import type { JobRecord, SubscriptionRecord, TaskRecord, Token } from './state.js';
import { nextCycle } from './timers.js';

type Of<T extends Trigger['type']> = Extract<Trigger, { type: T }>;

function findTask(exec: Execution, taskId: string, kind: TaskRecord['kind']): { task: TaskRecord; token: Token } {
  const task = exec.state.tasks.find((t) => t.taskId === taskId && t.kind === kind);
  const token = task ? exec.token(task.tokenId) : undefined;
  if (!task || !token) throw new EngineError(EngineErrorCode.TASK_NOT_FOUND, `no open ${kind} task ${taskId}`);
  return { task, token };
}

function removeTask(exec: Execution, task: TaskRecord): void {
  exec.state.tasks = exec.state.tasks.filter((t) => t.taskId !== task.taskId);
}

function departmentOf(exec: Execution, token: Token, task: TaskRecord, actorDept: string | undefined): string | null {
  const node = exec.node(task.elementId);
  const ev = node.multiInstance?.elementVariable;
  const el = ev ? exec.variables(token.scopeId)[ev] : undefined;
  if (typeof el === 'string') return el;
  if (el && typeof el === 'object' && 'department' in el) return asText(el.department);
  return actorDept ?? task.candidateDepartments[0] ?? null;
}

export function completeTask(exec: Execution, t: Of<'completeTask'>, silence = false): void {
  const { task, token } = findTask(exec, t.taskId, 'user');
  const outcome = t.outcome ?? null;
  if (task.outcomes.length > 0 && !outcome) {
    throw new EngineError(
      EngineErrorCode.OUTCOME_REQUIRED,
      `task ${task.taskId} needs one of: ${task.outcomes.join(', ')}`,
      task.elementId,
    );
  }
  if (outcome && task.outcomes.length > 0 && !task.outcomes.includes(outcome)) {
    throw new EngineError(
      EngineErrorCode.OUTCOME_NOT_ALLOWED,
      `outcome '${outcome}' is not one of ${task.outcomes.join(', ')}`,
      task.elementId,
    );
  }
  exec.setVariables(token.scopeId, t.variables);
  if (outcome) exec.setVariable(token.scopeId, 'outcome', outcome);
  const opinion: JointOpinion = {
    department: departmentOf(exec, token, task, t.actor?.department),
    assignee: t.actor?.id ?? task.assignee,
    outcome,
    opinion: t.opinion ?? null,
    completedAt: exec.now,
  };
  recordOpinion(exec, token.scopeId, opinion);
  removeTask(exec, task);
  if (silence)
    exec.state.jobs = exec.state.jobs.filter((j) => !(j.tokenId === token.id && j.purpose === 'silenceConsent'));
  exec.emit({
    type: 'task.completed',
    taskId: task.taskId,
    elementId: task.elementId,
    outcome,
    opinion: t.opinion ?? null,
  });
  exec.leave(token);
}

export function completeExternalTask(exec: Execution, t: Of<'completeExternalTask'>): void {
  const { task, token } = findTask(exec, t.taskId, 'external');
  exec.setVariables(token.scopeId, t.variables);
  removeTask(exec, task);
  exec.leave(token);
}

export function failExternalTask(exec: Execution, t: Of<'failExternalTask'>): void {
  const { task } = findTask(exec, t.taskId, 'external');
  // wait records are shared with the caller's state (copy-on-write): replace, never edit
  exec.state.tasks = exec.state.tasks.map((x) =>
    x === task ? { ...task, retries: t.retries, lastError: t.errorMessage } : x,
  );
  if (t.retries <= 0)
    exec.emit({ type: 'incident.raised', elementId: task.elementId, taskId: task.taskId, message: t.errorMessage });
}

export function throwError(exec: Execution, t: Of<'throwBpmnError'>): void {
  const { task, token } = findTask(exec, t.taskId, 'external');
  removeTask(exec, task);
  throwBpmnError(exec, {
    fromToken: token,
    scopeId: token.scopeId,
    errorCode: t.errorCode,
    message: t.errorMessage ?? null,
    elementId: task.elementId,
    variables: t.variables,
  });
}

export function completeCallActivity(exec: Execution, t: Of<'completeCallActivity'>): void {
  const call = exec.state.calls.find((c) => c.callId === t.callId);
  const token = call ? exec.token(call.tokenId) : undefined;
  if (!call || !token) throw new EngineError(EngineErrorCode.CALL_NOT_FOUND, `no running call activity ${t.callId}`);
  const node = exec.node(call.elementId);
  const child: Variables = t.variables ?? {};
  if (node.call?.outAll) exec.setVariables(token.scopeId, child);
  for (const m of node.call?.outMappings ?? [])
    exec.setVariable(token.scopeId, m.target, exec.evaluate(m.source, token.scopeId, node.id, child));
  exec.state.calls = exec.state.calls.filter((c) => c.callId !== call.callId);
  exec.leave(token);
}

/** A wait fired by a timer or a message: continue its owner according to its purpose. */
function continueWait(
  exec: Execution,
  w: JobRecord | SubscriptionRecord,
  variables: Variables | undefined,
  rearmed: boolean,
): void {
  const node = exec.node(w.elementId);
  const owner = exec.token(w.tokenId);
  switch (w.purpose) {
    case 'catch':
      if (!owner) break;
      exec.setVariables(owner.scopeId, variables);
      return exec.leave(owner);
    case 'eventGateway': {
      if (!owner) break;
      exec.setVariables(owner.scopeId, variables);
      const gw = exec.node(owner.elementId);
      exec.emit({ type: 'element.left', elementId: gw.id, name: gw.name, elementType: gw.type });
      exec.closeOwnedWaits(owner);
      owner.fired = true;
      return exec.takeFlows(owner, [w.viaFlowId ?? '']);
    }
    case 'boundary': {
      if (!owner) break;
      if (node.interrupting) exec.cancelToken(owner);
      const t = exec.createToken(node.id, owner.scopeId);
      exec.setVariables(t.scopeId, variables);
      return;
    }
    case 'eventSubProcess': {
      const scope = exec.scope(w.scopeId);
      if (!scope) break;
      if (!node.interrupting && !rearmed && 'subscriptionId' in w) exec.state.subscriptions.push(w);
      return triggerEventSubProcess(exec, scope, node, variables);
    }
    case 'silenceConsent': {
      const task = exec.state.tasks.find((x) => x.tokenId === w.tokenId && x.kind === 'user');
      if (!task) break;
      return completeTask(
        exec,
        {
          type: 'completeTask',
          taskId: task.taskId,
          outcome: task.outcomes.includes('agree') ? 'agree' : 'approve',
          opinion: '超时默认同意',
        },
        true,
      );
    }
  }
  throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `wait for ${w.elementId} has no owner`, w.elementId);
}

export function fireTimer(exec: Execution, t: Of<'fireTimer'>): void {
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

export function correlateMessage(exec: Execution, t: Of<'correlateMessage'>): void {
  const sub = exec.state.subscriptions.find((s) => s.subscriptionId === t.subscriptionId);
  if (!sub) throw new EngineError(EngineErrorCode.SUBSCRIPTION_NOT_FOUND, `no open subscription ${t.subscriptionId}`);
  exec.state.subscriptions = exec.state.subscriptions.filter((s) => s.subscriptionId !== sub.subscriptionId);
  const node = exec.node(sub.elementId);
  const stays = (sub.purpose === 'eventSubProcess' || sub.purpose === 'boundary') && !node.interrupting;
  if (stays) exec.state.subscriptions.push(sub);
  else exec.emit({ type: 'subscription.closed', subscriptionId: sub.subscriptionId, elementId: sub.elementId });
  continueWait(exec, sub, t.variables, true);
}
