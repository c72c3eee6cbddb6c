/**
 * task, manualTask, and service/send/businessRule tasks without any implementation: BPMN "abstract task"
 * semantics, completed immediately. Also the none intermediate throw event and the message intermediate throw
 * event (deviation: the message is not sent anywhere; model an external task to send one).
 */
import type { Behaviour } from './behaviour.js';
import { openBoundaries } from '../waits.js';

export const passThroughBehaviour: Behaviour = {
  enter(exec, token, node) {
    openBoundaries(exec, token, node);
    exec.leave(token);
  },
};
