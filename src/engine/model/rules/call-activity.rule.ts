import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/** A call activity names the called process by a static key (calledElement or zeebe:calledElement processId). */
export const callActivityRule: ValidationRule = {
  name: 'call-activity',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.type === 'callActivity' && !n.call?.processKey)
      .map((n) =>
        nodeError(
          CompileCode.CALL_ACTIVITY_WITHOUT_KEY,
          n,
          `${n.id}: call activity needs a static calledElement process key`,
        ),
      ),
};
