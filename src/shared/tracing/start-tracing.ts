import { NoTracing, type Tracing, type TracingConfig } from './tracing.js';

/** The no-op tracing, or — only when an OTLP endpoint is configured — the OpenTelemetry one, loaded now. */
export async function startTracing(config: TracingConfig): Promise<Tracing> {
  if (!config.endpoint && !config.tracesEndpoint) return new NoTracing();
  const { OtelTracing } = await import('./otel-tracing.js');
  return new OtelTracing(config);
}
