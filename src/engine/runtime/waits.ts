/**
 * Opening waits: timer jobs and message subscriptions, owned either by a token (catch events, receive
 * tasks, boundary events, event-based gateways) or by a scope (event-subprocess start events).
 */
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import { asText } from '../expressions/feel.js';
import type { FlowNode } from '../model/process-model.js';
import type { Execution } from './execution.js';
import type { ScopeInstance, Token, WaitPurpose } from './state.js';
import { planTimer } from './timers.js';

interface Owner {
  tokenId: string | null;
  scopeId: string;
  purpose: WaitPurpose;
  viaFlowId?: string | null;
}

export function scheduleTimer(exec: Execution, node: FlowNode, owner: Owner): void {
  if (!node.timer) throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} has no timer`, node.id);
  const plan = planTimer(exec, node.timer, owner.scopeId, node.id);
  const jobId = exec.newId();
  exec.state.jobs.push({
    jobId,
    elementId: node.id,
    purpose: owner.purpose,
    tokenId: owner.tokenId,
    scopeId: owner.scopeId,
    dueAt: plan.dueAt,
    cycle: plan.cycle,
    viaFlowId: owner.viaFlowId ?? null,
  });
  exec.emit({ type: 'job.scheduled', jobId, kind: 'timer', elementId: node.id, dueAt: plan.dueAt });
}

export function openSubscription(exec: Execution, node: FlowNode, owner: Owner): void {
  const message = node.message;
  if (!message) throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} has no message`, node.id);
  const key = message.correlationKey ? exec.evaluate(message.correlationKey, owner.scopeId, node.id) : null;
  const subscriptionId = exec.newId();
  const correlationKey = asText(key);
  exec.state.subscriptions.push({
    subscriptionId,
    elementId: node.id,
    purpose: owner.purpose,
    tokenId: owner.tokenId,
    scopeId: owner.scopeId,
    messageName: message.name,
    correlationKey,
    viaFlowId: owner.viaFlowId ?? null,
  });
  exec.emit({
    type: 'subscription.opened',
    subscriptionId,
    elementId: node.id,
    messageName: message.name,
    correlationKey,
  });
}

/**
 * A signal or conditional wait: a subscription record of that kind. A signal's is announced (the caller
 * keeps a record a broadcast finds); a conditional one stays inside the state and is evaluated once on
 * entry and then whenever variables change (runtime/conditions.ts).
 */
function openInternalSubscription(exec: Execution, node: FlowNode, owner: Owner, kind: 'signal' | 'conditional'): void {
  const subscriptionId = exec.newId();
  const name = kind === 'signal' ? (node.signalName ?? '') : '';
  exec.state.subscriptions.push({
    subscriptionId,
    elementId: node.id,
    purpose: owner.purpose,
    tokenId: owner.tokenId,
    scopeId: owner.scopeId,
    messageName: name,
    correlationKey: null,
    viaFlowId: owner.viaFlowId ?? null,
    kind,
  });
  if (kind === 'signal') exec.emit({ type: 'signal.subscribed', subscriptionId, elementId: node.id, signalName: name });
  else exec.freshConditions.add(subscriptionId);
}

/** Opens the wait of a node (catch event, boundary, receive task, event-subprocess start). */
export function openEventWait(exec: Execution, node: FlowNode, owner: Owner): void {
  if (node.eventKind === 'timer') scheduleTimer(exec, node, owner);
  else if (node.eventKind === 'message' || node.type === 'receiveTask') openSubscription(exec, node, owner);
  else if (node.eventKind === 'signal' || node.eventKind === 'conditional')
    openInternalSubscription(exec, node, owner, node.eventKind);
}

/** Event kinds whose catchers wait (escalation and error catchers are found when something is thrown). */
const WAITING_KINDS = ['timer', 'message', 'signal', 'conditional'];

/** Waiting boundary events of an activity, owned by the activity's token. Error/escalation boundaries need no wait. */
export function openBoundaries(exec: Execution, token: Token, node: FlowNode): void {
  if (exec.isInnerInstance(token)) return;
  for (const id of node.boundaryIds) {
    const b = exec.node(id);
    if (WAITING_KINDS.includes(b.eventKind ?? ''))
      openEventWait(exec, b, { tokenId: token.id, scopeId: token.scopeId, purpose: 'boundary' });
  }
}

/** Waiting start events of the event subprocesses defined in a scope, owned by the scope instance. */
export function openEventSubProcessStarts(exec: Execution, scope: ScopeInstance): void {
  const def = exec.model.scopes.get(scope.elementId);
  for (const espId of def?.eventSubProcessIds ?? []) {
    const startId = exec.model.scopes.get(espId)?.startEventIds[0];
    const start = startId ? exec.node(startId) : undefined;
    if (start && WAITING_KINDS.includes(start.eventKind ?? '')) {
      openEventWait(exec, start, { tokenId: null, scopeId: scope.id, purpose: 'eventSubProcess' });
    }
  }
}

/** Starts a process, subprocess or event-subprocess scope at its (single or given) start event. */
export function startScope(exec: Execution, scope: ScopeInstance, startEventId?: string): void {
  openEventSubProcessStarts(exec, scope);
  const def = exec.model.scopes.get(scope.elementId);
  const startId =
    startEventId ?? def?.startEventIds.find((id) => exec.node(id).eventKind === 'none') ?? def?.startEventIds[0];
  if (!startId)
    throw new EngineError(
      EngineErrorCode.UNSUPPORTED_STATE,
      `scope ${scope.elementId} has no start event`,
      scope.elementId,
    );
  exec.createToken(startId, scope.id);
}
