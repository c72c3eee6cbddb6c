#!/usr/bin/env node
// Mints a local HS256 bearer token for the running service. A plain Node script (no build, no
// dependencies) so it answers at once. It reads the secret where the service reads it:
// AUTH_JWT_SECRET when set, else DATA_DIR/jwt-secret (DATA_DIR defaults to ./.data).
// The role list mirrors src/shared/auth/principal.ts (a test keeps the two equal).
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const ROLES = ['admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor'];
// Roles whose work happens inside one department: a token without --dept would see nothing to do.
const DEPARTMENT_ROLES = ['window', 'handler', 'leader'];

const HELP = `Mint a bearer token for the local Tongban service.

Usage: npm run token -- [options]

  --roles <r1,r2>   comma list of ${ROLES.join(', ')} (default: admin)
  --dept <code>     department, e.g. 410100-SJJ (required for ${DEPARTMENT_ROLES.join(', ')})
  --sub <id>        user id (default: <first role>-<dept>)
  --name <name>     display name (default: the user id)
  --region <code>   region code, 6 digits (default: the first 6 characters of --dept)
  --ttl <time>      lifetime: 90s, 30m, 12h, 7d or seconds, at most 7d (default: 12h); --hours <n> also works
  -h, --help        this help

The secret comes from AUTH_JWT_SECRET when set, else from DATA_DIR/jwt-secret (DATA_DIR: ./.data),
the file the service creates on its first start. Run this from the directory you start the service in.

Examples:
  npm run -s token -- --roles admin
  npm run -s token -- --roles window --dept 410100-SJJ --sub w1 --name 窗口小王 --ttl 1h`;

class UsageError extends Error {}

function parseTtl(text) {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) throw new UsageError(`--ttl "${text}" is not a duration: use 30m, 12h, 7d or a number of seconds`);
  const seconds = Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
  // The service refuses tokens without `exp`; a week is the longest a local token may live.
  if (seconds < 1 || seconds > 7 * 86400) throw new UsageError(`--ttl ${text}: between 1s and 7d`);
  return seconds;
}

function readSecret(env) {
  if (env.AUTH_PUBLIC_KEY)
    throw new UsageError('AUTH_PUBLIC_KEY is set: tokens come from your identity provider, not from this script.');
  if (env.AUTH_JWT_SECRET) return env.AUTH_JWT_SECRET;
  const file = path.join(path.resolve(env.DATA_DIR || '.data'), 'jwt-secret');
  if (!fs.existsSync(file))
    throw new UsageError(
      `No signing secret at ${file}.\n` +
        'Start the service once from this directory (npm start) so it creates one, or run this script with the\n' +
        "service's DATA_DIR or AUTH_JWT_SECRET. (The script never creates a secret: the service would not know it.)",
    );
  return fs.readFileSync(file, 'utf8').trim();
}

export function mint(argv, env, nowSeconds) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      roles: { type: 'string', default: 'admin' },
      dept: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      region: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
      // Older spelling of --ttl, kept so existing scripts work.
      hours: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: HELP };
  const roles = values.roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0) throw new UsageError('--roles is empty: name at least one role');
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (unknown.length) throw new UsageError(`unknown role ${unknown.join(', ')}: roles are ${ROLES.join(', ')}`);
  const dept = values.dept?.trim();
  // At most 64 characters, as the service accepts.
  if (dept !== undefined && !/^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/.test(dept))
    throw new UsageError(`--dept "${values.dept}" is not a department code (like 410100-SJJ)`);
  const needsDept = roles.filter((r) => DEPARTMENT_ROLES.includes(r));
  if (!dept && needsDept.length)
    throw new UsageError(`role ${needsDept[0]} works in a department: add --dept 410100-SJJ`);
  const region = values.region ?? (dept && /^\d{6}/.test(dept) ? dept.slice(0, 6) : undefined);
  if (region !== undefined && !/^\d{6}$/.test(region)) throw new UsageError(`--region "${region}" must be 6 digits`);
  const sub = values.sub?.trim() || `${roles[0]}-${dept ?? 'local'}`;
  const ttl = parseTtl(values.hours !== undefined ? `${values.hours}h` : values.ttl);
  // The lengths the service accepts (CLAIM_MAX_LENGTH in src/shared/auth/jwt.ts).
  for (const [claim, max, v] of [
    ['sub', 200, sub],
    ['name', 200, values.name],
  ])
    if (v !== undefined && (v.trim() === '' || v.length > max))
      throw new UsageError(`--${claim}: 1 to ${max} characters`);
  const claims = {
    sub,
    name: values.name ?? sub,
    roles,
    ...(dept ? { dept } : {}),
    ...(region ? { region } : {}),
    // The service may be configured to require an audience and an issuer: mint what it expects.
    ...(env.AUTH_JWT_AUDIENCE ? { aud: env.AUTH_JWT_AUDIENCE } : {}),
    ...(env.AUTH_JWT_ISSUER ? { iss: env.AUTH_JWT_ISSUER } : {}),
    iat: nowSeconds,
    exp: nowSeconds + ttl,
  };
  const secret = readSecret(env);
  const b64 = (s) => Buffer.from(s).toString('base64url');
  const signed = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`;
  return { token: `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}` };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('token.mjs')) {
  try {
    const out = mint(process.argv.slice(2), process.env, Math.floor(Date.now() / 1000));
    console.log(out.help ?? out.token);
  } catch (e) {
    // parseArgs' own errors (unknown option, missing value) are usage errors too: no stack trace.
    const usage = e instanceof UsageError || (e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS'));
    console.error(`token: ${e instanceof Error ? e.message : String(e)}`);
    if (usage) console.error('Run `npm run token -- --help` for the options.');
    process.exit(usage ? 2 : 1);
  }
}
