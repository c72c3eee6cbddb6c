import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source.js';
import { DatabaseHealth } from './database-health.js';
import { DbNotifications } from './db-notifications.js';
import { ApiKeyRepository } from './repositories/api-key.repository.js';
import { CalendarRepository } from './repositories/calendar.repository.js';
import { DefinitionRepository } from './repositories/definition.repository.js';
import { ItemRepository } from './repositories/item.repository.js';
import { UnitOfWork } from './unit-of-work.js';
import { CaseStore } from './case-store/case-store.js';

const repositories = [
  UnitOfWork,
  CaseStore,
  ApiKeyRepository,
  DefinitionRepository,
  ItemRepository,
  CalendarRepository,
  DatabaseHealth,
  DbNotifications,
];

/** The database connection and the repositories: the only module that knows TypeORM. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(url: string, poolSize: number, connectTimeoutMs?: number): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(url, poolSize, connectTimeoutMs), autoLoadEntities: false }),
      ],
      providers: repositories,
      exports: repositories,
    };
  }
}
