/**
 * `npm run bench`: task completions over HTTP against a TPC-B-like baseline on the same database,
 * then the inbox query at 10 k and 1 M cases. Prints figures for docs/benchmarks.md.
 * DATABASE_URL picks the server (default: an embedded PostgreSQL). BENCH_SECONDS, BENCH_CLIENTS,
 * BENCH_BIG_CASES tune the run.
 */
import os from 'node:os';
import pg from 'pg';
import { benchDatabase, request, round, startService, summarise, token } from './support.js';
import { tpcb } from './tpcb.js';
import { cpuPerOperation, cpuSnapshot } from './cpu.js';
import { seedCases } from './seed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const BIG = Number(process.env.BENCH_BIG_CASES ?? 1_000_000);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 200);
const PORT = 3999;
const DEPT = '410100-SJJ';
const ITEM = '410100-SJJ-XK-001';

// The load generator's own query: through work_item_case only (OFFSET 0), so that while the tables
// grow faster than autovacuum analyses them it does not scan a partial index of every open task.
const NEXT_TASK_SQL = `SELECT id, element_id FROM (SELECT id, element_id, state, kind, seq FROM work_item WHERE case_id = $1 OFFSET 0) w
  WHERE state = 'open' AND kind = 'user' ORDER BY seq LIMIT 1`;

const NEXT: Record<string, { role: string; outcome?: string }> = {
  receive: { role: 'window', outcome: 'accept' },
  review: { role: 'handler', outcome: 'pass' },
  approve: { role: 'leader', outcome: 'approve' },
  certify: { role: 'handler' },
  seal: { role: 'handler' },
  issue: { role: 'window' },
  publish: { role: 'handler' },
  archive: { role: 'handler' },
};

async function main(): Promise<void> {
  const log = (s: string) => console.log(s);
  log(`# Tongban benchmark — ${new Date().toISOString()}`);
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  const db = await benchDatabase();
  log(`database: ${db.kind}`);
  // The issue's method: the baseline at the completions' concurrency. The 8-client figure of earlier
  // reports is measured too, so old and new runs can still be compared.
  const baselineAt = async (clients: number): Promise<Awaited<ReturnType<typeof tpcb>>> => {
    const b = await tpcb(db.url, clients, 10);
    log(`TPC-B-like raw pg (${clients} clients, 10 s): ${round(b.tps)} tx/s, avg ${round(b.avgMs, 2)} ms`);
    return b;
  };
  const earlier = await baselineAt(8);
  const baseline = CLIENTS === 8 ? earlier : await baselineAt(CLIENTS);

  // BENCH_PG_FUNCTIONS=1: time every PL/pgSQL function (the write function and the triggers) per completion.
  const functionTiming = process.env.BENCH_PG_FUNCTIONS === '1';
  if (functionTiming) await db.exec(`ALTER DATABASE tongban_bench SET track_functions = 'pl'`);
  const service = await startService(db.url, PORT);
  const sql = new pg.Pool({ connectionString: db.url, max: 4 });
  try {
    const tokens = Object.fromEntries(['window', 'handler', 'leader'].map((r) => [r, token([r], DEPT)]));
    const casesNeeded = Number(process.env.BENCH_CASES ?? Math.ceil((SECONDS * 2_500) / 8));
    const ids: string[] = [];
    const createCpuBefore = await cpuSnapshot(service.pid ?? 0, sql);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (ids.length < casesNeeded) {
          const r = await request(PORT, 'POST', '/api/v1/cases', tokens.window!, {
            itemCode: ITEM,
            applicant: { type: 'LEGAL_PERSON', name: '基准测试有限公司', uscc: '91410100MA44ABCD1F' },
          });
          if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
          ids.push((r.body as { id: string }).id);
        }
      }),
    );
    log(
      `created ${ids.length} cases over HTTP in ${round((performance.now() - t0) / 1000)} s (${round(ids.length / ((performance.now() - t0) / 1000))}/s)`,
    );

    const createCpu = cpuPerOperation(createCpuBefore, await cpuSnapshot(service.pid ?? 0, sql), ids.length);
    if (createCpu)
      log(
        `CPU per creation: service ${round(createCpu.service, 2)} ms, PostgreSQL backends ${round(createCpu.database, 2)} ms, load generator ${round(createCpu.loadGenerator, 2)} ms`,
      );

    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const end = performance.now() + SECONDS * 1000;
    const started = performance.now();
    const cpuBefore = await cpuSnapshot(service.pid ?? 0, sql);
    const functionsBefore = functionTiming ? await functionTimes(sql) : new Map<string, FunctionTime>();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        let caseId: string | undefined;
        while (performance.now() < end) {
          caseId ??= ids[next++];
          if (!caseId) return;
          const open = await sql.query<{ id: string; element_id: string }>(NEXT_TASK_SQL, [caseId]);
          const task = open.rows[0];
          if (!task) {
            caseId = undefined;
            continue;
          }
          const how = NEXT[task.element_id] ?? { role: 'handler' };
          const r = await request(
            PORT,
            'POST',
            `/api/v1/tasks/${task.id}/complete`,
            tokens[how.role]!,
            how.outcome ? { outcome: how.outcome } : {},
          );
          if (r.status === 200) latencies.push(r.ms);
          else errors++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const rate = latencies.length / elapsed;
    const lat = summarise(latencies);
    log(
      `task completions over HTTP (${CLIENTS} clients, ${round(elapsed)} s): ${round(rate)} /s, p50 ${round(lat.p50, 2)} ms, p95 ${round(lat.p95, 2)} ms, p99 ${round(lat.p99, 2)} ms, errors ${errors}`,
    );
    log(
      `ratio to TPC-B-like at ${CLIENTS} clients: ${round(rate / baseline.tps, 2)} (to the 8-client figure: ${round(rate / earlier.tps, 2)})`,
    );
    const cpu = cpuPerOperation(cpuBefore, await cpuSnapshot(service.pid ?? 0, sql), latencies.length);
    if (cpu)
      log(
        `CPU per completion: service ${round(cpu.service, 2)} ms, PostgreSQL backends ${round(cpu.database, 2)} ms, load generator ${round(cpu.loadGenerator, 2)} ms`,
      );
    if (functionTiming) logFunctionTimes(functionsBefore, await functionTimes(sql), latencies.length, log);

    // Latency at a fixed offered load (open loop): one completion every 1000/RATE ms, whatever the answers do.
    const paced = await pacedCompletions(sql, tokens, ids, PACED_RATE, Math.min(SECONDS, 10));
    const pl = summarise(paced.latencies);
    log(
      `paced completions at ${PACED_RATE}/s (${paced.latencies.length} done, ${paced.starved} starved): p50 ${round(pl.p50, 2)} ms, p95 ${round(pl.p95, 2)} ms, p99 ${round(pl.p99, 2)} ms, errors ${paced.errors}`,
    );

    for (const total of [10_000, BIG]) {
      await seedCases(sql, total);
      const handler = token(['handler'], '410100-D007');
      const inbox: number[] = [];
      for (let i = 0; i < 20; i++) await request(PORT, 'GET', '/api/v1/tasks?limit=50', handler);
      for (let i = 0; i < 500; i++) {
        const r = await request(PORT, 'GET', '/api/v1/tasks?limit=50', handler);
        if (r.status !== 200 || (r.body as { items: unknown[] }).items.length === 0)
          throw new Error(`inbox: ${r.status}`);
        inbox.push(r.ms);
      }
      const s = summarise(inbox);
      const count = (await sql.query<{ n: string }>('SELECT count(*) AS n FROM approval_case')).rows[0]?.n;
      log(
        `inbox GET /tasks (one department, 50 per page) with ${count} cases: p50 ${round(s.p50, 2)} ms, p95 ${round(s.p95, 2)} ms, p99 ${round(s.p99, 2)} ms`,
      );
    }
  } finally {
    await sql.end();
    service.kill('SIGTERM');
    await new Promise((r) => service.on('exit', r));
    await db.stop();
  }
}

interface FunctionTime {
  calls: number;
  self: number;
  total: number;
}

/** Cumulative PL/pgSQL function times of the bench database (track_functions = 'pl'). */
async function functionTimes(sql: pg.Pool): Promise<Map<string, FunctionTime>> {
  await new Promise((r) => setTimeout(r, 1500)); // backends flush their function statistics about once a second
  const { rows } = await sql.query<{ funcname: string; calls: string; total: number; self: number }>(
    'SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions',
  );
  return new Map(rows.map((r) => [r.funcname, { calls: Number(r.calls), self: r.self, total: r.total }]));
}

/** Wall time inside each function per completion (lock waits included), between two readings. */
function logFunctionTimes(
  before: Map<string, FunctionTime>,
  after: Map<string, FunctionTime>,
  completions: number,
  log: (s: string) => void,
): void {
  const rows = [...after].map(([name, a]) => {
    const b = before.get(name) ?? { calls: 0, self: 0, total: 0 };
    return { name, calls: a.calls - b.calls, self: a.self - b.self, total: a.total - b.total };
  });
  for (const r of rows.sort((x, y) => y.self - x.self).filter((x) => x.calls > 0))
    log(
      `  ${r.name}: ${round(r.calls / completions, 2)} calls, self ${round(r.self / completions, 3)} ms, total ${round(r.total / completions, 3)} ms per completion`,
    );
}

/** Completes open tasks at a fixed rate; each case has at most one request in flight. */
async function pacedCompletions(
  sql: pg.Pool,
  tokens: Record<string, string>,
  caseIds: string[],
  rate: number,
  seconds: number,
): Promise<{ latencies: number[]; errors: number; starved: number }> {
  const ready = [...caseIds].reverse();
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  let errors = 0;
  let starved = 0;
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const caseId = ready.pop();
    if (!caseId) {
      starved++;
      continue;
    }
    inflight.push(
      (async () => {
        const open = await sql.query<{ id: string; element_id: string }>(NEXT_TASK_SQL, [caseId]);
        const task = open.rows[0];
        if (!task) return;
        const how = NEXT[task.element_id] ?? { role: 'handler' };
        const r = await request(
          PORT,
          'POST',
          `/api/v1/tasks/${task.id}/complete`,
          tokens[how.role]!,
          how.outcome ? { outcome: how.outcome } : {},
        );
        if (r.status === 200) latencies.push(r.ms);
        else errors++;
        ready.unshift(caseId);
      })(),
    );
  }
  await Promise.all(inflight);
  return { latencies, errors, starved };
}

await main();
