/**
 * Compensation intermediate throw and end event. Compensates the completed activities of its scope (or of
 * its activityRef), see runtime/compensation.ts. waitForCompletion (the default): the token waits at the
 * event until the last handler completed, then leaves (throw) or ends (end event). waitForCompletion="false"
 * on a throw: the flow continues at once; a token left at the event waits for the handlers, so the scope
 * does not complete before them. Nothing to compensate: the event is passed at once.
 */
import { awaitCompensation, compensationScope, startCompensation } from '../compensation.js';
import type { Behaviour } from './behaviour.js';

export const compensationThrowBehaviour: Behaviour = {
  enter(exec, token, node) {
    const isEnd = node.type === 'endEvent';
    if (isEnd) exec.emit({ type: 'element.left', elementId: node.id, name: node.name, elementType: node.type });
    const scope = compensationScope(exec, token.scopeId);
    const activityRef = node.compensation?.activityRef ?? null;
    const waits = isEnd || node.compensation?.waitForCompletion !== false;
    const coordinator = waits ? token : exec.createToken(node.id, token.scopeId);
    awaitCompensation(exec, coordinator, waits && !isEnd ? 'leave' : 'consume');
    const started = scope ? startCompensation(exec, coordinator, scope, activityRef, node.id) : 0;
    if (started === 0) {
      if (coordinator !== token) exec.removeToken(coordinator);
      delete coordinator.onCompensated;
      if (isEnd) return exec.consume(token);
      return exec.leave(token);
    }
    if (!waits) exec.leave(token);
  },
};
