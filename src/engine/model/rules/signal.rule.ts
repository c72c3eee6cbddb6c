import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/**
 * Signal events name a signal (signalRef with a name): a broadcast is matched by that name. A name with
 * an expression (`${...}`) would make the subscription depend on a case's variables, which the
 * broadcast's match by name cannot see: refused.
 */
export const signalRule: ValidationRule = {
  name: 'signal',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.eventKind === 'signal' && n.type !== 'unsupported')
      .flatMap((n) => {
        if (n.signalName === null || n.signalName === '')
          return [nodeError(CompileCode.SIGNAL_WITHOUT_NAME, n, `${n.id} names no signal (signalRef with a name)`)];
        if (n.signalName.includes('${') || n.signalName.includes('#{'))
          return [
            nodeError(
              CompileCode.EXPR_UNSUPPORTED,
              n,
              `${n.id}: signal name '${n.signalName}' is an expression; signals are matched by a fixed name`,
            ),
          ];
        return [];
      }),
};
