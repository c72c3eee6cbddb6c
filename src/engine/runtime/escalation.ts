/**
 * Escalation (BPMN 2.0 §10.5.4): thrown by an intermediate throw or end event — or raised at a call
 * activity by its called case — and caught by the nearest catcher, innermost first: the call activity's
 * own escalation boundaries (escalateCall); then, for each enclosing scope instance, its escalation event
 * subprocesses, then the escalation boundaries of the activity holding the scope. At each level a catcher
 * with the exact code wins over one without a code (which catches every escalation). An interrupting
 * catcher cancels what it interrupts; a non-interrupting one runs beside it and the thrower goes on.
 * Uncaught, nothing happens but the effect: escalation is not an error, the instance continues (spec).
 */
import type { FlowNode } from '../model/process-model.js';
import { findEventSubProcessStart, triggerEventSubProcess } from './event-subprocess.js';
import type { Execution } from './execution.js';
import type { Token } from './state.js';

export interface ThrownEscalation {
  /** The call activity's token when a called case escalates; null for a throw event. */
  atActivity: Token | null;
  scopeId: string;
  code: string | null;
  elementId: string;
}

function matches(node: FlowNode, code: string | null, exact: boolean): boolean {
  if (node.eventKind !== 'escalation') return false;
  return exact ? code !== null && node.escalationCode === code : node.escalationCode === null;
}

function boundaryOf(exec: Execution, holder: Token, code: string | null): FlowNode | null {
  if (exec.isInnerInstance(holder)) return null;
  const bounds = exec.node(holder.elementId).boundaryIds.map((id) => exec.node(id));
  return bounds.find((b) => matches(b, code, true)) ?? bounds.find((b) => matches(b, code, false)) ?? null;
}

function fireBoundary(exec: Execution, holder: Token, boundary: FlowNode, code: string | null): void {
  if (boundary.interrupting) exec.cancelToken(holder);
  const t = exec.createToken(boundary.id, holder.scopeId);
  if (boundary.escalationCodeVariable) exec.setVariable(t.scopeId, boundary.escalationCodeVariable, code);
}

/** Throws an escalation; answers the catching element's id, or null when nothing caught it. */
export function throwEscalation(exec: Execution, esc: ThrownEscalation): string | null {
  const raised = (caughtBy: string | null): string | null => {
    exec.emit({ type: 'escalation.raised', elementId: esc.elementId, escalationCode: esc.code, caughtBy });
    return caughtBy;
  };
  if (esc.atActivity) {
    const b = boundaryOf(exec, esc.atActivity, esc.code);
    if (b) {
      raised(b.id);
      fireBoundary(exec, esc.atActivity, b, esc.code);
      return b.id;
    }
  }
  // An escalation thrown inside an event subprocess is not caught by that same event subprocess again.
  let runningEsp: string | null = null;
  for (let scope = exec.scope(esc.scopeId); scope; scope = exec.scope(scope.parentScopeId)) {
    const skip = runningEsp;
    const start =
      findEventSubProcessStart(exec, scope, (s) => s.scopeId !== skip && matches(s, esc.code, true)) ??
      findEventSubProcessStart(exec, scope, (s) => s.scopeId !== skip && matches(s, esc.code, false));
    if (start) {
      raised(start.id);
      const vars = start.escalationCodeVariable ? { [start.escalationCodeVariable]: esc.code } : undefined;
      triggerEventSubProcess(exec, scope, start, vars);
      return start.id;
    }
    runningEsp = scope.kind === 'eventSubProcess' ? scope.elementId : null;
    const holder = exec.token(scope.parentTokenId);
    const b = holder ? boundaryOf(exec, holder, esc.code) : null;
    if (holder && b) {
      raised(b.id);
      fireBoundary(exec, holder, b, esc.code);
      return b.id;
    }
  }
  return raised(null);
}
