/**
 * Multi-instance (parallel and sequential) on tasks, subprocesses and call activities. The activity's token
 * waits on a body scope holding nrOf* variables and the joint counts; each instance runs in an item scope with
 * loopCounter and the element variable. After each instance: the completionCondition, then tb:jointPolicy
 * (ALL | ANY | QUORUM:n | VETO) decide whether the body is done; remaining instances are cancelled. When done,
 * jointResult and jointOpinions are written and handed to the next user task.
 */
import type { JointOpinion } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import type { FlowNode, JointPolicy, MultiInstanceDef } from '../model/process-model.js';
import { parseJointPolicy } from '../model/node-attributes.js';
import type { Execution } from './execution.js';
import type { ScopeInstance, Token } from './state.js';
import { outcomeKind } from './outcomes.js';
import { openBoundaries } from './waits.js';

function def(node: FlowNode): MultiInstanceDef {
  if (!node.multiInstance)
    throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} is not multi-instance`, node.id);
  return node.multiInstance;
}

/** Callers pass a scope made writable (exec.writableScope). */
function syncVariables(body: ScopeInstance): void {
  const mi = body.mi;
  if (!mi) return;
  const active = mi.nextIndex - mi.completed - (mi.removed ?? 0);
  Object.assign(body.variables, {
    nrOfInstances: mi.total,
    nrOfCompletedInstances: mi.completed,
    nrOfActiveInstances: active,
    nrOfApproved: mi.approved,
    nrOfRejected: mi.rejected,
  });
}

export function startItem(exec: Execution, scope: ScopeInstance, node: FlowNode): void {
  const body = exec.writableScope(scope);
  const mi = body.mi;
  if (!mi) return;
  const index = mi.nextIndex++;
  const vars: Record<string, unknown> = { loopCounter: index };
  const ev = def(node).elementVariable;
  if (ev) vars[ev] = mi.items ? (mi.items[index] ?? null) : null;
  const item = exec.createScope('multiInstanceItem', node.id, body.id, null, vars);
  exec.createToken(node.id, item.id);
  syncVariables(body);
}

export function enterMultiInstanceBody(exec: Execution, token: Token, node: FlowNode): void {
  const mi = def(node);
  let items: unknown[] | null = null;
  let total: number;
  if (mi.collection) {
    const v = exec.evaluate(mi.collection, token.scopeId, node.id);
    if (!Array.isArray(v)) {
      throw new EngineError(
        EngineErrorCode.EXPRESSION_FAILED,
        `${node.id}: collection '${mi.collection.source}' is not a list`,
        node.id,
      );
    }
    items = v;
    total = v.length;
  } else {
    const n = mi.cardinality ? exec.evaluate(mi.cardinality, token.scopeId, node.id) : 0;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new EngineError(
        EngineErrorCode.EXPRESSION_FAILED,
        `${node.id}: loopCardinality is not a non-negative integer`,
        node.id,
      );
    }
    total = n;
  }
  exec.spendSteps(mi.sequential ? Math.min(total, 1) : total, node.id);
  exec.wait(token, 'multiInstance');
  const body = exec.createScope('multiInstanceBody', node.id, token.scopeId, token.id);
  body.mi = { total, items, nextIndex: 0, completed: 0, approved: 0, rejected: 0, opinions: [] };
  syncVariables(body);
  openBoundaries(exec, token, node);
  if (total === 0) return finishBody(exec, body, node);
  const first = mi.sequential ? 1 : total;
  for (let i = 0; i < first; i++) startItem(exec, body, node);
}

/** The MI body scope enclosing a scope (nearest), if any. */
export function enclosingBody(exec: Execution, scopeId: string): ScopeInstance | undefined {
  for (let s = exec.scope(scopeId); s; s = exec.scope(s.parentScopeId)) if (s.kind === 'multiInstanceBody') return s;
  return undefined;
}

export function recordOpinion(exec: Execution, scopeId: string, opinion: JointOpinion, taskId?: string): void {
  const found = enclosingBody(exec, scopeId);
  if (!found?.mi) return;
  const body = exec.writableScope(found);
  if (!body.mi) return;
  body.mi.opinions.push(opinion);
  // Which task gave each opinion, so that 拿回 can take exactly that one back.
  if (taskId) {
    const tasks = body.mi.opinionTasks ?? body.mi.opinions.slice(0, -1).map(() => null);
    body.mi.opinionTasks = [...tasks, taskId];
  }
  const kind = outcomeKind(opinion.outcome);
  if (kind === 'approved') body.mi.approved++;
  if (kind === 'rejected') body.mi.rejected++;
  syncVariables(body);
}

export function verdict(
  mi: MultiInstanceDef,
  body: ScopeInstance,
  exec: Execution,
  node: FlowNode,
): 'approved' | 'rejected' | null {
  const s = body.mi;
  if (!s) return null;
  const all = s.completed >= s.total;
  const byCounts = s.rejected > 0 ? 'rejected' : 'approved';
  if (mi.completionCondition && exec.condition(mi.completionCondition, body.id, node.id)) return byCounts;
  const policy = resolvePolicy(mi.policy, exec, body, node);
  switch (policy.kind) {
    case 'ALL':
      return all ? byCounts : null;
    case 'ANY':
      return s.approved > 0 ? 'approved' : all ? 'rejected' : null;
    case 'VETO':
      return s.rejected > 0 ? 'rejected' : all ? 'approved' : null;
    case 'QUORUM': {
      if (s.approved >= policy.n) return 'approved';
      return s.approved + (s.total - s.completed) < policy.n ? 'rejected' : null;
    }
  }
}

/** A policy given as `=expr` is read from the case's variables each time it is needed. */
function resolvePolicy(
  policy: JointPolicy,
  exec: Execution,
  body: ScopeInstance,
  node: FlowNode,
): Exclude<JointPolicy, { kind: 'EXPR' }> {
  if (policy.kind !== 'EXPR') return policy;
  const value = exec.evaluate(policy.expr, body.id, node.id);
  const parsed = typeof value === 'string' ? parseJointPolicy(value) : null;
  if (!parsed) {
    throw new EngineError(
      EngineErrorCode.EXPRESSION_FAILED,
      `${node.id}: joint policy ${JSON.stringify(value)} is not ALL, ANY, QUORUM:n or VETO`,
      node.id,
    );
  }
  return parsed;
}

export { syncVariables };

export function itemCompleted(exec: Execution, item: ScopeInstance): void {
  const found = exec.scope(item.parentScopeId);
  if (!found?.mi) return;
  const body = exec.writableScope(found);
  if (!body.mi) return;
  const node = exec.node(body.elementId);
  body.mi.completed++;
  syncVariables(body);
  const result = verdict(def(node), body, exec, node);
  if (result !== null) return finishBody(exec, body, node, result);
  continueSequence(exec, body, node);
}

/** A sequential body starts its next instance (instances removed by 减签 were started, so they count as taken). */
export function continueSequence(exec: Execution, body: ScopeInstance, node: FlowNode): void {
  if (def(node).sequential && body.mi && body.mi.nextIndex < body.mi.total + (body.mi.removed ?? 0))
    startItem(exec, body, node);
}

export function finishBody(
  exec: Execution,
  body: ScopeInstance,
  node: FlowNode,
  result: 'approved' | 'rejected' = 'approved',
): void {
  const holder = exec.token(body.parentTokenId);
  const opinions = body.mi?.opinions ?? [];
  exec.cancelScope(body); // cancels the instances still running (task.cancelled etc.)
  if (!holder) return;
  exec.setVariable(holder.scopeId, 'jointResult', result);
  exec.setVariable(holder.scopeId, 'jointOpinions', opinions);
  holder.jointOpinions = opinions;
  exec.leave(holder);
}
