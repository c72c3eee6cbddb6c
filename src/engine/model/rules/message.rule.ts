import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/** Catching message events and receive tasks need a named message to subscribe to. */
export const messageRule: ValidationRule = {
  name: 'message',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter(
        (n) =>
          n.message !== null && n.message.name === '' && n.type !== 'endEvent' && n.type !== 'intermediateThrowEvent',
      )
      .map((n) => nodeError(CompileCode.MESSAGE_WITHOUT_NAME, n, `${n.id} has no message (messageRef)`)),
};
