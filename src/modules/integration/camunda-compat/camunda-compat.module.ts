import { Module } from '@nestjs/common';
import { CamundaExternalTaskActionController } from './external-task/camunda-external-task-action.controller.js';
import { CamundaFetchAndLockController } from './external-task/camunda-fetch-and-lock.controller.js';
import { CamundaMessageController } from './message/camunda-message.controller.js';

/**
 * Camunda 7 compatible /engine-rest facade for department systems written against Camunda's external
 * task and message REST API (ADR 0013). Controllers only: each route maps Camunda's shapes onto the
 * same commands as /api/v1, so authorisation, department isolation and every business rule are shared.
 */
@Module({
  controllers: [CamundaFetchAndLockController, CamundaExternalTaskActionController, CamundaMessageController],
})
export class CamundaCompatModule {}
