/** Domain events, published on the EventBus after the transaction commits (and kept in the outbox). */
export class CaseDomainEvent {
  constructor(
    readonly id: string,
    readonly type: string,
    readonly caseId: string,
    readonly payload: Record<string, unknown>,
    readonly occurredAt: string,
  ) {}
}

export const EVENT_TYPES = [
  'case.created',
  'case.status_changed',
  'task.created',
  'task.completed',
  'case.ended',
  'alert.raised',
  'incident.raised',
  'escalation.raised',
  'signal.received',
  'signal.thrown',
  'compensation.started',
  'compensation.completed',
  // Time rules (ADR 0015): pauses with their causes, and extensions in two steps with the applicant notice.
  'case.clock_paused',
  'case.clock_resumed',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
  'case.applicant_notified',
  // Task operations about people (ADR 0018).
  'case.copied',
  'task.urged',
  'task.proxied',
  'task.assignee_empty',
] as const;
