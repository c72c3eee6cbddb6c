import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { ClockService } from '../../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { CaseRunner } from '../../../../cases/application/case-runner.js';
import { VariablePolicy } from '../../../../cases/application/variable-policy.js';
import { protectedIn } from '../../../../cases/domain/protected-variables.js';
import { DefinitionModels } from '../../../../definitions/application/definition-models.js';
import { actingDepartment, senderOf, takesPartSql } from '../../../shared/department-scope.js';
import { type CorrelationTarget, correlateInSession, type InboundMessage } from '../../domain/inbound-message.js';
import { MessageStarter } from '../../application/message-starter.js';
import { CorrelateMessageCommand } from './correlate-message.command.js';
import type { CorrelateMessageRequestDto, CorrelateMessageResponseDto } from './correlate-message.request.dto.js';

type Answer = { status: number; body: CorrelateMessageResponseDto };

/** A reservation older than this belongs to a request that died half-way; a retry may take it over. */
const ABANDONED_MS = 60_000;

/**
 * POST /messages: correlates once per matching case (each case in its own transaction, under its row
 * lock), else starts cases at a message start event, else buffers (ttlMs) or answers MESSAGE.NO_MATCH.
 * A messageId is reserved first, so a retry — even one racing the original — changes nothing twice.
 */
@CommandHandler(CorrelateMessageCommand)
export class CorrelateMessageHandler implements ICommandHandler<CorrelateMessageCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseRunner,
    private readonly starter: MessageStarter,
    private readonly clock: ClockService,
    private readonly variablePolicy: VariablePolicy,
    private readonly models: DefinitionModels,
  ) {}

  async execute({ request: req, principal }: CorrelateMessageCommand): Promise<Answer> {
    // Before the messageId is reserved: a refused message is not remembered, its corrected retry is new.
    this.variablePolicy.checkWrite(req.variables);
    const msg: InboundMessage = {
      name: req.name,
      messageId: req.messageId ?? null,
      variables: req.variables ?? {},
      sender: senderOf(principal),
    };
    const logId = randomUUID();
    if (msg.messageId) {
      const replay = await this.reserve(logId, req, principal);
      if (replay) return replay;
    }
    try {
      const answer = await this.deliver(msg, req, principal, logId);
      if (answer.status === 200 && msg.messageId) {
        await this.uow.query(
          `UPDATE inbound_message SET state = 'correlated', result = $2, correlated_at = $3 WHERE id = $1`,
          [logId, JSON.stringify(answer.body.correlated), this.clock.now()],
        );
      }
      return answer;
    } catch (e) {
      // A failed message is not remembered: the sender's retry is treated as new.
      if (msg.messageId)
        await this.uow.query(`DELETE FROM inbound_message WHERE id = $1 AND state = 'received'`, [logId]);
      throw e;
    }
  }

  private async deliver(
    msg: InboundMessage,
    req: CorrelateMessageRequestDto,
    principal: Principal,
    logId: string,
  ): Promise<Answer> {
    const correlated: CorrelationTarget[] = [];
    const subs = await this.matches(req, principal);
    // Every matching case's process is asked first, so a refusal leaves all of them untouched.
    for (const sub of subs) {
      this.variablePolicy.checkWrite(msg.variables, (await this.models.byId(sub.process_definition_id)).model);
    }
    for (const sub of subs) {
      const target = await this.cases.run(sub.case_id, msg.sender, 'DEPT_PUSH', (s) =>
        correlateInSession(s, sub.id, msg),
      );
      if (target) correlated.push(target);
    }
    if (correlated.length === 0 && !req.caseId && !req.caseNo) {
      const started = await this.starter.start(
        msg,
        { businessKey: req.businessKey ?? null, applicant: req.applicant ?? null },
        principal,
      );
      correlated.push(...started);
    }
    if (correlated.length > 0) return { status: 200, body: { correlated } };
    if (req.ttlMs === undefined) {
      throw AppError.notFound(
        'MESSAGE.NO_MATCH',
        `Nothing waits for message ${req.name} with these keys; send ttlMs to keep it until something does`,
      );
    }
    const expiresAt = new Date(this.clock.now().getTime() + req.ttlMs);
    await this.buffer(logId, req, principal, expiresAt, msg.messageId !== null);
    // A subscription that opened between the match above and the buffer insert would not have seen it.
    const late = await this.takeBackFromBuffer(logId, msg, req, principal);
    if (late) return { status: 200, body: { correlated: [late] } };
    return { status: 202, body: { correlated: [], buffered: true, expiresAt: expiresAt.toISOString() } };
  }

  private async takeBackFromBuffer(
    logId: string,
    msg: InboundMessage,
    req: CorrelateMessageRequestDto,
    p: Principal,
  ): Promise<CorrelationTarget | null> {
    for (const sub of await this.matches(req, p)) {
      const target = await this.cases.run(sub.case_id, msg.sender, 'DEPT_PUSH', async (s) => {
        // A process that protects one of its variables does not take it from the buffer either.
        if (protectedIn(msg.variables, s.model).length > 0) return null;
        const [still] = await s.tx.query(
          `SELECT id FROM inbound_message WHERE id = $1 AND state = 'buffered' FOR UPDATE`,
          [logId],
        );
        if (!still) return null;
        const t = await correlateInSession(s, sub.id, { ...msg, buffered: true });
        if (t) {
          await s.tx.query(
            `UPDATE inbound_message SET state = 'correlated', result = $2, correlated_at = $3 WHERE id = $1`,
            [logId, JSON.stringify([t]), s.now],
          );
        }
        return t;
      });
      if (target) return target;
    }
    return null;
  }

  private matches(
    req: CorrelateMessageRequestDto,
    p: Principal,
  ): Promise<{ id: string; case_id: string; process_definition_id: string }[]> {
    // One subscription per case (the oldest): a message moves a case by one step.
    return this.uow.query(
      `SELECT DISTINCT ON (s.case_id) s.id, s.case_id, c.process_definition_id
       FROM message_subscription s JOIN approval_case c ON c.id = s.case_id
       WHERE s.message_name = $1 AND c.ended_at IS NULL AND c.status <> 'SUSPENDED'
         AND ($2::uuid IS NULL OR c.id = $2) AND ($3::text IS NULL OR c.case_no = $3)
         AND ($4::text IS NULL OR c.business_key = $4) AND ($5::text IS NULL OR s.correlation_key = $5)
         AND ${takesPartSql('c', '$6')}
       ORDER BY s.case_id, s.created_at, s.id
       LIMIT 1000`,
      [
        req.name,
        req.caseId ?? null,
        req.caseNo ?? null,
        req.businessKey ?? null,
        req.correlationKey ?? null,
        actingDepartment(p),
      ],
    );
  }

  /** Reserves (sender, messageId); returns the stored answer when the message was seen before. */
  private async reserve(logId: string, req: CorrelateMessageRequestDto, p: Principal): Promise<Answer | null> {
    const now = this.clock.now();
    const inserted = await this.uow.query(
      `INSERT INTO inbound_message (id, sender, sender_name, sender_department, message_id, name, state, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,'received',$7) ON CONFLICT (sender, message_id) WHERE message_id IS NOT NULL
       DO UPDATE SET id = excluded.id, created_at = excluded.created_at
         WHERE inbound_message.state = 'received' AND inbound_message.created_at < $8
       RETURNING id`,
      [logId, p.id, p.name, actingDepartment(p), req.messageId, req.name, now, new Date(now.getTime() - ABANDONED_MS)],
    );
    if (inserted.length > 0) return null;
    const [row] = await this.uow.query<{ state: string; result: CorrelationTarget[] | null; expires_at: Date | null }>(
      'SELECT state, result, expires_at FROM inbound_message WHERE sender = $1 AND message_id = $2',
      [p.id, req.messageId],
    );
    if (!row || row.state === 'received') {
      throw AppError.conflict('MESSAGE.IN_PROGRESS', `Message ${req.messageId} is being delivered; retry shortly`);
    }
    if (row.state === 'buffered') {
      return { status: 202, body: { correlated: [], buffered: true, expiresAt: row.expires_at?.toISOString() ?? '' } };
    }
    return { status: 200, body: { correlated: row.result ?? [] } };
  }

  private async buffer(
    logId: string,
    req: CorrelateMessageRequestDto,
    p: Principal,
    expiresAt: Date,
    reserved: boolean,
  ): Promise<void> {
    const params = [
      logId,
      req.caseId ?? null,
      req.caseNo ?? null,
      req.businessKey ?? null,
      req.correlationKey ?? null,
      JSON.stringify(req.variables ?? {}),
      expiresAt,
    ];
    if (reserved) {
      await this.uow.query(
        `UPDATE inbound_message SET state = 'buffered', case_id = $2, case_no = $3, business_key = $4,
           correlation_key = $5, variables = $6, expires_at = $7 WHERE id = $1`,
        params,
      );
      return;
    }
    await this.uow.query(
      `INSERT INTO inbound_message (id, case_id, case_no, business_key, correlation_key, variables, expires_at,
         sender, sender_name, sender_department, name, state, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'buffered',$12)`,
      [...params, p.id, p.name, actingDepartment(p), req.name, this.clock.now()],
    );
  }
}
