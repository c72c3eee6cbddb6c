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
] as const;
