/**
 * The Tongban API client: openapi-fetch over the types openapi-typescript generates from docs/openapi.json
 * (src/schema.ts). Nothing here is typed by hand: request bodies, parameters, answers and the `Problem`
 * errors all come from the document.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
/** A schema of the document by name, e.g. `Schema<'CaseView'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
export type TongbanClient = Client<paths>;

export interface TongbanClientOptions {
  /** The service's address, e.g. `http://localhost:3000` (the paths carry `/api/v1`). */
  baseUrl: string;
  /** A bearer token (JWT), or a function that returns the current one. */
  token?: string | (() => string | Promise<string>);
  /** A department system's API key, sent as `X-Api-Key`, instead of a token. */
  apiKey?: string;
  /** Another fetch (tests, proxies); defaults to the global one. */
  fetch?: (request: Request) => Promise<Response>;
}

export function createTongbanClient(options: TongbanClientOptions): TongbanClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    async onRequest({ request }) {
      if (options.token !== undefined) {
        const token = typeof options.token === 'function' ? await options.token() : options.token;
        request.headers.set('Authorization', `Bearer ${token}`);
      }
      if (options.apiKey !== undefined) request.headers.set('X-Api-Key', options.apiKey);
      return request;
    },
  };
  client.use(auth);
  return client;
}
