import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostAsIp, isDeniedAddress, isLocalName } from './target-guard.js';

/**
 * What a failed delivery shows (GET /webhooks/{id}/deliveries): a coarse category, never the socket
 * error text, so the delivery list cannot be used to probe which hosts and ports answer.
 */
export const DELIVERY_ERRORS = [
  'TARGET_NOT_ALLOWED',
  'DNS',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'TIMEOUT',
  'TLS',
  'NETWORK',
  'HTTP_3XX',
  'HTTP_4XX',
  'HTTP_5XX',
] as const;
export type DeliveryError = (typeof DELIVERY_ERRORS)[number];

export interface SendResult {
  status: number | null;
  error: DeliveryError | null;
}

/** Thrown by the guarded lookup; carries its own code so it is reported as TARGET_NOT_ALLOWED. */
class TargetNotAllowed extends Error {
  readonly code = 'TARGET_NOT_ALLOWED';
}

/** DNS resolution, all addresses of a name (replaceable in tests, to play a rebinding DNS server). */
export type Resolver = (
  hostname: string,
  family: number | string | undefined,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const defaultResolver: Resolver = (hostname, family, callback) => {
  const fam = family === 'IPv4' || family === 4 ? 4 : family === 'IPv6' || family === 6 ? 6 : 0;
  dnsLookup(hostname, { family: fam, all: true }, callback);
};

/** Largest answer body read (and discarded); receivers only need to say 2xx. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * A DNS lookup that refuses denied addresses. Installed on the request, it judges the address the
 * socket actually connects to, so a name that resolved to a public address when the webhook was
 * created and to 127.0.0.1 now (DNS rebinding) is still refused. If any address of the name is
 * denied, the name is refused as a whole.
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = defaultResolver): LookupFunction {
  return (hostname, options, callback) => {
    if (!allowPrivate && isLocalName(hostname)) {
      callback(new TargetNotAllowed(hostname), '', 4);
      return;
    }
    resolve(hostname, options.family, (err, addresses) => {
      if (err) return callback(err, '', 4);
      if (!allowPrivate && addresses.some((a) => isDeniedAddress(a.address))) {
        return callback(new TargetNotAllowed(hostname), '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

/** POSTs one webhook body; never throws. Redirects are not followed (a 3xx is a failure). */
export function sendWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivate: boolean; resolve?: Resolver },
): Promise<SendResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve({ status: null, error: 'TARGET_NOT_ALLOWED' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve({ status: null, error: 'TARGET_NOT_ALLOWED' });
  }
  // An IP literal is connected to without a lookup: judge it here.
  const literal = hostAsIp(url);
  if (!opts.allowPrivate && literal !== null && isDeniedAddress(literal)) {
    return Promise.resolve({ status: null, error: 'TARGET_NOT_ALLOWED' });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.allowPrivate, opts.resolve),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const done = (): void => finish({ status, error: statusError(status) });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    // One deadline for connect, send and answer.
    const timer = setTimeout(() => {
      finish({ status: null, error: 'TIMEOUT' });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (e) => finish({ status: null, error: categorise(e) }));
    req.end(body);
  });
}

function statusError(status: number): DeliveryError | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) return 'HTTP_3XX';
  if (status >= 400 && status < 500) return 'HTTP_4XX';
  return 'HTTP_5XX';
}

/** Socket and TLS errors → a category. */
export function categorise(e: unknown): DeliveryError {
  const raw = (e as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
  if (code === 'TARGET_NOT_ALLOWED') return 'TARGET_NOT_ALLOWED';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA' || code === 'ESERVFAIL') return 'DNS';
  if (code === 'ECONNREFUSED') return 'CONNECTION_REFUSED';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'CONNECTION_RESET';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'TIMEOUT';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code)) return 'TLS';
  if (/ssl|tls|certificate/i.test(e instanceof Error ? e.message : '')) return 'TLS';
  return 'NETWORK';
}
