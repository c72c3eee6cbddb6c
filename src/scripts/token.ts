import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config.js';
import { resolveJwtKey } from '../shared/auth/auth-keys.js';
import { signHs256 } from '../shared/auth/jwt.js';

// npm run token -- --roles admin --dept 410100-SJJ [--sub u1 --name 张三 --region 410100 --hours 12]
const { values } = parseArgs({
  options: {
    roles: { type: 'string', default: 'admin' },
    dept: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    region: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});
const key = resolveJwtKey(loadConfig());
if (key.kind !== 'hs256') {
  console.error('AUTH_PUBLIC_KEY is set: tokens come from your identity provider, not from this script.');
  process.exit(1);
}
const roles = (values.roles ?? 'admin')
  .split(',')
  .map((r) => r.trim())
  .filter(Boolean);
const sub = values.sub ?? `${roles[0] ?? 'user'}-${values.dept ?? 'local'}`;
const now = Math.floor(Date.now() / 1000);
const token = signHs256(
  {
    sub,
    name: values.name ?? sub,
    roles,
    ...(values.dept ? { dept: values.dept } : {}),
    ...(values.region ? { region: values.region } : values.dept ? { region: values.dept.slice(0, 6) } : {}),
    iat: now,
    exp: now + Number(values.hours) * 3600,
  },
  key.secret,
);
console.log(token);
