/**
 * Embedded subprocess: a child scope instance started at its none start event; its event subprocesses'
 * start events are armed. The parent token waits and leaves when the child scope has no tokens left.
 */
import { openBoundaries, startScope } from '../waits.js';
import type { Behaviour } from './behaviour.js';

export const subProcessBehaviour: Behaviour = {
  enter(exec, token, node) {
    exec.wait(token, 'scope');
    const scope = exec.createScope('subProcess', node.id, token.scopeId, token.id);
    openBoundaries(exec, token, node);
    startScope(exec, scope);
  },
};
