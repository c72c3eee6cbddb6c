/**
 * serviceTask / sendTask / businessRuleTask with a topic: an external task (externalTask.created) that a
 * worker completes (completeExternalTask), fails (failExternalTask; retries 0 → incident.raised) or ends with
 * a BPMN error (throwBpmnError, caught by error boundaries/event subprocesses).
 */
import { openBoundaries } from '../waits.js';
import type { Behaviour } from './behaviour.js';
import { passThroughBehaviour } from './pass-through.behaviour.js';

export const externalTaskBehaviour: Behaviour = {
  enter(exec, token, node) {
    if (node.topic === null) return passThroughBehaviour.enter(exec, token, node);
    const taskId = exec.newId();
    exec.wait(token, 'externalTask');
    exec.state.tasks.push({
      taskId,
      kind: 'external',
      elementId: node.id,
      tokenId: token.id,
      createdAt: exec.now,
      outcomes: [],
      assignee: null,
      candidateDepartments: [],
      dueAt: null,
      topic: node.topic,
      retries: null,
      lastError: null,
    });
    exec.emit({ type: 'externalTask.created', taskId, elementId: node.id, topic: node.topic, name: node.name });
    openBoundaries(exec, token, node);
  },
};
