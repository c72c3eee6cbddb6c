/**
 * Call activity: emits callActivity.started (process key, input variables) and waits for
 * completeCallActivity. Inputs: all variables (default, or camunda:in variables="all") plus mappings
 * (camunda:in source/sourceExpression, zeebe:input). Outputs: the child's variables (camunda:out
 * variables="all") plus mappings evaluated against them, applied when the child completes; names the
 * trigger lists as protected (the parent's routing variables) are never written back.
 */
import type { Variables } from '../../contract.js';
import { asText } from '../../expressions/feel.js';
import { throwEscalation } from '../escalation.js';
import { mappedVariables } from '../mappings.js';
import { openBoundaries } from '../waits.js';
import type { Behaviour } from './behaviour.js';

export const callActivityBehaviour: Behaviour = {
  enter(exec, token, node) {
    const call = node.call;
    const processKey = call?.processKey ?? '';
    const variables = mappedVariables(exec, token.scopeId, node.id, call?.inAll ?? false, call?.inMappings ?? []);
    const bk = call?.businessKey ? exec.evaluate(call.businessKey, token.scopeId, node.id) : exec.state.businessKey;
    const callId = exec.newId();
    exec.wait(token, 'call');
    exec.state.calls.push({ callId, elementId: node.id, tokenId: token.id, processKey });
    exec.emit({
      type: 'callActivity.started',
      callId,
      elementId: node.id,
      processKey,
      variables,
      businessKey: asText(bk),
    });
    openBoundaries(exec, token, node);
  },

  /** The called case raised an escalation nothing in it caught: it is raised here, at the call activity. */
  escalateCall(exec, token, call, t) {
    throwEscalation(exec, {
      atActivity: token,
      scopeId: token.scopeId,
      code: t.escalationCode,
      elementId: call.elementId,
    });
  },

  completeCallActivity(exec, token, call, t) {
    const node = exec.node(call.elementId);
    const child: Variables = t.variables ?? {};
    const guarded = new Set(t.protectedVariables ?? []);
    if (node.call?.outAll) {
      const copied: Variables = {};
      for (const [name, value] of Object.entries(child)) if (!guarded.has(name)) copied[name] = value;
      exec.setVariables(token.scopeId, copied);
    }
    for (const m of node.call?.outMappings ?? [])
      if (!guarded.has(m.target))
        exec.setVariable(token.scopeId, m.target, exec.evaluate(m.source, token.scopeId, node.id, child));
    exec.state.calls = exec.state.calls.filter((c) => c.callId !== call.callId);
    exec.leave(token);
  },
};
