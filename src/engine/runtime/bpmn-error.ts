/**
 * BPMN error propagation (error end events, throwBpmnError from external tasks). Search order, innermost
 * first: the throwing activity's error boundaries; then for each enclosing scope instance its error event
 * subprocesses, then the error boundaries of the activity that holds the scope. A boundary/start without
 * errorRef or errorCode catches every error. Uncaught: the instance fails (deviation: Camunda 7 ends the
 * execution silently; an approval case must not look "completed" after an unhandled error).
 */
import type { Variables } from '../contract.js';
import type { FlowNode } from '../model/process-model.js';
import { findEventSubProcessStart, triggerEventSubProcess } from './event-subprocess.js';
import type { Execution } from './execution.js';
import type { Token } from './state.js';

export interface ThrownError {
  fromToken: Token | null;
  scopeId: string;
  errorCode: string | null;
  message: string | null;
  elementId: string;
  variables?: Variables;
}

function catches(node: FlowNode, code: string | null): boolean {
  return node.eventKind === 'error' && (node.errorCode === null || node.errorCode === code);
}

function boundaryFor(exec: Execution, token: Token, code: string | null): FlowNode | null {
  if (exec.isInnerInstance(token)) return null;
  const host = exec.node(token.elementId);
  const ids = host.boundaryIds.map((id) => exec.node(id));
  return (
    ids.find((b) => b.eventKind === 'error' && b.errorCode === code && code !== null) ??
    ids.find((b) => catches(b, code)) ??
    null
  );
}

function fireBoundary(exec: Execution, host: Token, boundary: FlowNode, err: ThrownError): void {
  exec.cancelToken(host);
  const t = exec.createToken(boundary.id, host.scopeId);
  exec.setVariables(t.scopeId, err.variables);
}

export function throwBpmnError(exec: Execution, err: ThrownError): void {
  if (err.fromToken) {
    const b = boundaryFor(exec, err.fromToken, err.errorCode);
    if (b) return fireBoundary(exec, err.fromToken, b, err);
  }
  for (let scope = exec.scope(err.scopeId); scope; scope = exec.scope(scope.parentScopeId)) {
    const start = findEventSubProcessStart(exec, scope, (s) => catches(s, err.errorCode));
    if (start) {
      triggerEventSubProcess(exec, scope, { ...start, interrupting: true }, err.variables);
      return;
    }
    const holder = exec.token(scope.parentTokenId);
    const b = holder ? boundaryFor(exec, holder, err.errorCode) : null;
    if (holder && b) return fireBoundary(exec, holder, b, err);
  }
  exec.state.error = { code: err.errorCode, message: err.message, elementId: err.elementId };
  exec.emit({
    type: 'incident.raised',
    elementId: err.elementId,
    taskId: null,
    message: `uncaught BPMN error ${err.errorCode ?? '(no code)'}`,
  });
  exec.endInstance('failed', 'error', err.elementId);
}
