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
  // Working-day arithmetic refused a date/amount given by the caller (or reached from it).
  'CALENDAR.OUT_OF_RANGE': 400,
  'CALENDAR.INVALID_DATE': 400,
  'CALENDAR.INVALID_AMOUNT': 400,
};

export function engineErrorStatus(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  const code = e.code;
  if (typeof code !== 'string' || !(code.startsWith('ENGINE.') || code.startsWith('CALENDAR.'))) return undefined;
  return STATUS[code] ?? 422;
}
