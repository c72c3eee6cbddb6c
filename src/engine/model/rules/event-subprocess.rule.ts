import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/** Start events an event subprocess may have. */
const ESP_START_KINDS = ['message', 'timer', 'error', 'escalation', 'signal', 'conditional', 'compensate'];

/** An event subprocess has no sequence flows in or out and exactly one start event of a kind it can be triggered by. */
export const eventSubProcessRule: ValidationRule = {
  name: 'event-subprocess',
  check(draft) {
    const errors: CompileError[] = [];
    for (const node of draft.nodes.values()) {
      if (!node.isEventSubProcess) continue;
      if (node.incoming.length > 0 || node.outgoing.length > 0) {
        errors.push(
          nodeError(
            CompileCode.INVALID_EVENT_SUBPROCESS,
            node,
            'an event subprocess cannot have incoming or outgoing sequence flows',
          ),
        );
      }
      if (node.multiInstance)
        errors.push(
          nodeError(CompileCode.INVALID_EVENT_SUBPROCESS, node, 'an event subprocess cannot be multi-instance'),
        );
      const starts = draft.scopes.get(node.id)?.startEventIds ?? [];
      const start = starts.length === 1 ? draft.nodes.get(starts[0] ?? '') : undefined;
      if (!start || !ESP_START_KINDS.includes(start.eventKind ?? '')) {
        if (start?.type !== 'unsupported') {
          errors.push(
            nodeError(
              CompileCode.INVALID_EVENT_SUBPROCESS,
              node,
              'an event subprocess needs exactly one message, timer, error, escalation, signal, conditional or compensation start event',
            ),
          );
        }
      }
    }
    return errors;
  },
};
