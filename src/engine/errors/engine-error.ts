/**
 * Runtime errors thrown by advance()/start(). The caller keeps its previous state when one is thrown,
 * because advance() never mutates its input. `code` is stable and survives a JSON round trip (toJSON).
 */
export const EngineErrorCode = {
  NO_OUTGOING_FLOW: 'ENGINE.NO_OUTGOING_FLOW',
  TASK_NOT_FOUND: 'ENGINE.TASK_NOT_FOUND',
  OUTCOME_REQUIRED: 'ENGINE.OUTCOME_REQUIRED',
  OUTCOME_NOT_ALLOWED: 'ENGINE.OUTCOME_NOT_ALLOWED',
  JOB_NOT_FOUND: 'ENGINE.JOB_NOT_FOUND',
  SUBSCRIPTION_NOT_FOUND: 'ENGINE.SUBSCRIPTION_NOT_FOUND',
  CALL_NOT_FOUND: 'ENGINE.CALL_NOT_FOUND',
  INSTANCE_ENDED: 'ENGINE.INSTANCE_ENDED',
  INVALID_MODIFICATION: 'ENGINE.INVALID_MODIFICATION',
  EXPRESSION_FAILED: 'ENGINE.EXPRESSION_FAILED',
  INVALID_START: 'ENGINE.INVALID_START',
  CALENDAR_MISSING: 'ENGINE.CALENDAR_MISSING',
  UNSUPPORTED_STATE: 'ENGINE.UNSUPPORTED_STATE',
  /** 加签/减签: the joint step is not running exactly once. */
  JOINT_STEP_NOT_ACTIVE: 'ENGINE.JOINT_STEP_NOT_ACTIVE',
  /** 减签: the task is not an open instance of a joint step (or is an added signer's task). */
  NOT_A_JOINT_INSTANCE: 'ENGINE.NOT_A_JOINT_INSTANCE',
  /** 减签 would leave a joint step without any instance. */
  LAST_JOINT_INSTANCE: 'ENGINE.LAST_JOINT_INSTANCE',
  /** 拿回: no running joint step holds an answer of this task (or the step is sequential). */
  NOT_REOPENABLE: 'ENGINE.NOT_REOPENABLE',
  /** A task held by its before-signers (前加签) cannot be completed until they have. */
  TASK_HELD: 'ENGINE.TASK_HELD',
  /** Person-level 加签 is for ordinary user tasks; it is refused on a joint instance or an added signer's task. */
  SIGN_NOT_ALLOWED: 'ENGINE.SIGN_NOT_ALLOWED',
  /** 减签 of a signer the task does not have (or whose task is no longer open). */
  SIGNER_NOT_FOUND: 'ENGINE.SIGNER_NOT_FOUND',
  /** More element entries in one command than ctx.limits.maxSteps: a loop that never reaches a wait state. */
  STEP_BUDGET_EXCEEDED: 'ENGINE.STEP_BUDGET_EXCEEDED',
  /** An expression would iterate more than its budget allows (it was not run). */
  EXPR_BUDGET_EXCEEDED: 'EXPR.BUDGET_EXCEEDED',
  /** A regular expression that could backtrack catastrophically (it was not run). */
  EXPR_UNSAFE_PATTERN: 'EXPR.UNSAFE_PATTERN',
} as const;

export type EngineErrorCodeValue = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly code: string,
    message: string,
    readonly elementId?: string,
  ) {
    super(message);
  }

  toJSON(): { type: 'EngineError'; code: string; message: string; elementId?: string } {
    return { type: 'EngineError', code: this.code, message: this.message, elementId: this.elementId };
  }
}
