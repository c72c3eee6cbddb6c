/**
 * The OpenTelemetry side of tracing (ADR 0014), loaded only when an OTLP endpoint is configured. Spans go
 * over OTLP/HTTP (JSON) in batches. The active span is kept in this module's own AsyncLocalStorage rather
 * than in OpenTelemetry's global context manager: nothing global is registered, so several applications in
 * one process (tests) and other libraries' instrumentation cannot see or disturb each other's spans.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import {
  type RequestSpan,
  type SpanAttributes,
  type SpanHandle,
  Tracing,
  type TracingConfig,
  tracesUrl,
} from './tracing.js';

interface Active {
  context: Context;
  /** The command span the SQL round trips belong to, if any. */
  command: Span | null;
}

export class OtelTracing extends Tracing {
  readonly enabled = true;
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly active = new AsyncLocalStorage<Active>();
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(config: TracingConfig) {
    super();
    const url = tracesUrl(config);
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.serviceName }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url, headers: config.headers }))],
    });
    this.tracer = this.provider.getTracer('tongban');
  }

  span<T>(name: string, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
    const parent = this.active.getStore();
    const span = this.tracer.startSpan(name, { attributes }, parent?.context ?? ROOT_CONTEXT);
    return this.run(
      span,
      { context: trace.setSpan(parent?.context ?? ROOT_CONTEXT, span), command: parent?.command ?? null },
      () => fn(span),
    );
  }

  command<T>(name: string, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T> {
    const parent = this.active.getStore();
    if (parent?.command) {
      parent.command.setAttributes(attributes);
      return fn();
    }
    const base = parent?.context ?? ROOT_CONTEXT;
    const span = this.tracer.startSpan(name, { attributes: { 'tongban.command': name, ...attributes } }, base);
    return this.run(span, { context: trace.setSpan(base, span), command: span }, fn);
  }

  annotateCommand(attributes: SpanAttributes): void {
    this.active.getStore()?.command?.setAttributes(attributes);
  }

  startRequest(method: string, headers: Record<string, string | string[] | undefined>): RequestSpan {
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const span = this.tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
      parent,
    );
    let ended = false;
    return {
      run: (next) => this.active.run({ context: trace.setSpan(parent, span), command: null }, next),
      end: (route, status, requestId) => {
        if (ended) return;
        ended = true;
        // The route template, never the path: paths carry case numbers and query strings carry names.
        if (route) span.updateName(`${method} ${route}`);
        span.setAttributes({
          'http.response.status_code': status,
          ...(route ? { 'http.route': route } : {}),
          ...(requestId ? { 'tongban.request_id': requestId } : {}),
        });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    };
  }

  async flush(): Promise<void> {
    await this.provider.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }

  private async run<T>(span: Span, active: Active, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.active.run(active, fn);
    } catch (e) {
      // The error's kind and code only: messages may quote what a user sent.
      const code = (e as { code?: unknown }).code;
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttributes({
        'error.type': typeof code === 'string' ? code : e instanceof Error ? e.constructor.name : 'unknown',
      });
      throw e;
    } finally {
      span.end();
    }
  }
}
