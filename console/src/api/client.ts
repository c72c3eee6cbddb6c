import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../../clients/typescript/src/schema';
import { session } from '../session';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** The typed client (types generated from docs/openapi.json); the bearer token comes from the session. */
export const api = createClient<paths>({ baseUrl: window.location.origin });

const auth: Middleware = {
  onRequest({ request }) {
    if (session.token && !request.headers.has('Authorization'))
      request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked token: back to the sign-in page, keeping where the user was.
    if (response.status === 401 && session.token) session.expire();
    return response;
  },
};
api.use(auth);

/** A problem+json answer as one readable line: "CODE: message". */
export function problemText(error: unknown): string {
  if (error && typeof error === 'object') {
    const p = error as Partial<Problem>;
    const head = [p.code, p.detail ?? p.title].filter(Boolean).join(': ');
    if (head) return head;
  }
  return String(error);
}

/** Unwraps an openapi-fetch result: the data, or an Error carrying the problem. */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const e = new Error(problemText(result.error ?? result.response.statusText)) as Error & { problem?: unknown };
    e.problem = result.error;
    throw e;
  }
  return result.data;
}
