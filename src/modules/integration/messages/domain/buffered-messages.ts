import type { Effect } from '../../../../engine/index.js';
import type { CaseCommand } from '../../../cases/domain/case-port.js';
import { protectedVariablesOf } from '../../../cases/domain/protected-variables.js';
import { takesPartSql } from '../../shared/department-scope.js';
import { correlateInSession } from './inbound-message.js';

type Opened = Extract<Effect, { type: 'subscription.opened' }>;

interface BufferedRow {
  id: string;
  sender: string;
  sender_name: string;
  sender_department: string | null;
  message_id: string | null;
  name: string;
  variables: Record<string, unknown>;
}

/**
 * Registered with the case runner (its effect-handler port) and called after a step's effects are recorded: a subscription that has just opened
 * takes the oldest unexpired buffered message that matches it, in the same transaction. Runs after all
 * effects of the step, so what the correlation cancels (a boundary timer, say) already exists as a row.
 * SKIP LOCKED: two cases opening subscriptions at once never take the same message.
 */
export async function deliverBufferedMessages(s: CaseCommand, effects: readonly Effect[]): Promise<void> {
  const opened = effects.filter((e): e is Opened => e.type === 'subscription.opened');
  // The query below joins the case row: a case this command opens is written first (ADR 0010).
  // The correlation itself reads the engine state, not the subscription rows, so nothing else is.
  if (opened.length > 0 && !s.stored) await s.flush();
  for (const sub of opened) {
    const [msg] = await s.tx.query<BufferedRow>(
      `SELECT m.id, m.sender, m.sender_name, m.sender_department, m.message_id, m.name, m.variables
       FROM inbound_message m, approval_case c
       WHERE c.id = $1 AND m.state = 'buffered' AND m.name = $2 AND m.expires_at > $3
         AND (m.case_id IS NULL OR m.case_id = c.id) AND (m.case_no IS NULL OR m.case_no = c.case_no)
         AND (m.business_key IS NULL OR m.business_key = c.business_key)
         AND (m.correlation_key IS NULL OR m.correlation_key = $4)
         AND ${takesPartSql('c', 'm.sender_department')}
         AND NOT (m.variables ?| $5::text[])
       ORDER BY m.created_at, m.id
       LIMIT 1
       FOR UPDATE OF m SKIP LOCKED`,
      // A message naming a variable this process protects keeps waiting (the sender could not know the process).
      [s.row.id, sub.messageName, s.now, sub.correlationKey, [...protectedVariablesOf(s.model)]],
    );
    if (!msg) continue;
    const target = await correlateInSession(s, sub.subscriptionId, {
      name: msg.name,
      messageId: msg.message_id,
      variables: msg.variables,
      sender: { id: msg.sender, name: msg.sender_name, department: msg.sender_department },
      buffered: true,
    });
    if (!target) continue; // the same step closed the subscription again: the message keeps waiting
    await s.tx.query(
      `UPDATE inbound_message SET state = 'correlated', result = $2, correlated_at = $3, case_id = coalesce(case_id, $4)
       WHERE id = $1`,
      [msg.id, JSON.stringify([target]), s.now, target.caseId],
    );
  }
}
