import { CompileCode } from '../../errors/compile-codes.js';
import { isActivity } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

/** A boundary event is attached to an activity of the same scope. */
export const boundaryRule: ValidationRule = {
  name: 'boundary',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.type === 'boundaryEvent')
      .filter((n) => {
        const host = draft.nodes.get(n.attachedTo ?? '');
        return !host || !isActivity(host) || host.scopeId !== n.scopeId || host.isEventSubProcess;
      })
      .map((n) => nodeError(CompileCode.BOUNDARY_WITHOUT_ACTIVITY, n, `${n.id} is not attached to an activity`)),
};
