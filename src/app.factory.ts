import { type INestApplication, type LoggerService, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { MetricsRegistry } from './modules/health/metrics.registry.js';
import { validationPipe } from './shared/errors/validation.js';
import { ProblemFilter } from './shared/errors/problem.filter.js';
import { answerClientErrors } from './shared/http/client-error.js';
import { cors } from './shared/http/cors.js';
import { serveConsole } from './shared/http/console-static.js';
import { accessLog, requestId } from './shared/http/request-log.js';
import { AppLogger } from './shared/logging/app-logger.js';
import { traceRequests } from './shared/tracing/trace-requests.js';
import { startTracing } from './shared/tracing/start-tracing.js';
import { buildOpenApiDocument } from './shared/http/openapi.js';
import { HttpDrain } from './shared/http/http-drain.js';
import { jsonBodyVerifier, rejectNulCharacters, textBodyVerifier } from './shared/http/input-guard.js';

const OPEN_ROUTES = [
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
  // Camunda 7 clients are configured with a base URL ending in /engine-rest (ADR 0013).
  { path: 'engine-rest/{*path}', method: RequestMethod.ALL },
];

/** Builds the configured application (not yet listening): shared by main.ts, tests and benchmarks. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: LoggerService | false = false,
): Promise<INestApplication> {
  // Tracing is optional: without an OTLP endpoint no OpenTelemetry code is loaded (ADR 0014).
  const tracing = await startTracing(config.tracing);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, tracing), {
    bodyParser: false,
    logger: logger === false ? false : logger,
    abortOnError: false,
  });
  // First, so that every answer given while the node stops closes its connection (http-drain.ts).
  app.use(app.get(HttpDrain).closeConnectionsWhenDraining);
  app.use(requestId);
  serveConsole(app);
  if (logger instanceof AppLogger) app.use(accessLog(logger.pino.child({ context: 'http' })));
  app.use(cors(config.corsOrigins));
  // Our own body parsers: JSON for the API, raw XML for BPMN uploads, each with a size limit.
  // NUL characters and deep JSON are refused in one place, before any handler (input-guard.ts).
  app.use(rejectNulCharacters);
  app.use(
    express.json({
      limit: '1mb',
      type: ['application/json', 'application/*+json'],
      verify: jsonBodyVerifier(config.jsonMaxDepth),
    }),
  );
  app.use(
    express.text({
      limit: config.maxBpmnBytes,
      type: ['application/xml', 'text/xml', 'application/bpmn+xml'],
      verify: textBodyVerifier,
    }),
  );
  // After the body parsers: their stream callbacks would lose the span's async context.
  if (tracing.enabled) app.use(traceRequests(tracing));
  answerClientErrors(app.getHttpServer());
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.setGlobalPrefix('api/v1', { exclude: OPEN_ROUTES });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  const metrics = app.get(MetricsRegistry);
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  });
  setupSwagger(app);
  return app;
}

function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
