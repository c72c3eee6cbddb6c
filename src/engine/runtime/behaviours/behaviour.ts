import type { Trigger, Variables } from '../../contract.js';
import type { FlowNode } from '../../model/process-model.js';
import type { Execution } from '../execution.js';
import type { CallRecord, JobRecord, SubscriptionRecord, TaskRecord, Token } from '../state.js';

export type TriggerOf<T extends Trigger['type']> = Extract<Trigger, { type: T }>;

/** A timer or message that an element waits for has fired (runtime/triggers found and removed the wait). */
export interface FiredWait {
  readonly wait: JobRecord | SubscriptionRecord;
  /** The token that owns the wait (undefined for scope-owned waits, or when it is gone). */
  readonly owner: Token | undefined;
  readonly variables: Variables | undefined;
  /** A non-interrupting timer cycle has already been rescheduled. */
  readonly rearmed: boolean;
}

/**
 * One small behaviour per BPMN element: what happens when a token arrives (enter) and what the triggers
 * addressed to what it opened do — its task, its call, its timers and messages. runtime/triggers only
 * finds the addressed record and hands it to the behaviour of the element that opened it.
 */
export interface Behaviour {
  enter(exec: Execution, token: Token, node: FlowNode): void;
  completeTask?(exec: Execution, token: Token, task: TaskRecord, trigger: TriggerOf<'completeTask'>): void;
  completeExternalTask?(
    exec: Execution,
    token: Token,
    task: TaskRecord,
    trigger: TriggerOf<'completeExternalTask'>,
  ): void;
  failExternalTask?(exec: Execution, token: Token, task: TaskRecord, trigger: TriggerOf<'failExternalTask'>): void;
  throwBpmnError?(exec: Execution, token: Token, task: TaskRecord, trigger: TriggerOf<'throwBpmnError'>): void;
  completeCallActivity?(
    exec: Execution,
    token: Token,
    call: CallRecord,
    trigger: TriggerOf<'completeCallActivity'>,
  ): void;
  escalateCall?(exec: Execution, token: Token, call: CallRecord, trigger: TriggerOf<'escalateCall'>): void;
  /** Returns false when the wait has nobody left to continue (an inconsistent state). */
  fired?(exec: Execution, node: FlowNode, fired: FiredWait): boolean;
}
