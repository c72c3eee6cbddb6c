/**
 * CPU time (user + system) of the processes a benchmark phase involves, read from /proc: the service,
 * the PostgreSQL backends serving the bench database (found through pg_stat_activity, so other
 * databases on a shared server do not count) and this load generator. CPU per operation is far less
 * sensitive to what else runs on the machine than operations per second.
 */
import fs from 'node:fs';
import os from 'node:os';
import type pg from 'pg';

const MS_PER_TICK = 10; // USER_HZ is 100 on Linux

function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at index 0 = state; utime, stime are 11, 12.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * MS_PER_TICK;
  } catch {
    return 0; // the process ended (a backend closed): its time is lost, which undercounts slightly
  }
}

export interface CpuSnapshot {
  service: number;
  database: Map<number, number>;
  loadGenerator: number;
}

export async function cpuSnapshot(servicePid: number, sql: pg.Pool): Promise<CpuSnapshot> {
  const { rows } = await sql.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const usage = process.cpuUsage();
  return {
    service: cpuMs(servicePid),
    database: new Map(rows.map((r) => [r.pid, cpuMs(r.pid)])),
    loadGenerator: (usage.user + usage.system) / 1000,
  };
}

/** Milliseconds of CPU per operation between two snapshots, by party; null where /proc is not there. */
export function cpuPerOperation(
  before: CpuSnapshot,
  after: CpuSnapshot,
  operations: number,
): { service: number; database: number; loadGenerator: number } | null {
  if (os.platform() !== 'linux' || operations === 0) return null;
  let database = 0;
  for (const [pid, ms] of after.database) database += ms - (before.database.get(pid) ?? 0);
  return {
    service: (after.service - before.service) / operations,
    database: database / operations,
    loadGenerator: (after.loadGenerator - before.loadGenerator) / operations,
  };
}
