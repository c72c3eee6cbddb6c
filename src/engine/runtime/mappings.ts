/**
 * Variables an element sends out through its mappings (a call activity's inputs, a signal throw's
 * payload): every variable its scope sees when `all`, then each mapping evaluated in that scope.
 */
import type { Variables } from '../contract.js';
import type { VariableMapping } from '../model/process-model.js';
import type { Execution } from './execution.js';

export function mappedVariables(
  exec: Execution,
  scopeId: string,
  elementId: string,
  all: boolean,
  mappings: readonly VariableMapping[],
): Variables {
  const out: Variables = all ? { ...exec.variables(scopeId) } : {};
  for (const m of mappings) out[m.target] = exec.evaluate(m.source, scopeId, elementId);
  return out;
}
