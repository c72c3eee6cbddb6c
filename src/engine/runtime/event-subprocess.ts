/**
 * Event subprocess triggering. Interrupting: every token of the scope instance is cancelled (with its
 * waits) and the scope's other event-subprocess waits are closed; non-interrupting: the scope keeps running
 * and the start wait stays armed (a timer cycle is rescheduled by the caller). Either way a token waits at
 * the event-subprocess node and a child scope runs from the triggered start event.
 */
import type { Variables } from '../contract.js';
import type { FlowNode } from '../model/process-model.js';
import type { Execution } from './execution.js';
import type { ScopeInstance } from './state.js';
import { openEventSubProcessStarts } from './waits.js';

export function triggerEventSubProcess(
  exec: Execution,
  scope: ScopeInstance,
  start: FlowNode,
  variables?: Variables,
): void {
  const esp = exec.node(start.scopeId);
  if (start.interrupting) {
    for (const t of exec.state.tokens.filter((x) => x.scopeId === scope.id)) exec.cancelToken(t);
    for (const child of exec.state.scopes.filter((s) => s.parentScopeId === scope.id)) exec.cancelScope(child);
    exec.closeScopeWaits(scope);
  }
  exec.setVariables(scope.id, variables);
  const holder = exec.createToken(esp.id, scope.id);
  exec.emit({ type: 'element.entered', elementId: esp.id, name: esp.name, elementType: esp.type });
  exec.wait(holder, 'scope');
  const inner = exec.createScope('eventSubProcess', esp.id, scope.id, holder.id);
  // The triggered start event runs first; nested event subprocesses of the event subprocess are armed too.
  openEventSubProcessStarts(exec, inner);
  exec.createToken(start.id, inner.id);
}

/** Finds the event subprocess start event in a scope definition matching a predicate. */
export function findEventSubProcessStart(
  exec: Execution,
  scope: ScopeInstance,
  match: (start: FlowNode) => boolean,
): FlowNode | null {
  if (scope.kind === 'multiInstanceBody' || scope.kind === 'multiInstanceItem') return null;
  for (const espId of exec.model.scopes.get(scope.elementId)?.eventSubProcessIds ?? []) {
    const startId = exec.model.scopes.get(espId)?.startEventIds[0];
    const start = startId ? exec.model.nodes.get(startId) : undefined;
    if (start && match(start)) return start;
  }
  return null;
}
