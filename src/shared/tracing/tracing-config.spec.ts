import { loadConfig } from '../../config/app-config.js';
import { commandAttributes, commandName } from './command-tracing.js';
import { startTracing } from './start-tracing.js';
import { tracesUrl } from './tracing.js';

describe('tracing configuration (the standard OTEL_* variables)', () => {
  it('is off without an endpoint, and the no-op tracing runs the work itself', async () => {
    const config = loadConfig({});
    expect(tracesUrl(config.tracing)).toBeUndefined();
    const tracing = await startTracing(config.tracing);
    expect(tracing.enabled).toBe(false);
    await expect(tracing.command('X', {}, () => Promise.resolve(42))).resolves.toBe(42);
    await expect(tracing.span('y', {}, () => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('sends to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(tracesUrl(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing)).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      tracesUrl(
        loadConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp',
        }).tracing,
      ),
    ).toBe('https://traces.example/otlp');
  });

  it('stays off with OTEL_SDK_DISABLED=true, whatever the endpoints say', () => {
    const t = loadConfig({
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces',
    }).tracing;
    expect(tracesUrl(t)).toBeUndefined();
  });

  it('reads headers, service name and sample ratio, ignoring what it cannot use', () => {
    const t = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-tenant = gov=1 ,broken,=nokey,bad=%E0%A4%A',
      OTEL_SERVICE_NAME: 'tongban-zz',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    }).tracing;
    expect(t.headers).toEqual({ authorization: 'Bearer abc', 'x-tenant': 'gov=1', bad: '%E0%A4%A' });
    expect(t.serviceName).toBe('tongban-zz');
    expect(t.sampleRatio).toBe(0.25);
    for (const bad of ['2', '-1', 'x'])
      expect(loadConfig({ OTEL_TRACES_SAMPLER_ARG: bad }).tracing.sampleRatio).toBe(1);
    expect(loadConfig({}).tracing.serviceName).toBe('tongban');
  });

  it('puts identifiers only on a command span: no body, no caller id or name', () => {
    class CompleteTaskCommand {
      constructor(
        readonly taskId: string,
        readonly request: { opinion: string },
        readonly principal: { kind: string; id: string; name: string },
      ) {}
    }
    const c = new CompleteTaskCommand('t-1', { opinion: '同意' }, { kind: 'user', id: 'u-7', name: '张三' });
    expect(commandName(c)).toBe('CompleteTask');
    expect(commandAttributes(c)).toEqual({ 'tongban.task.id': 't-1', 'tongban.principal.kind': 'user' });
  });
});
