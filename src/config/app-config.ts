import path from 'node:path';
import { DEFAULT_ENGINE_LIMITS, type EngineLimits } from '../engine/index.js';
import { type CorsOrigins, corsOriginsFrom } from '../shared/http/cors.js';
import type { TracingConfig } from '../shared/tracing/tracing.js';

/** Typed view of the environment. Every variable here is listed in the README. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string | undefined;
  jwtPublicKey: string | undefined;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  clockControl: boolean;
  /** With clockControl: the instant the server clock starts at (e.g. a past date to replay a calendar year). */
  clockStart: string | undefined;
  workflowsDir: string;
  loadWorkflows: boolean;
  caseNoPattern: string;
  maxBpmnBytes: number;
  publicQueryPerMinute: number;
  /** Safety poll of an idle job runner; job writes normally wake it through LISTEN/NOTIFY. */
  jobPollMs: number;
  runJobs: boolean;
  /** Joint approval: a 不同意 without reasons counts as 同意 (`consent`, domain.md §6.2) or is refused (`refuse`). */
  unreasonedReject: 'consent' | 'refuse';
  /** Webhook dispatcher (integration): on unless TONGBAN_RUN_WEBHOOKS=0; tests start it themselves. */
  runWebhooks: boolean;
  /** Safety poll of an idle dispatcher; deliveries normally wake it through LISTEN/NOTIFY. */
  webhookPollMs: number;
  /** 0: no cap on attempts, only the retry budget. */
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  /** Longest single back-off between two attempts. */
  webhookRetryMaxDelayMs: number;
  /** A failing delivery is retried for this long (from its first attempt) before it is dead-lettered. */
  webhookRetryBudgetMs: number;
  /** A dead delivery holds its case's later events for that webhook until redelivered or skipped. */
  webhookDeadLetterHoldsCase: boolean;
  webhookTimeoutMs: number;
  /** Deepest nesting of `{`/`[` a JSON body may have (JSON_MAX_DEPTH); deeper is HTTP.NESTING_TOO_DEEP. */
  jsonMaxDepth: number;
  /** Lets webhooks target loopback, private and link-local addresses (development and tests only). */
  webhookAllowPrivateTargets: boolean;
  /** How long an Idempotency-Key's stored answer is kept (and replayed) before the retention sweep deletes it. */
  idempotencyTtlHours: number;
  /** How often a node that runs jobs deletes expired idempotency records. */
  idempotencySweepMinutes: number;
  /** How long a command waits for a database connection before it answers 503 DB.UNAVAILABLE. */
  dbConnectTimeoutMs: number;
  /**
   * On SIGTERM, how long requests in flight may take before their connections are cut (http-drain.ts); under
   * the 10 s after which Docker kills a container, so the database pool still closes cleanly.
   */
  shutdownGraceMs: number;
  /** Tolerance for `exp`/`nbf` of bearer tokens, for clocks that drift between the identity provider and us. */
  authClockSkewSeconds: number;
  /** Required `aud` of bearer tokens (AUTH_JWT_AUDIENCE); unset: not checked. */
  jwtAudience: string | undefined;
  /** Required `iss` of bearer tokens (AUTH_JWT_ISSUER); unset: not checked. */
  jwtIssuer: string | undefined;
  /** Longest lifetime (exp − iat) a bearer token may have, in seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS); 0: any. */
  jwtMaxLifetimeSeconds: number;
  /** Largest `variables` object one command may carry, measured on its JSON (UTF-8 bytes). */
  variablesMaxBytes: number;
  /**
   * How far one command may run the engine (ENGINE_MAX_STEPS, ENGINE_MAX_FEEL_ITERATIONS,
   * ENGINE_MAX_FEEL_ITERATIONS_PER_COMMAND): a model looping without a wait state, or a FEEL
   * expression iterating too long, fails the command with a coded 422 instead of holding the node.
   */
  engineLimits: Required<EngineLimits>;
  /** Task lists count `total` exactly up to this many rows, then stop (TASK_TOTAL_LIMIT). */
  taskTotalLimit: number;
  /** NODE_ENV=production: secrets and DATABASE_URL are required, samples load only when asked, no CORS by default. */
  production: boolean;
  /** Loads the sample items of WORKFLOWS_DIR/items (LOAD_SAMPLES): on in development, off in production. */
  loadSamples: boolean;
  /** Origins a browser app may call the API from (CORS_ORIGINS). */
  corsOrigins: CorsOrigins;
  /** OpenTelemetry traces over OTLP/HTTP, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (ADR 0014). */
  tracing: TracingConfig;
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

function intFrom(value: string | undefined, fallback: number): number {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const level = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  const production = env.NODE_ENV === 'production';
  return {
    port: intFrom(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    jwtSecret: env.AUTH_JWT_SECRET || undefined,
    jwtPublicKey: env.AUTH_PUBLIC_KEY || undefined,
    logLevel: LOG_LEVELS.includes(level) ? level : 'log',
    clockControl: env.TONGBAN_CLOCK_CONTROL === '1',
    clockStart:
      env.TONGBAN_CLOCK_CONTROL === '1' &&
      env.TONGBAN_CLOCK_START &&
      Number.isFinite(Date.parse(env.TONGBAN_CLOCK_START))
        ? new Date(env.TONGBAN_CLOCK_START).toISOString()
        : undefined,
    workflowsDir: path.resolve(env.WORKFLOWS_DIR ?? 'workflows'),
    loadWorkflows: env.TONGBAN_LOAD_WORKFLOWS !== '0',
    caseNoPattern: env.CASE_NO_PATTERN ?? '{region6}{yyyyMMdd}{seq8}',
    maxBpmnBytes: intFrom(env.BPMN_MAX_BYTES, 5 * 1024 * 1024),
    publicQueryPerMinute: intFrom(env.PUBLIC_QUERY_PER_MINUTE, 30),
    jobPollMs: Math.max(10, intFrom(env.JOB_POLL_MS, 30_000)),
    runJobs: env.TONGBAN_RUN_JOBS !== '0',
    unreasonedReject: env.JOINT_UNREASONED_REJECT === 'refuse' ? 'refuse' : 'consent',
    runWebhooks: env.TONGBAN_RUN_WEBHOOKS !== '0',
    webhookPollMs: Math.max(10, intFrom(env.WEBHOOK_POLL_MS, 30_000)),
    webhookMaxAttempts: intFrom(env.WEBHOOK_MAX_ATTEMPTS, 0),
    webhookRetryBaseMs: intFrom(env.WEBHOOK_RETRY_BASE_MS, 1000),
    webhookRetryMaxDelayMs: Math.max(1, intFrom(env.WEBHOOK_RETRY_MAX_DELAY_MS, 15 * 60_000)),
    webhookRetryBudgetMs: intFrom(env.WEBHOOK_RETRY_BUDGET_MS, 24 * 3_600_000),
    webhookDeadLetterHoldsCase: !['false', '0'].includes(env.WEBHOOK_DEAD_LETTER_HOLDS_CASE ?? ''),
    webhookTimeoutMs: Math.max(100, intFrom(env.WEBHOOK_TIMEOUT_MS, 5000)),
    jsonMaxDepth: Math.max(1, intFrom(env.JSON_MAX_DEPTH, 64)),
    webhookAllowPrivateTargets:
      env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true' || env.WEBHOOK_ALLOW_PRIVATE_TARGETS === '1',
    idempotencyTtlHours: Math.max(1, intFrom(env.IDEMPOTENCY_TTL_HOURS, 24)),
    idempotencySweepMinutes: Math.max(1, intFrom(env.IDEMPOTENCY_SWEEP_MINUTES, 15)),
    dbConnectTimeoutMs: Math.max(100, intFrom(env.DB_CONNECT_TIMEOUT_MS, 5000)),
    shutdownGraceMs: Math.max(0, intFrom(env.SHUTDOWN_GRACE_MS, 8_000)),
    authClockSkewSeconds: Math.min(600, intFrom(env.AUTH_CLOCK_SKEW_SECONDS, 60)),
    jwtAudience: env.AUTH_JWT_AUDIENCE || undefined,
    jwtIssuer: env.AUTH_JWT_ISSUER || undefined,
    jwtMaxLifetimeSeconds: intFrom(env.AUTH_MAX_TOKEN_LIFETIME_SECONDS, 0),
    variablesMaxBytes: Math.max(1024, intFrom(env.VARIABLES_MAX_BYTES, 64 * 1024)),
    taskTotalLimit: Math.max(1, intFrom(env.TASK_TOTAL_LIMIT, 1000)),
    engineLimits: {
      maxSteps: Math.max(1, intFrom(env.ENGINE_MAX_STEPS, DEFAULT_ENGINE_LIMITS.maxSteps)),
      maxFeelIterations: Math.max(1, intFrom(env.ENGINE_MAX_FEEL_ITERATIONS, DEFAULT_ENGINE_LIMITS.maxFeelIterations)),
      maxFeelIterationsPerCommand: Math.max(
        1,
        intFrom(env.ENGINE_MAX_FEEL_ITERATIONS_PER_COMMAND, DEFAULT_ENGINE_LIMITS.maxFeelIterationsPerCommand),
      ),
    },
    production,
    loadSamples:
      env.LOAD_SAMPLES === undefined || env.LOAD_SAMPLES === ''
        ? !production
        : ['true', '1'].includes(env.LOAD_SAMPLES),
    corsOrigins: corsOriginsFrom(env.CORS_ORIGINS, production),
    tracing: tracingConfigFrom(env),
  };
}

/** The standard OpenTelemetry variables, read here so the service's one config says what is on. */
function tracingConfigFrom(env: NodeJS.ProcessEnv): TracingConfig {
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG);
  // OTEL_SDK_DISABLED=true switches tracing off whatever the endpoints say (the specification's switch).
  const off = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  return {
    endpoint: (!off && env.OTEL_EXPORTER_OTLP_ENDPOINT) || undefined,
    tracesEndpoint: (!off && env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) || undefined,
    headers: Object.fromEntries(
      (env.OTEL_EXPORTER_OTLP_HEADERS ?? '')
        .split(',')
        .map((pair) => pair.split('='))
        .filter((kv) => kv.length >= 2 && kv[0]!.trim() !== '')
        .map(([k, ...v]) => [k!.trim(), safeDecode(v.join('=').trim())]),
    ),
    serviceName: env.OTEL_SERVICE_NAME || 'tongban',
    sampleRatio: env.OTEL_TRACES_SAMPLER_ARG && ratio >= 0 && ratio <= 1 ? ratio : 1,
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * What a production start (NODE_ENV=production) refuses to run without: a generated secret would
 * differ between replicas and vanish with the container, and the embedded database is for development.
 */
export function productionProblems(config: AppConfig): string[] {
  if (!config.production) return [];
  const problems: string[] = [];
  if (!config.jwtSecret && !config.jwtPublicKey)
    problems.push("set AUTH_JWT_SECRET (a long random string) or AUTH_PUBLIC_KEY (your identity provider's key)");
  if (!config.databaseUrl) problems.push('set DATABASE_URL (the embedded PostgreSQL is for development only)');
  return problems;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
