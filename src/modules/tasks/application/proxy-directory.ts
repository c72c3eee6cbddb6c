import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DbNotifications } from '../../../persistence/db-notifications.js';
import { UnitOfWork } from '../../../persistence/unit-of-work.js';
import { type ProxyDeclaration, proxyFor } from '../domain/proxy-rules.js';

/** The channel the user_proxy trigger notifies (migration PeopleTaskOperations). */
export const CHANNEL_PROXY = 'tongban_proxy';

interface ProxyRecord {
  user_id: string;
  proxy_id: string;
  department: string | null;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
}

/**
 * The standing proxies, held in memory so a command looks one up without a round trip (claims and
 * completions keep their budgets). Reloaded after a change on this node and whenever any node
 * changes the table (NOTIFY). Whether a proxy is active is decided against the command's `now`
 * (the service clock), so a period ends by itself, exactly, without a job.
 */
@Injectable()
export class ProxyDirectory implements OnModuleInit {
  private all: ProxyDeclaration[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: DbNotifications,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.notifications.subscribe(CHANNEL_PROXY, () => void this.reload().catch(() => undefined));
  }

  async reload(): Promise<void> {
    const rows = await this.uow.query<ProxyRecord>(
      'SELECT user_id, proxy_id, department, starts_at, ends_at, reason FROM user_proxy',
    );
    this.all = rows.map(toDeclaration);
  }

  /** Every declaration (for the chain checks of a new one). */
  declarations(): readonly ProxyDeclaration[] {
    return this.all;
  }

  /** The proxy acting for this user at `now`, if any. */
  activeFor(userId: string, now: Date): ProxyDeclaration | null {
    return proxyFor(userId, this.all, now);
  }
}

export function toDeclaration(r: ProxyRecord): ProxyDeclaration {
  return {
    userId: r.user_id,
    proxyId: r.proxy_id,
    department: r.department,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    reason: r.reason,
  };
}
