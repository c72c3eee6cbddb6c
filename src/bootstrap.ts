import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { AppLogger } from './shared/logging/app-logger.js';
import { createApp } from './app.factory.js';
import { type AppConfig, productionProblems } from './config/app-config.js';
import { WebhookDispatcher } from './modules/integration/webhooks/application/webhook-dispatcher.js';
import { JobRunner } from './modules/timing/jobs/job-runner.js';
import { CalendarProvider } from './modules/cases/application/calendar-provider.js';
import { WorkflowLoader } from './modules/workflows/workflow-loader.js';
import { runMigrations } from './persistence/data-source.js';
import { HttpDrain } from './shared/http/http-drain.js';
import { IdempotencyRetention } from './shared/http/idempotency/idempotency.retention.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './persistence/embedded-database.js';
import path from 'node:path';
import { localSecretPath } from './shared/auth/auth-keys.js';
import { tracesUrl } from './shared/tracing/tracing.js';
import { consoleDir } from './shared/http/console-static.js';
import { devLoginEnabled } from './modules/auth/commands/dev-login/dev-login.http.controller.js';

export interface Running {
  app: INestApplication;
  url: string;
  stop(): Promise<void>;
}

/** Start-up in phases, each logged with its duration: database, migrations, app, workflows, listen. */
export async function bootstrap(
  config: AppConfig,
  logger = new AppLogger({ level: config.logLevel }),
): Promise<Running> {
  // Every Logger, from the first phase on, writes through the one JSON logger.
  Logger.overrideLogger(logger);
  const log = new Logger('Bootstrap');
  const timed = async <T>(phase: string, fn: () => Promise<T>, describe: (t: T) => string): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    log.log(`${phase}: ${describe(result)} (${Math.round(performance.now() - t0)} ms)`);
    return result;
  };

  const problems = productionProblems(config);
  if (problems.length) throw new Error(`NODE_ENV=production: ${problems.join('; ')}`);
  let embedded: EmbeddedDatabase | null = null;
  const databaseUrl = await timed(
    'database',
    async () => {
      if (config.databaseUrl) return config.databaseUrl;
      embedded = await startEmbeddedDatabase({
        dataDir: path.join(config.dataDir, 'pg'),
        persistent: true,
        log: (m) => log.log(m),
      });
      return embedded.url;
    },
    (url) => (config.databaseUrl ? `using DATABASE_URL (${redact(url)})` : `embedded PostgreSQL at ${redact(url)}`),
  );
  try {
    await timed(
      'migrations',
      () => runMigrations(databaseUrl),
      (done) => (done.length ? `applied ${done.join(', ')}` : 'up to date'),
    );
    const app = await timed(
      'application',
      async () => (await createApp(config, databaseUrl, logger)).init(),
      () => 'modules initialised',
    );
    if (config.loadWorkflows) {
      await timed(
        'workflows',
        () => app.get(WorkflowLoader).load(),
        (s) =>
          `${s.definitions.length} definitions (${s.definitions.filter((d) => d.created).length} new), ` +
          `${config.loadSamples ? `${s.items} sample items` : 'no sample items (LOAD_SAMPLES=false)'}, ` +
          `${s.calendars} calendars loaded`,
      );
    }
    // Which years have holiday calendars: other years count as weekends only, and cases flag them.
    const years = await app.get(CalendarProvider).loadedYears();
    log.log(
      `calendars: ${years.map((r) => `${r.region} ${r.years.join(', ')}`).join('; ') || 'none loaded'}` +
        ' (other years: CALENDAR.YEAR_NOT_LOADED on the API, a supervision warning on cases)',
    );
    await timed(
      'listen',
      () => app.listen(config.port, config.host),
      () => `on port ${config.port}`,
    );
    // Jobs start once the node serves requests; every node runs them (SKIP LOCKED, ADR 0006).
    if (config.runJobs) {
      const jobs = app.get(JobRunner);
      jobs.start();
      log.log(`jobs: runner ${jobs.node} polling every ${config.jobPollMs} ms`);
      // Expired idempotency records go with the jobs: one sweep per job-running node (ADR 0005).
      app.get(IdempotencyRetention).start();
    } else log.log('jobs: runner disabled (TONGBAN_RUN_JOBS=0)');
    // Webhooks go out only once the node serves requests; every node may dispatch (ADR 0007).
    if (config.runWebhooks) app.get(WebhookDispatcher).start();
    else log.log('webhooks: dispatcher disabled (TONGBAN_RUN_WEBHOOKS=0)');
    const url = `http://localhost:${config.port}`;
    log.log(`auth: ${describeAuth(config)}`);
    const traces = tracesUrl(config.tracing);
    if (traces) log.log(`tracing: OTLP/HTTP spans to ${redact(traces)} as ${config.tracing.serviceName}`);
    log.log(
      `Tongban is ready: console ${consoleDir() ? `${url}/console` : '(not built: npm run build)'}, ` +
        `API ${url}/api/v1, docs ${url}/docs`,
    );
    const db = embedded as EmbeddedDatabase | null;
    return {
      app,
      url,
      stop: async () => {
        await app.get(HttpDrain).close(app, config.shutdownGraceMs);
        await db?.stop();
      },
    };
  } catch (e) {
    await (embedded as EmbeddedDatabase | null)?.stop();
    throw e;
  }
}

/** Where the token key comes from, and how a newcomer gets a token that this service accepts. */
function describeAuth(config: AppConfig): string {
  if (config.jwtPublicKey) return 'bearer tokens verified with AUTH_PUBLIC_KEY (from your identity provider)';
  if (config.jwtSecret)
    return 'HS256 secret from AUTH_JWT_SECRET; mint a token with the same AUTH_JWT_SECRET (npm run token -- --help)';
  return (
    `HS256 secret in ${localSecretPath(config.dataDir)}; mint a token from this directory: ` +
    `npm run token -- --roles admin${config.dataDir === path.resolve('.data') ? '' : ` (with DATA_DIR=${config.dataDir})`}` +
    (devLoginEnabled(config) ? ', or use the development sign-in on the console page (this machine only)' : '')
  );
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
