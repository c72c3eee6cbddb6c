/** A validation rule inspects one process draft and reports coded problems. One rule per file. */
import type { CompileError } from '../../contract.js';
import type { Draft } from '../builder.js';
import type { FlowNode } from '../process-model.js';

export interface ValidationRule {
  readonly name: string;
  check(draft: Draft): CompileError[];
}

export function nodeError(code: string, node: FlowNode, message: string): CompileError {
  return { code, message, elementId: node.id, elementType: node.bpmnType.replace('bpmn:', '') };
}
