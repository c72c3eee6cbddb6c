import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config.js';
import { resolveJwtKey } from '../shared/auth/auth-keys.js';
import { CLAIM_MAX_LENGTH, signHs256 } from '../shared/auth/jwt.js';
import { ROLES } from '../shared/auth/principal.js';

// npm run token -- --roles admin --dept 410100-SJJ [--sub u1 --name 张三 --region 410100 --ttl 12h]
const USAGE = 'npm run token -- --roles window --dept 410100-SJJ [--sub w1 --name 窗口小王 --region 410100 --ttl 12h]';
/** The service refuses tokens without `exp`; a week is the longest a local token may live. */
const MAX_TTL_SECONDS = 7 * 24 * 3600;

function fail(message: string): never {
  console.error(`${message}\nusage: ${USAGE}`);
  process.exit(1);
}

/** `90s`, `30m`, `12h`, `7d` or plain seconds. */
function ttlSeconds(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) fail(`--ttl ${text}: give a number with an optional unit s, m, h or d (e.g. 12h)`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
  const seconds = Number(m[1]) * unit;
  if (seconds < 1 || seconds > MAX_TTL_SECONDS) fail(`--ttl ${text}: between 1s and ${MAX_TTL_SECONDS / 86400}d`);
  return seconds;
}

const { values } = parseArgs({
  options: {
    roles: { type: 'string', default: 'admin' },
    dept: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    region: { type: 'string' },
    ttl: { type: 'string', default: '12h' },
    // Older spelling of --ttl, kept so existing scripts work.
    hours: { type: 'string' },
  },
});
const roles = (values.roles ?? 'admin')
  .split(',')
  .map((r) => r.trim())
  .filter(Boolean);
const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
if (unknown.length > 0) fail(`unknown role(s) ${unknown.join(', ')}; known roles: ${ROLES.join(', ')}`);
const ttl = ttlSeconds(values.hours !== undefined ? `${values.hours}h` : (values.ttl ?? '12h'));
const sub = values.sub ?? `${roles[0] ?? 'user'}-${values.dept ?? 'local'}`;
const region = values.region ?? (values.dept ? values.dept.slice(0, 6) : undefined);
const claims = { sub, name: values.name ?? sub, dept: values.dept, region };
for (const [claim, max] of Object.entries(CLAIM_MAX_LENGTH)) {
  const v = claims[claim as keyof typeof claims];
  if (v !== undefined && (v.trim() === '' || v.length > max)) fail(`--${claim}: 1 to ${max} characters`);
}

const key = resolveJwtKey(loadConfig());
if (key.kind !== 'hs256') {
  console.error('AUTH_PUBLIC_KEY is set: tokens come from your identity provider, not from this script.');
  process.exit(1);
}
const now = Math.floor(Date.now() / 1000);
const token = signHs256(
  {
    sub,
    name: claims.name,
    roles,
    ...(claims.dept ? { dept: claims.dept } : {}),
    ...(claims.region ? { region: claims.region } : {}),
    iat: now,
    exp: now + ttl,
  },
  key.secret,
);
console.log(token);
