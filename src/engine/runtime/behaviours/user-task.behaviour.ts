/**
 * User task: creates one task (task.created) and waits for completeTask. Assignment comes from tb:/camunda:/
 * zeebe: attributes (comma lists or expressions), tb:timeLimit gives dueAt (working days/hours through the
 * calendar), tb:silenceConsent schedules a job at dueAt that completes the task as 'approve'.
 */
import type { JointOpinion } from '../../contract.js';
import { EngineError, EngineErrorCode } from '../../errors/engine-error.js';
import { asText } from '../../expressions/feel.js';
import type { FlowNode, ValueSpec } from '../../model/process-model.js';
import type { Execution } from '../execution.js';
import type { Token } from '../state.js';
import { dueAtFromTimeLimit } from '../timers.js';
import { openBoundaries } from '../waits.js';
import type { Behaviour } from './behaviour.js';

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

export const userTaskBehaviour: Behaviour = {
  enter(exec, token, node) {
    const def = node.userTask;
    if (!def) throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} is not a user task`, node.id);
    const taskId = exec.newId();
    const dueAt = dueAtFromTimeLimit(exec.ctx, node.timeLimit, node.id);
    const candidateDepartments = resolveSpec(exec, def.candidateDepartments, token, node.id);
    const assignee = resolveSpec(exec, def.assignee, token, node.id)[0] ?? null;
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
