/**
 * User task: creates one task (task.created) and waits for completeTask, which checks the outcome, records
 * the opinion (joint approval) and leaves. Assignment comes from tb:/camunda:/zeebe: attributes (comma lists
 * or expressions), tb:timeLimit gives dueAt (working days/hours through the calendar), tb:silenceConsent
 * schedules a job at dueAt whose firing completes the task as 'agree'/'approve' (超时默认同意).
 */
import type { JointOpinion } from '../../contract.js';
import { EngineError, EngineErrorCode } from '../../errors/engine-error.js';
import { asText } from '../../expressions/feel.js';
import type { FlowNode, ValueSpec } from '../../model/process-model.js';
import type { Execution } from '../execution.js';
import { recordOpinion } from '../multi-instance.js';
import { outcomeProblem } from '../outcomes.js';
import type { TaskRecord, Token } from '../state.js';
import { dueAtFromTimeLimit } from '../timers.js';
import { signerCompleted } from '../signers.js';
import { openBoundaries } from '../waits.js';
import type { Behaviour, TriggerOf } from './behaviour.js';

export function resolveSpec(exec: Execution, spec: ValueSpec, token: Token, elementId: string): string[] {
  if (spec.kind === 'list') return [...spec.values];
  const v = exec.evaluate(spec.expr, token.scopeId, elementId);
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => asText(x) ?? '');
  return (asText(v) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function miInfo(
  exec: Execution,
  token: Token,
  node: FlowNode,
): { index: number; elementVariable: string | null; element: unknown } | null {
  if (!exec.isInnerInstance(token)) return null;
  const scope = exec.scope(token.scopeId);
  const ev = node.multiInstance?.elementVariable ?? null;
  const index = scope?.variables.loopCounter;
  return {
    index: typeof index === 'number' ? index : 0,
    elementVariable: ev,
    element: ev ? (scope?.variables[ev] ?? null) : null,
  };
}

/** A person added to a joint step (加签) is the assignee of their instance. */
function addedAssignee(exec: Execution, token: Token): string | null {
  if (!exec.isInnerInstance(token)) return null;
  const item = exec.scope(token.scopeId);
  const index = item?.variables.loopCounter;
  const body = item ? exec.scope(item.parentScopeId) : undefined;
  return typeof index === 'number' ? (body?.mi?.assignees?.[index] ?? null) : null;
}

/** The department an opinion is recorded for: the MI element (a co-department), else the actor's, else the task's. */
function departmentOf(exec: Execution, token: Token, task: TaskRecord, actorDept: string | undefined): string | null {
  const ev = exec.node(task.elementId).multiInstance?.elementVariable;
  const el = ev ? exec.variable(token.scopeId, ev) : undefined;
  if (typeof el === 'string') return el;
  if (el && typeof el === 'object' && 'department' in el) return asText(el.department);
  return actorDept ?? task.candidateDepartments[0] ?? null;
}

function complete(
  exec: Execution,
  token: Token,
  task: TaskRecord,
  t: TriggerOf<'completeTask'>,
  silence: boolean,
): void {
  if (task.heldBy?.length)
    throw new EngineError(
      EngineErrorCode.TASK_HELD,
      `task ${task.taskId} waits for its before-signers (${task.heldBy.join(', ')})`,
      task.elementId,
    );
  const outcome = t.outcome ?? null;
  const problem = outcomeProblem(task.outcomes, outcome);
  if (problem) {
    const message =
      problem === 'OUTCOME_REQUIRED'
        ? `task ${task.taskId} needs one of: ${task.outcomes.join(', ')}`
        : `outcome '${outcome ?? ''}' is not one of ${task.outcomes.join(', ')}`;
    throw new EngineError(EngineErrorCode[problem], message, task.elementId);
  }
  exec.setVariables(token.scopeId, t.variables);
  // An added signer's answer is the step's only through signReject (below); the assignee's is the step's own.
  if (outcome && !task.sign) exec.setVariable(token.scopeId, 'outcome', outcome);
  if (!task.sign)
    recordOpinion(
      exec,
      token.scopeId,
      {
        department: departmentOf(exec, token, task, t.actor?.department),
        assignee: t.actor?.id ?? task.assignee,
        outcome,
        opinion: t.opinion ?? null,
        completedAt: exec.now,
      },
      task.taskId,
    );
  exec.state.tasks = exec.state.tasks.filter((x) => x.taskId !== task.taskId);
  if (silence)
    exec.state.jobs = exec.state.jobs.filter((j) => !(j.tokenId === token.id && j.purpose === 'silenceConsent'));
  exec.emit({
    type: 'task.completed',
    taskId: task.taskId,
    elementId: task.elementId,
    outcome,
    opinion: t.opinion ?? null,
  });
  // 加签: the step leaves with its last task; a parallel/after signer's rejection is its outcome.
  if (!signerCompleted(exec, token, task, outcome)) return;
  if (token.signReject !== undefined) {
    exec.setVariable(token.scopeId, 'outcome', token.signReject);
    delete token.signReject;
  }
  exec.leave(token);
}

export const userTaskBehaviour: Behaviour = {
  completeTask: (exec, token, task, trigger) => complete(exec, token, task, trigger, false),

  /** The silence-consent job fired: the task completes as agreed. */
  fired(exec, _node, { wait, owner }) {
    const task = exec.state.tasks.find((x) => x.tokenId === wait.tokenId && x.kind === 'user');
    if (!task || !owner) return false;
    const outcome = task.outcomes.includes('agree') ? 'agree' : 'approve';
    complete(exec, owner, task, { type: 'completeTask', taskId: task.taskId, outcome, opinion: '超时默认同意' }, true);
    return true;
  },

  enter(exec, token, node) {
    const def = node.userTask;
    if (!def) throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} is not a user task`, node.id);
    const taskId = exec.newId();
    const dueAt = dueAtFromTimeLimit(exec.ctx, node.timeLimit, node.id);
    const candidateDepartments = resolveSpec(exec, def.candidateDepartments, token, node.id);
    const assignee = addedAssignee(exec, token) ?? resolveSpec(exec, def.assignee, token, node.id)[0] ?? null;
    const jointOpinions: JointOpinion[] | null = token.jointOpinions ?? null;
    delete token.jointOpinions;
    exec.wait(token, 'task');
    exec.state.tasks.push({
      taskId,
      kind: 'user',
      elementId: node.id,
      tokenId: token.id,
      createdAt: exec.now,
      outcomes: [...def.outcomes],
      assignee,
      candidateDepartments,
      dueAt,
      topic: null,
      retries: null,
      lastError: null,
    });
    exec.emit({
      type: 'task.created',
      taskId,
      elementId: node.id,
      name: node.name,
      step: node.step,
      candidateDepartments,
      candidateRoles: resolveSpec(exec, def.candidateRoles, token, node.id),
      candidateUsers: resolveSpec(exec, def.candidateUsers, token, node.id),
      assignee,
      outcomes: [...def.outcomes],
      dueAt,
      silenceConsent: def.silenceConsent,
      multiInstance: miInfo(exec, token, node),
      jointOpinions,
    });
    if (def.silenceConsent && dueAt) {
      const jobId = exec.newId();
      exec.state.jobs.push({
        jobId,
        elementId: node.id,
        purpose: 'silenceConsent',
        tokenId: token.id,
        scopeId: token.scopeId,
        dueAt,
        cycle: null,
        viaFlowId: null,
      });
      exec.emit({ type: 'job.scheduled', jobId, kind: 'timer', elementId: node.id, dueAt });
    }
    openBoundaries(exec, token, node);
  },
};
