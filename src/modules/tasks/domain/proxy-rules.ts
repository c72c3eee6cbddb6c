import { AppError } from '../../../shared/errors/app-error.js';

/** A standing proxy (代理): while `startsAt <= now < endsAt`, what would go to `userId` goes to `proxyId`. */
export interface ProxyDeclaration {
  userId: string;
  proxyId: string;
  department: string | null;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
}

/** The longest period one declaration may cover; a longer absence is a transfer of duties, not a proxy. */
export const MAX_PROXY_DAYS = 366;

export function isActive(d: ProxyDeclaration, now: Date): boolean {
  return d.startsAt.getTime() <= now.getTime() && now.getTime() < d.endsAt.getTime();
}

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/**
 * Checks a new declaration against the others (ADR 0018): not oneself, a period that has not ended
 * and is not too long, and no chain — the proxy is not away themselves in that period, and the
 * declarer is not covering for someone else then (which also rules out cycles).
 */
export function checkDeclaration(d: ProxyDeclaration, others: readonly ProxyDeclaration[], now: Date): void {
  if (d.proxyId === d.userId) throw AppError.invalid('PROXY.SELF', 'You cannot be your own proxy');
  if (d.endsAt.getTime() <= d.startsAt.getTime())
    throw AppError.invalid('PROXY.INVALID_PERIOD', 'The period must end after it starts (until > from)');
  if (d.endsAt.getTime() <= now.getTime())
    throw AppError.invalid('PROXY.INVALID_PERIOD', 'The period has already ended');
  if (d.endsAt.getTime() - d.startsAt.getTime() > MAX_PROXY_DAYS * 86_400_000)
    throw AppError.invalid('PROXY.INVALID_PERIOD', `A proxy period is at most ${MAX_PROXY_DAYS} days`);
  const current = others.filter((o) => o.userId !== d.userId && o.endsAt.getTime() > now.getTime());
  const away = current.find((o) => o.userId === d.proxyId && overlaps(o, d));
  if (away)
    throw AppError.conflict('PROXY.CHAIN', `${d.proxyId} has a proxy of their own in that period (${away.proxyId})`);
  const covering = current.find((o) => o.proxyId === d.userId && overlaps(o, d));
  if (covering)
    throw AppError.conflict('PROXY.CHAIN', `You are the proxy of ${covering.userId} in that period; no chains`);
}

/** Who acts for `userId` now: the proxy if one is active, else nobody. One hop only (chains are refused). */
export function proxyFor(userId: string, all: readonly ProxyDeclaration[], now: Date): ProxyDeclaration | null {
  return all.find((d) => d.userId === userId && isActive(d, now)) ?? null;
}
