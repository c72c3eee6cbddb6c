/**
 * Optional tracing (ADR 0014). The application depends only on this small interface; the OpenTelemetry
 * implementation (otel-tracing.ts) is imported (by start-tracing.ts) only when OTEL_EXPORTER_OTLP_ENDPOINT is set, so a service
 * without it loads and runs no OpenTelemetry code at all.
 */
export type SpanAttributes = Record<string, string | number | boolean>;

export interface SpanHandle {
  setAttributes(attributes: SpanAttributes): void;
}

/** One HTTP request's server span: `run` runs the rest of the request in it, `end` closes it. */
export interface RequestSpan {
  run(next: () => void): void;
  end(route: string | undefined, status: number, requestId: string | undefined): void;
}

export abstract class Tracing {
  abstract readonly enabled: boolean;
  /** Runs `fn` in a child span of the active one (or a root span). */
  abstract span<T>(name: string, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` as one command: a new command span, or — inside a command already (a case command run by a
   * command handler) — the enclosing one, so the SQL round trips are the command span's children.
   */
  abstract command<T>(name: string, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T>;
  /** Adds attributes to the active command span (what is known only later, such as the case id). */
  abstract annotateCommand(attributes: SpanAttributes): void;
  /** Starts the server span of an HTTP request (a child of the caller's `traceparent`, if sent). */
  abstract startRequest(method: string, headers: Record<string, string | string[] | undefined>): RequestSpan;
  /** Exports what is buffered now (tests, shutdown). */
  abstract flush(): Promise<void>;
  abstract shutdown(): Promise<void>;
}

const NOOP_SPAN: SpanHandle = { setAttributes: () => undefined };

/** Tracing off: every call is the work itself. */
export class NoTracing extends Tracing {
  readonly enabled = false;
  span<T>(_name: string, _attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
    return fn(NOOP_SPAN);
  }
  command<T>(_name: string, _attributes: SpanAttributes, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
  annotateCommand(): void {}
  startRequest(): RequestSpan {
    return { run: (next) => next(), end: () => undefined };
  }
  async flush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; traces go to `<endpoint>/v1/traces`. */
  endpoint: string | undefined;
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: the full traces URL, when it is not `<endpoint>/v1/traces`. */
  tracesEndpoint: string | undefined;
  /** OTEL_EXPORTER_OTLP_HEADERS: `key=value,key2=value2` sent with every export (a collector's token). */
  headers: Record<string, string>;
  /** OTEL_SERVICE_NAME, default `tongban`. */
  serviceName: string;
  /** OTEL_TRACES_SAMPLER_ARG: the share of traces kept (0…1), default 1. */
  sampleRatio: number;
}

/** Where spans go: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`. */
export function tracesUrl(config: TracingConfig): string | undefined {
  if (config.tracesEndpoint) return config.tracesEndpoint;
  return config.endpoint ? `${config.endpoint.replace(/\/+$/, '')}/v1/traces` : undefined;
}
