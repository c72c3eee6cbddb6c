/** HTTP status for the engine's coded runtime errors (the engine itself knows nothing of HTTP). */
const STATUS: Record<string, number> = {
  'ENGINE.TASK_NOT_FOUND': 404,
  'ENGINE.JOB_NOT_FOUND': 404,
  'ENGINE.SUBSCRIPTION_NOT_FOUND': 404,
  'ENGINE.INSTANCE_ENDED': 409,
  'ENGINE.OUTCOME_REQUIRED': 422,
  'ENGINE.OUTCOME_NOT_ALLOWED': 422,
  'ENGINE.NO_OUTGOING_FLOW': 422,
  'ENGINE.INVALID_MODIFICATION': 422,
  'ENGINE.EXPRESSION_FAILED': 422,
  // 加签/减签 against the state of the step (another command may just have moved it): a conflict.
  'ENGINE.JOINT_STEP_NOT_ACTIVE': 409,
  'ENGINE.NOT_A_JOINT_INSTANCE': 409,
  'ENGINE.LAST_JOINT_INSTANCE': 409,
  'ENGINE.TASK_HELD': 409,
  'ENGINE.SIGN_NOT_ALLOWED': 409,
  'ENGINE.SIGNER_NOT_FOUND': 409,
  // A command that would loop or run a too costly expression: refused, nothing changed.
  'ENGINE.STEP_BUDGET_EXCEEDED': 422,
  'EXPR.BUDGET_EXCEEDED': 422,
  'EXPR.UNSAFE_PATTERN': 422,
  // Working-day arithmetic refused a date/amount given by the caller (or reached from it).
  'CALENDAR.OUT_OF_RANGE': 400,
  'CALENDAR.INVALID_DATE': 400,
  'CALENDAR.INVALID_AMOUNT': 400,
};

export function engineErrorStatus(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  const code = e.code;
  if (typeof code !== 'string' || !/^(ENGINE|EXPR|CALENDAR)\./.test(code)) return undefined;
  return STATUS[code] ?? 422;
}
