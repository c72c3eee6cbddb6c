import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { VariablePolicy } from '../../../../cases/application/variable-policy.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import { SignalFanOut } from '../../application/signal-fan-out.js';
import { BroadcastSignalCommand } from './broadcast-signal.command.js';
import type { BroadcastSignalResponseDto } from './broadcast-signal.request.dto.js';

/**
 * POST /signals: records the broadcast and fans it out in one short transaction — one delivery job per
 * subscribed case the caller's department takes part in, one start job per process starting on the
 * signal — and answers how many were reached. The deliveries run as jobs on any node (ADR 0020).
 */
@CommandHandler(BroadcastSignalCommand)
export class BroadcastSignalHandler implements ICommandHandler<BroadcastSignalCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly fanOut: SignalFanOut,
    private readonly variablePolicy: VariablePolicy,
  ) {}

  async execute({ request: req, principal: p }: BroadcastSignalCommand): Promise<BroadcastSignalResponseDto> {
    const variables = req.variables ?? {};
    this.variablePolicy.checkWrite(variables);
    const starts = await this.fanOut.startsFor(req.name);
    const region = p.region ?? p.dept?.slice(0, 6) ?? null;
    if (starts.length > 0 && (!p.dept || !region || !/^\d{6}$/.test(region))) {
      throw AppError.invalid(
        'SIGNAL.DEPARTMENT_REQUIRED',
        `Signal ${req.name} starts new cases: the caller needs a department beginning with a region code`,
      );
    }
    const id = randomUUID();
    // The transaction answers the whole response: an Idempotency-Key replay gets exactly it (ADR 0005).
    return this.uow.run(async (tx) => {
      await tx.query(
        `INSERT INTO signal_broadcast (id, name, variables, source, sender_id, sender_name, sender_department,
           department_scope, region_code)
         VALUES ($1, $2, $3, 'api', $4, $5, $6, $7, $8)`,
        [id, req.name, JSON.stringify(variables), p.id, p.name, p.dept ?? null, actingDepartment(p), region],
      );
      const result = await this.fanOut.fanOut(tx, id);
      return { signalId: id, name: req.name, ...result };
    });
  }
}
