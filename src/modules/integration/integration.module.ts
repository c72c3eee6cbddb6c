import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { TimingModule } from '../timing/timing.module.js';
import { CamundaCompatModule } from './camunda-compat/camunda-compat.module.js';
import { DefinitionsModule } from '../definitions/definitions.module.js';
import { PushDepartmentStatusHandler } from './department-status/commands/push-department-status/push-department-status.handler.js';
import { PushDepartmentStatusHttpController } from './department-status/commands/push-department-status/push-department-status.http.controller.js';
import { ExternalTaskActionHandler } from './external-tasks/commands/external-task-action/external-task-action.handler.js';
import { ExternalTaskActionHttpController } from './external-tasks/commands/external-task-action/external-task-action.http.controller.js';
import { FetchAndLockHandler } from './external-tasks/commands/fetch-and-lock/fetch-and-lock.handler.js';
import { FetchAndLockHttpController } from './external-tasks/commands/fetch-and-lock/fetch-and-lock.http.controller.js';
import { SetRetriesHandler } from './external-tasks/commands/set-retries/set-retries.handler.js';
import { SetRetriesHttpController } from './external-tasks/commands/set-retries/set-retries.http.controller.js';
import { ExternalTaskWaiters } from './external-tasks/application/task-waiters.js';
import { CorrelateMessageHandler } from './messages/commands/correlate-message/correlate-message.handler.js';
import { CorrelateMessageHttpController } from './messages/commands/correlate-message/correlate-message.http.controller.js';
import { MessageStarter } from './messages/application/message-starter.js';
import { BufferedMessageDelivery } from './messages/application/buffered-message-delivery.js';
import { CreateWebhookHandler } from './webhooks/commands/create-webhook/create-webhook.handler.js';
import { CreateWebhookHttpController } from './webhooks/commands/create-webhook/create-webhook.http.controller.js';
import { DeleteWebhookHandler } from './webhooks/commands/delete-webhook/delete-webhook.handler.js';
import { DeleteWebhookHttpController } from './webhooks/commands/delete-webhook/delete-webhook.http.controller.js';
import { RedeliverDeliveryHandler } from './webhooks/commands/redeliver-delivery/redeliver-delivery.handler.js';
import { RedeliverDeliveryHttpController } from './webhooks/commands/redeliver-delivery/redeliver-delivery.http.controller.js';
import { SkipDeliveryHandler } from './webhooks/commands/skip-delivery/skip-delivery.handler.js';
import { SkipDeliveryHttpController } from './webhooks/commands/skip-delivery/skip-delivery.http.controller.js';
import { WebhookDispatcher } from './webhooks/application/webhook-dispatcher.js';
import { SignalFanOut } from './signals/application/signal-fan-out.js';
import { SignalJobs } from './signals/application/signal-jobs.js';
import { BroadcastSignalHandler } from './signals/commands/broadcast-signal/broadcast-signal.handler.js';
import { BroadcastSignalHttpController } from './signals/commands/broadcast-signal/broadcast-signal.http.controller.js';
import { GetSignalHttpController } from './signals/queries/get-signal/get-signal.http.controller.js';
import { WebhookReader } from './webhooks/application/webhook.reader.js';
import { ListDeliveriesHttpController } from './webhooks/queries/list-deliveries/list-deliveries.http.controller.js';
import { ListWebhooksHttpController } from './webhooks/queries/list-webhooks/list-webhooks.http.controller.js';

/** Department systems: messages, signals, department status pushes, external tasks and signed webhooks (ADR 0007/0008/0020). */
@Module({
  imports: [CasesModule, DefinitionsModule, CamundaCompatModule, TimingModule],
  controllers: [
    CorrelateMessageHttpController,
    PushDepartmentStatusHttpController,
    FetchAndLockHttpController,
    ExternalTaskActionHttpController,
    SetRetriesHttpController,
    CreateWebhookHttpController,
    ListWebhooksHttpController,
    ListDeliveriesHttpController,
    DeleteWebhookHttpController,
    RedeliverDeliveryHttpController,
    SkipDeliveryHttpController,
    BroadcastSignalHttpController,
    GetSignalHttpController,
  ],
  providers: [
    MessageStarter,
    BufferedMessageDelivery,
    CorrelateMessageHandler,
    PushDepartmentStatusHandler,
    ExternalTaskWaiters,
    FetchAndLockHandler,
    ExternalTaskActionHandler,
    SetRetriesHandler,
    WebhookReader,
    CreateWebhookHandler,
    DeleteWebhookHandler,
    RedeliverDeliveryHandler,
    SkipDeliveryHandler,
    WebhookDispatcher,
    SignalFanOut,
    SignalJobs,
    BroadcastSignalHandler,
  ],
  exports: [WebhookDispatcher],
})
export class IntegrationModule {}
