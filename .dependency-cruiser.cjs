/**
 * Architecture rules, checked by `npm run lint` (docs/architecture.md, ADR 0012).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment:
        'src/engine imports nothing but itself and its parsers (bpmn-moddle, feelin): no Nest, TypeORM, pg, node:*, no path out of the engine.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { pathNot: ['^src/engine/', '^types/', 'node_modules/(bpmn-moddle|feelin)/'] },
    },
    {
      name: 'engine-no-node-builtins',
      comment: 'The engine runs anywhere and is replayable: no node:* modules.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-is-pure',
      comment:
        'Domain code (modules/*/domain, modules/*/*/domain) holds rules over plain data: no persistence, no Nest, no database driver.',
      severity: 'error',
      from: { path: ['^src/modules/[^/]+/domain/', '^src/modules/[^/]+/[^/]+/domain/'] },
      to: { path: ['^src/persistence/', 'node_modules/(@nestjs|typeorm|pg)/'] },
    },
    {
      name: 'opentelemetry-only-when-on',
      comment:
        'Only src/shared/tracing/otel-tracing.ts imports OpenTelemetry, and it is loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (ADR 0014).',
      severity: 'error',
      from: { pathNot: '^src/shared/tracing/otel-tracing\\.ts$' },
      to: { path: 'node_modules/@opentelemetry/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere: dependencies point one way.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
