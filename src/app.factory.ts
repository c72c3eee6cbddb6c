import { type INestApplication, type LoggerService, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { MetricsRegistry } from './modules/health/metrics.registry.js';
import { validationPipe } from './shared/errors/validation.js';
import { ProblemFilter } from './shared/errors/problem.filter.js';
import { answerClientErrors } from './shared/http/client-error.js';
import { cors } from './shared/http/cors.js';
import { accessLog, requestId } from './shared/http/request-log.js';
import { AppLogger } from './shared/logging/app-logger.js';
import { jsonBodyVerifier, rejectNulCharacters, textBodyVerifier } from './shared/http/input-guard.js';

const OPEN_ROUTES = [
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
];

/** Builds the configured application (not yet listening): shared by main.ts, tests and benchmarks. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: LoggerService | false = false,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: logger === false ? false : logger,
    abortOnError: false,
  });
  app.use(requestId);
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
  answerClientErrors(app.getHttpServer());
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.enableShutdownHooks();
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
  const doc = new DocumentBuilder()
    .setTitle('Tongban 通办 API')
    .setDescription(
      'BPMN approval orchestrator for government one-stop service centres. Errors are RFC 9457 ' +
        'problem+json with a stable `code`. Every POST accepts an `Idempotency-Key` header.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  for (const item of Object.values(document.paths)) {
    item.post?.parameters?.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Send the same key again to get the first answer back without doing anything twice. Keys belong to ' +
        'the caller (principal and department) and are kept IDEMPOTENCY_TTL_HOURS (24 h); a failed request ' +
        'stores nothing, so it may be retried with the same key.',
      schema: { type: 'string', maxLength: 200, example: '2f1c3a0e-6d7b-4c1e-9a51-5d8f3b7c2e10' },
    });
  }
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
