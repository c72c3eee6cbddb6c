import type { FlowNode } from '../../model/process-model.js';
import type { Execution } from '../execution.js';
import type { Token } from '../state.js';

/** One small behaviour per BPMN element: what happens when a token arrives. Triggers live in runtime/triggers. */
export interface Behaviour {
  enter(exec: Execution, token: Token, node: FlowNode): void;
}
