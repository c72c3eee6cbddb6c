import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import type { FlowNode } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

/** Start events that only an event subprocess may have (a process starts by message, timer, signal or none). */
const ESP_ONLY = ['error', 'escalation', 'conditional'];

/**
 * A process needs a start event (at most one none start); an embedded subprocess exactly one none start
 * event; error start events only in event subprocesses (checked by the event-subprocess rule).
 */
export const startEventsRule: ValidationRule = {
  name: 'start-events',
  check(draft) {
    const errors: CompileError[] = [];
    for (const scope of draft.scopes.values()) {
      const starts = scope.startEventIds.map((id) => draft.nodes.get(id)).filter((n): n is FlowNode => n !== undefined);
      const container = draft.nodes.get(scope.id);
      if (container?.isEventSubProcess) continue;
      if (scope.kind === 'process') {
        if (starts.length === 0) {
          errors.push({
            code: CompileCode.NO_START_EVENT,
            message: `process ${scope.id} has no start event`,
            elementId: scope.id,
            elementType: 'Process',
          });
        }
        if (starts.filter((s) => s.eventKind === 'none').length > 1) {
          errors.push({
            code: CompileCode.MULTIPLE_NONE_START_EVENTS,
            message: `process ${scope.id} has more than one none start event`,
            elementId: scope.id,
            elementType: 'Process',
          });
        }
        for (const s of starts.filter((n) => ESP_ONLY.includes(n.eventKind ?? ''))) {
          errors.push(
            nodeError(
              CompileCode.INVALID_START_EVENT,
              s,
              `${s.eventKind ?? ''} start events are only allowed in event subprocesses`,
            ),
          );
        }
      } else if (container) {
        if (starts.length === 0)
          errors.push(
            nodeError(CompileCode.NO_START_EVENT, container, `subprocess ${container.id} has no start event`),
          );
        if (starts.length > 1)
          errors.push(
            nodeError(
              CompileCode.INVALID_START_EVENT,
              container,
              `subprocess ${container.id} has more than one start event`,
            ),
          );
        for (const s of starts.filter((n) => n.eventKind !== 'none' && n.type !== 'unsupported')) {
          errors.push(
            nodeError(
              CompileCode.INVALID_START_EVENT,
              s,
              `a ${s.eventKind ?? ''} start event is only allowed in an event subprocess`,
            ),
          );
        }
      }
    }
    return errors;
  },
};
