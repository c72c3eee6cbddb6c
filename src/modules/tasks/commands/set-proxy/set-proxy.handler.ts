import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { ProxyDirectory, toDeclaration } from '../../application/proxy-directory.js';
import { checkDeclaration, isActive, type ProxyDeclaration } from '../../domain/proxy-rules.js';
import { SetProxyCommand } from './set-proxy.command.js';
import type { ProxyView } from './set-proxy.request.dto.js';

/**
 * A user's own setting, not a case command: written by a plain statement. Declarations are checked
 * against each other under one advisory lock, so two people naming each other at once cannot both
 * succeed (a cycle).
 */
@CommandHandler(SetProxyCommand)
export class SetProxyHandler implements ICommandHandler<SetProxyCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
    private readonly directory: ProxyDirectory,
  ) {}

  async execute({ request, principal: p }: SetProxyCommand): Promise<ProxyView | null> {
    const now = this.clock.now();
    if (!request) {
      const gone = await this.uow.query<{ user_id: string }>(
        'DELETE FROM user_proxy WHERE user_id = $1 RETURNING user_id',
        [p.id],
      );
      await this.directory.reload();
      if (gone.length === 0) throw AppError.notFound('PROXY.NOT_FOUND', 'You have no proxy');
      return null;
    }
    const d: ProxyDeclaration = {
      userId: p.id,
      proxyId: request.proxy.trim(),
      department: p.dept,
      startsAt: request.from ? new Date(request.from) : now,
      endsAt: new Date(request.until),
      reason: request.reason?.trim() || null,
    };
    await this.uow.run(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('user_proxy'))`);
      const others = await tx.query<Parameters<typeof toDeclaration>[0]>(
        'SELECT user_id, proxy_id, department, starts_at, ends_at, reason FROM user_proxy',
      );
      checkDeclaration(d, others.map(toDeclaration), now);
      await tx.query(
        `INSERT INTO user_proxy (user_id, proxy_id, department, starts_at, ends_at, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id) DO UPDATE SET proxy_id = EXCLUDED.proxy_id, department = EXCLUDED.department,
           starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, reason = EXCLUDED.reason,
           created_at = EXCLUDED.created_at`,
        [d.userId, d.proxyId, d.department, d.startsAt, d.endsAt, d.reason, now],
      );
    });
    await this.directory.reload();
    return proxyView(d, now);
  }
}

export function proxyView(d: ProxyDeclaration, now: Date): ProxyView {
  return {
    userId: d.userId,
    proxy: d.proxyId,
    department: d.department,
    from: d.startsAt.toISOString(),
    until: d.endsAt.toISOString(),
    reason: d.reason,
    active: isActive(d, now),
  };
}
