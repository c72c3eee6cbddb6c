import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostAsIp, isDeniedAddress } from './target-guard.js';
import { signBody, verifySignature } from './signature.js';
import { type Resolver, sendWebhook } from './webhook-sender.js';

/** The address a URL's host denotes, after WHATWG parsing (which is what the sender connects to). */
const hostOf = (url: string): string => hostAsIp(new URL(url)) ?? 'not an ip';

describe('webhook targets: internal addresses in every spelling are denied', () => {
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/', // integer
    'http://0x7f.1/', // hex, short form
    'http://0177.0.0.1/', // octal
    'http://127.1/',
    'http://[::1]:22/',
    'http://[::ffff:127.0.0.1]/', // IPv4-mapped IPv6
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[64:ff9b::a00:1]/', // NAT64 of 10.0.0.1
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://100.64.0.1/', // CGNAT
    'http://0.0.0.0/',
    'http://[::]/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://[fe80::1]/',
    'http://[fd12:3456::1]/', // unique-local
    'http://255.255.255.255/',
  ])('%s', (url) => {
    expect(isDeniedAddress(hostOf(url))).toBe(true);
  });

  it.each(['http://93.184.216.34/', 'http://[2606:4700:4700::1111]/', 'http://8.8.8.8/', 'http://[2001:4860::8888]/'])(
    '%s is allowed',
    (url) => {
      expect(isDeniedAddress(hostOf(url))).toBe(false);
    },
  );

  it('treats anything that is not an address as denied', () => {
    expect(isDeniedAddress('not-an-ip')).toBe(true);
  });
});

describe('webhook delivery: the address actually connected to is checked, errors are categories', () => {
  let server: http.Server;
  let port = 0;
  let hits = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.writeHead(req.url === '/slow' ? 200 : req.url === '/fail' ? 502 : 204).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  // A name that resolved to a public address when the webhook was created, and to loopback now.
  const rebinding: Resolver = (_host, _family, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
  const nxdomain: Resolver = (_host, _family, cb) =>
    cb(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), []);
  const send = (url: string, allowPrivate: boolean, resolve?: Resolver) =>
    sendWebhook(url, '{}', { 'content-type': 'application/json' }, { timeoutMs: 2000, allowPrivate, resolve });

  it('refuses a name that now resolves to loopback (DNS rebinding), without connecting', async () => {
    const before = hits;
    expect(await send(`http://receiver.example:${port}/`, false, rebinding)).toEqual({
      status: null,
      error: 'TARGET_NOT_ALLOWED',
    });
    expect(await send(`http://127.0.0.1:${port}/`, false)).toEqual({ status: null, error: 'TARGET_NOT_ALLOWED' });
    expect(await send(`http://localhost:${port}/`, false)).toEqual({ status: null, error: 'TARGET_NOT_ALLOWED' });
    expect(hits).toBe(before);
  });

  it('connects when private targets are allowed, and reports statuses as categories', async () => {
    expect(await send(`http://receiver.example:${port}/`, true, rebinding)).toEqual({ status: 204, error: null });
    expect(await send(`http://127.0.0.1:${port}/fail`, true)).toEqual({ status: 502, error: 'HTTP_5XX' });
  });

  it('reports refused connections and failed lookups without the socket error text', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await send(`http://127.0.0.1:${closedPort}/`, true)).toEqual({ status: null, error: 'CONNECTION_REFUSED' });
    expect(await send(`http://nowhere.example:${port}/`, true, nxdomain)).toEqual({ status: null, error: 'DNS' });
  });

  it('gives up after the timeout', async () => {
    const silent = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      const r = await sendWebhook(`http://127.0.0.1:${silentPort}/`, '{}', {}, { timeoutMs: 200, allowPrivate: true });
      expect(r).toEqual({ status: null, error: 'TIMEOUT' });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('webhook signature: t=<unix seconds>,v1=<HMAC of "t.body">', () => {
  const secret = 'a-receiver-secret-0001';
  const body = '{"id":"e1","type":"case.created"}';
  const now = 1_764_300_000;

  it('verifies a fresh signature and refuses a tampered body, timestamp or secret', () => {
    const header = signBody(secret, body, now);
    expect(header).toMatch(/^t=1764300000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, { nowSeconds: now + 10 })).toBe(true);
    expect(verifySignature(secret, `${body} `, header, { nowSeconds: now })).toBe(false);
    expect(verifySignature(secret, body, header.replace('t=1764300000', 't=1764300100'), { nowSeconds: now })).toBe(
      false,
    );
    expect(verifySignature('another-secret-000000', body, header, { nowSeconds: now })).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
    expect(verifySignature(secret, body, 'sha256=abc', { nowSeconds: now })).toBe(false);
  });

  it('refuses a replay outside the tolerance window (default 5 minutes)', () => {
    const header = signBody(secret, body, now);
    expect(verifySignature(secret, body, header, { nowSeconds: now + 301 })).toBe(false);
    expect(verifySignature(secret, body, header, { nowSeconds: now + 3600, toleranceSeconds: 7200 })).toBe(true);
  });
});
