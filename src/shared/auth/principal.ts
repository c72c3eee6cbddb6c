export const ROLES = ['admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a person with a JWT, or a department system with an API key. */
export interface Principal {
  kind: 'user' | 'system';
  id: string;
  name: string;
  roles: string[];
  dept: string | null;
  region: string | null;
  scopes: string[];
}

export function hasAnyRole(p: Principal, roles: readonly string[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}

/** Staff who may see every department's cases and tasks. */
export function seesAllDepartments(p: Principal): boolean {
  return hasAnyRole(p, ['admin', 'supervisor']);
}
