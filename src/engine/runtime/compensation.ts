/**
 * Compensation (BPMN 2.0 §10.6.5; Camunda 7 semantics). A completed activity that can be undone leaves a
 * CompensationRecord in the scope instance it completed in. A throw compensates the records of its scope
 * (the scope around an event subprocess when thrown from one), most recent first, or only those of its
 * activityRef: each record becomes a 'compensation' scope owned by the throwing token (the coordinator),
 * which waits until the last of them completes. A record's unit is
 * - its handler (associated with the compensation boundary event), run with the instance's local variables;
 * - for a subprocess without one, the subprocess's scope revived under its old id with its variables: its
 *   compensation event subprocess if it has one, else its own records compensated the same way.
 * Only completed activities have records: an interrupted one has none. A compensated record is removed;
 * records whose scope is gone (cancelled, or a subprocess that was not kept) are pruned after each command.
 */
import type { FlowNode } from '../model/process-model.js';
import { findEventSubProcessStart, triggerEventSubProcess } from './event-subprocess.js';
import type { Execution } from './execution.js';
import type { CompensationRecord, EngineState, ScopeInstance, Token } from './state.js';

function hasCompensationStart(exec: Execution, scope: ScopeInstance): boolean {
  return findEventSubProcessStart(exec, scope, (s) => s.eventKind === 'compensate') !== null;
}

/**
 * Called when an activity completes normally (a subprocess with the scope instance that just completed).
 * The body of a multi-instance activity records nothing itself: each of its instances did, and they become
 * compensable now that the whole activity completed.
 */
export function recordCompletion(exec: Execution, token: Token, node: FlowNode, inner?: ScopeInstance): void {
  if (node.isForCompensation) return;
  const records = exec.state.compensations ?? [];
  if (node.multiInstance && !exec.isInnerInstance(token)) {
    // The body completed: its instances' records become compensable.
    if (records.some((r) => r.pendingBody === token.id))
      exec.state.compensations = records.map((r) => (r.pendingBody === token.id ? omitPending(r) : r));
    return;
  }
  if (node.type === 'subProcess' && !inner) return; // recorded with its scope instance (lifecycle)
  const keep =
    node.compensationHandler !== null ||
    (inner !== undefined && (hasCompensationStart(exec, inner) || records.some((r) => r.scopeId === inner.id)));
  if (!keep) return;
  const record: CompensationRecord = {
    elementId: node.id,
    scopeId: token.scopeId,
    innerScopeId: inner?.id ?? null,
    variables: {},
  };
  const item = exec.scope(token.scopeId);
  if (item?.kind === 'multiInstanceItem' && item.elementId === node.id) {
    const body = exec.scope(item.parentScopeId);
    record.variables = { ...item.variables };
    record.scopeId = body?.parentScopeId ?? record.scopeId;
    if (body?.parentTokenId) record.pendingBody = body.parentTokenId;
  }
  if (inner) record.variables = { ...record.variables, ...inner.variables };
  exec.state.compensations = [...records, record];
}

function omitPending(r: CompensationRecord): CompensationRecord {
  const { pendingBody: _done, ...rest } = r;
  return rest;
}

/** The scope instance whose records a throw in `scopeId` compensates: event subprocesses belong to their parent. */
export function compensationScope(exec: Execution, scopeId: string): ScopeInstance | undefined {
  let scope = exec.scope(scopeId);
  while (scope?.kind === 'eventSubProcess') scope = exec.scope(scope.parentScopeId);
  return scope;
}

/**
 * Starts compensating the records of `scope` (those of `activityRef` only, when given), most recent first,
 * as units owned by `coordinator`. Returns how many started: 0 means there was nothing to compensate.
 */
export function startCompensation(
  exec: Execution,
  coordinator: Token,
  scope: ScopeInstance,
  activityRef: string | null,
  thrownBy: string,
): number {
  const all = exec.state.compensations ?? [];
  const chosen = all.filter(
    (r) => r.scopeId === scope.id && !r.pendingBody && (activityRef === null || r.elementId === activityRef),
  );
  if (chosen.length === 0) return 0;
  exec.state.compensations = all.filter((r) => !chosen.includes(r));
  let started = 0;
  for (const record of chosen.reverse()) if (startUnit(exec, record, scope, coordinator, thrownBy)) started++;
  return started;
}

function startUnit(
  exec: Execution,
  record: CompensationRecord,
  scope: ScopeInstance,
  coordinator: Token,
  thrownBy: string,
): boolean {
  const node = exec.node(record.elementId);
  const handlerId = node.compensationHandler;
  if (handlerId !== null) {
    const unit = exec.createScope('compensation', handlerId, scope.id, coordinator.id, { ...record.variables });
    unit.compensates = node.id;
    exec.emit({ type: 'compensation.started', elementId: node.id, handlerId, thrownBy });
    exec.createToken(handlerId, unit.id);
    return true;
  }
  if (record.innerScopeId === null) return false;
  // A subprocess without a handler: its scope comes back under its old id, so its own records are in it again.
  const revived: ScopeInstance = {
    id: record.innerScopeId,
    elementId: node.id,
    kind: 'compensation',
    parentScopeId: scope.id,
    parentTokenId: coordinator.id,
    variables: { ...record.variables },
    mi: null,
    compensates: node.id,
  };
  const start = findEventSubProcessStart(exec, revived, (s) => s.eventKind === 'compensate');
  const inner = (exec.state.compensations ?? []).some((r) => r.scopeId === revived.id);
  if (!start && !inner) return false;
  exec.state.scopes.push(revived);
  exec.emit({ type: 'compensation.started', elementId: node.id, handlerId: start?.scopeId ?? null, thrownBy });
  if (start) {
    triggerEventSubProcess(exec, revived, start);
    return true;
  }
  // Its own activities, by a coordinator waiting at the subprocess inside the revived scope.
  const inside = exec.createToken(node.id, revived.id);
  exec.wait(inside, 'compensation');
  inside.onCompensated = 'consume';
  startCompensation(exec, inside, revived, null, thrownBy);
  return true;
}

/** Makes `token` wait for the units it started, then `then` (see finishCoordinator). */
export function awaitCompensation(exec: Execution, token: Token, then: NonNullable<Token['onCompensated']>): void {
  exec.wait(token, 'compensation');
  token.onCompensated = then;
}

/** A 'compensation' scope completed: its coordinator continues once it was the last of its units. */
export function unitCompleted(exec: Execution, unit: ScopeInstance, finish: (exec: Execution, t: Token) => void): void {
  const handlerId = unit.elementId === unit.compensates ? null : unit.elementId;
  exec.emit({ type: 'compensation.completed', elementId: unit.compensates ?? unit.elementId, handlerId });
  const coordinator = exec.token(unit.parentTokenId);
  if (coordinator?.wait !== 'compensation') return;
  if (exec.state.scopes.some((s) => s.parentTokenId === coordinator.id)) return;
  finish(exec, coordinator);
}

/**
 * Drops the records no throw can reach any more: their scope is gone and no kept subprocess record points to
 * it, or their multi-instance body was interrupted.
 */
export function pruneCompensations(state: EngineState): void {
  const records = state.compensations;
  if (!records || records.length === 0) return;
  const reachable = new Set(state.scopes.map((s) => s.id));
  const kept = new Set<CompensationRecord>();
  for (let grew = true; grew;) {
    grew = false;
    for (const r of records) {
      if (kept.has(r) || !reachable.has(r.scopeId)) continue;
      kept.add(r);
      if (r.innerScopeId !== null) reachable.add(r.innerScopeId);
      grew = true;
    }
  }
  if (kept.size === records.length) return;
  state.compensations = records.filter((r) => kept.has(r));
}
