import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { CaseRulesModule } from './modules/cases/case-rules.module.js';
import { DefinitionsModule } from './modules/definitions/definitions.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IntegrationModule } from './modules/integration/integration.module.js';
import { ItemsModule } from './modules/items/items.module.js';
import { SupervisionModule } from './modules/supervision/supervision.module.js';
import { TasksModule } from './modules/tasks/tasks.module.js';
import { TimingModule } from './modules/timing/timing.module.js';
import { WorkflowsModule } from './modules/workflows/workflows.module.js';
import { PersistenceModule } from './persistence/persistence.module.js';
import { resolveJwtKey } from './shared/auth/auth-keys.js';
import { AuthGuard, JWT_KEY } from './shared/auth/auth.guard.js';
import { ClockService } from './shared/clock/clock.service.js';
import { HttpDrain } from './shared/http/http-drain.js';
import { IdempotencyInterceptor } from './shared/http/idempotency/idempotency.interceptor.js';
import { IdempotencyRetention } from './shared/http/idempotency/idempotency.retention.js';
import { IdempotencyStore } from './shared/http/idempotency/idempotency.store.js';
import { CommandTracing } from './shared/tracing/command-tracing.js';
import { NoTracing, Tracing } from './shared/tracing/tracing.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, tracing: Tracing = new NoTracing()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot(databaseUrl, 20, config.dbConnectTimeoutMs),
        HealthModule,
        AuthModule,
        DefinitionsModule,
        ItemsModule,
        WorkflowsModule,
        CasesModule,
        CaseRulesModule,
        TasksModule,
        IntegrationModule,
        TimingModule,
        SupervisionModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Tracing, useValue: tracing },
        CommandTracing,
        { provide: JWT_KEY, useValue: resolveJwtKey(config) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        {
          provide: ClockService,
          useFactory: () => {
            const clock = new ClockService();
            if (config.clockControl && config.clockStart) clock.startAt(new Date(config.clockStart));
            return clock;
          },
        },
        IdempotencyStore,
        IdempotencyRetention,
        HttpDrain,
      ],
      exports: [APP_CONFIG, ClockService, IdempotencyStore, Tracing, HttpDrain],
    };
  }
}
