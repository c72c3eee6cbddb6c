import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DeployDefinitionHandler } from './commands/deploy-definition/deploy-definition.handler.js';
import { DeployDefinitionHttpController } from './commands/deploy-definition/deploy-definition.http.controller.js';
import { DefinitionModels } from './application/definition-models.js';
import { GetDefinitionHandler } from './queries/get-definition/get-definition.handler.js';
import { GetDefinitionHttpController } from './queries/get-definition/get-definition.http.controller.js';
import { ListDefinitionsHandler } from './queries/list-definitions/list-definitions.handler.js';
import { ListDefinitionsHttpController } from './queries/list-definitions/list-definitions.http.controller.js';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxBpmnBytes, files: 1, fields: 10 } }),
    }),
  ],
  controllers: [DeployDefinitionHttpController, ListDefinitionsHttpController, GetDefinitionHttpController],
  providers: [DeployDefinitionHandler, ListDefinitionsHandler, GetDefinitionHandler, DefinitionModels],
  exports: [DefinitionModels],
})
export class DefinitionsModule {}
