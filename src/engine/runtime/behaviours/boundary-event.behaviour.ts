/**
 * Boundary event: the token is created by the trigger (timer, message, error) on the attached activity's
 * token; interrupting ones cancel that activity first (runtime/triggers). Here it simply leaves.
 */
import type { Behaviour } from './behaviour.js';

export const boundaryEventBehaviour: Behaviour = {
  enter: (exec, token) => exec.leave(token),
};
