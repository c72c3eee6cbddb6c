/**
 * serviceTask / sendTask / businessRuleTask with a topic: an external task (externalTask.created) that a
 * worker completes (completeExternalTask), fails (failExternalTask; retries 0 → incident.raised) or ends with
 * a BPMN error (throwBpmnError, caught by error boundaries/event subprocesses).
 */
import { throwBpmnError } from '../bpmn-error.js';
import type { Execution } from '../execution.js';
import type { TaskRecord } from '../state.js';
import { openBoundaries } from '../waits.js';
import type { Behaviour } from './behaviour.js';
import { passThroughBehaviour } from './pass-through.behaviour.js';

function removeTask(exec: Execution, task: TaskRecord): void {
  exec.state.tasks = exec.state.tasks.filter((t) => t.taskId !== task.taskId);
}

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

  completeExternalTask(exec, token, task, t) {
    exec.setVariables(token.scopeId, t.variables);
    removeTask(exec, task);
    exec.leave(token);
  },

  failExternalTask(exec, _token, task, t) {
    // wait records are shared with the caller's state (copy-on-write): replace, never edit
    exec.state.tasks = exec.state.tasks.map((x) =>
      x === task ? { ...task, retries: t.retries, lastError: t.errorMessage } : x,
    );
    if (t.retries <= 0)
      exec.emit({ type: 'incident.raised', elementId: task.elementId, taskId: task.taskId, message: t.errorMessage });
  },

  throwBpmnError(exec, token, task, t) {
    removeTask(exec, task);
    throwBpmnError(exec, {
      fromToken: token,
      scopeId: token.scopeId,
      errorCode: t.errorCode,
      message: t.errorMessage ?? null,
      elementId: task.elementId,
      variables: t.variables,
    });
  },
};
