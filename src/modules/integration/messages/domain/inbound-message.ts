import type { Variables } from '../../../../engine/index.js';
import type { CaseCommand } from '../../../cases/domain/case-port.js';

/** A message as the correlation code handles it, whether it arrived just now or waited in the buffer. */
export interface InboundMessage {
  name: string;
  messageId: string | null;
  variables: Variables;
  sender: { id: string; name: string; department: string | null };
  buffered?: boolean;
}

export interface CorrelationTarget {
  caseId: string;
  elementId: string;
  started?: boolean;
}

/**
 * Correlates one message to one open subscription of the session's (locked) case. The messageId
 * becomes the timeline entry's idempotency key, so a duplicate racing the first one on the same case
 * is recognised after the row lock and not correlated twice. Null when the subscription is gone.
 */
export async function correlateInSession(
  s: CaseCommand,
  subscriptionId: string,
  msg: InboundMessage,
): Promise<CorrelationTarget | null> {
  const key = msg.messageId ? `message:${msg.sender.id}:${msg.messageId}` : null;
  if (key) {
    const [done] = await s.tx.query<{ element_id: string }>(
      'SELECT element_id FROM case_event WHERE case_id = $1 AND idempotency_key = $2',
      [s.row.id, key],
    );
    if (done) return { caseId: s.row.id, elementId: done.element_id };
  }
  // The engine's own record of its waits, read with the locked case: no query needed.
  const open = s.state.subscriptions.find((x) => x.subscriptionId === subscriptionId);
  if (!open) return null;
  const sub = { element_id: open.elementId };
  await s.timeline({
    type: 'message.correlated',
    elementId: sub.element_id,
    name: msg.name,
    data: {
      messageName: msg.name,
      messageId: msg.messageId,
      subscriptionId,
      sender: msg.sender,
      variables: Object.keys(msg.variables),
      ...(msg.buffered ? { buffered: true } : {}),
    },
    idempotencyKey: key,
  });
  await s.advance({ type: 'correlateMessage', subscriptionId, variables: msg.variables });
  return { caseId: s.row.id, elementId: sub.element_id };
}
