import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBasicAuth, ApiBody, ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AllowBasicApiKey, CurrentPrincipal, Roles, Scopes } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { ExternalTaskActionCommand } from '../../external-tasks/commands/external-task-action/external-task-action.command.js';
import type { ExternalTaskAction } from '../../external-tasks/commands/external-task-action/external-task-action.request.dto.js';
import { CamundaErrorFilter } from '../camunda-error.filter.js';
import { fromCamundaVariables } from '../camunda-variables.js';
import {
  CamundaBpmnErrorDto,
  CamundaCompleteDto,
  CamundaExtendLockDto,
  CamundaFailureDto,
} from './camunda-external-task.dto.js';

const ERRORS =
  'Errors: 404 EXTERNAL_TASK.NOT_FOUND; 409 EXTERNAL_TASK.NOT_OPEN / NOT_LOCKED_BY_WORKER / LOCK_EXPIRED; ' +
  '400 CAMUNDA.INVALID_VARIABLE — Camunda shape {type, message} plus code.';

/** Camunda 7's external task actions, each mapped onto our ExternalTaskActionCommand; Camunda answers 204. */
@ApiTags('Camunda 7 compatibility')
@ApiSecurity('api-key')
@ApiBasicAuth('api-key-basic')
@AllowBasicApiKey()
@UseFilters(CamundaErrorFilter)
@Roles('admin')
@Scopes('external-tasks')
@Controller('engine-rest/external-task')
export class CamundaExternalTaskActionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/complete')
  @HttpCode(204)
  @ApiOperation({ operationId: 'camundaCompleteExternalTask', summary: 'Camunda 7 complete', description: ERRORS })
  @ApiBody({ type: CamundaCompleteDto })
  @ApiNoContentResponse({ description: 'Completed; the case moved on' })
  async complete(
    @Param('id', uuidParam) id: string,
    @Body() body: CamundaCompleteDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const variables = {
      ...fromCamundaVariables(body.variables),
      ...fromCamundaVariables(body.localVariables, 'localVariables'),
    };
    await this.run(id, { kind: 'complete', body: { workerId: body.workerId, variables } }, p);
  }

  @Post(':id/failure')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'camundaHandleExternalTaskFailure',
    summary: 'Camunda 7 handleFailure',
    description: `Handed out again after retryTimeout ms; retries 0 (the default) raises an incident. ${ERRORS}`,
  })
  @ApiBody({ type: CamundaFailureDto })
  @ApiNoContentResponse({ description: 'Failure recorded' })
  async failure(@Param('id', uuidParam) id: string, @Body() body: CamundaFailureDto, @CurrentPrincipal() p: Principal) {
    const { workerId, errorDetails } = body;
    const failure = {
      workerId,
      errorMessage: body.errorMessage || 'failure reported without a message',
      ...(errorDetails !== undefined ? { errorDetails } : {}),
      retries: body.retries ?? 0,
      retryTimeoutMs: body.retryTimeout ?? 0,
    };
    await this.run(id, { kind: 'failure', body: failure }, p);
  }

  @Post(':id/bpmnError')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'camundaHandleExternalTaskBpmnError',
    summary: 'Camunda 7 handleBpmnError',
    description: `Caught by an error boundary event or error event subprocess with that errorCode. ${ERRORS}`,
  })
  @ApiBody({ type: CamundaBpmnErrorDto })
  @ApiNoContentResponse({ description: 'Error thrown in the case' })
  async bpmnError(
    @Param('id', uuidParam) id: string,
    @Body() body: CamundaBpmnErrorDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const variables = fromCamundaVariables(body.variables);
    const { workerId, errorCode, errorMessage } = body;
    const error = {
      workerId,
      errorCode,
      ...(errorMessage !== undefined ? { errorMessage } : {}),
      ...(variables ? { variables } : {}),
    };
    await this.run(id, { kind: 'bpmn-error', body: error }, p);
  }

  @Post(':id/extendLock')
  @HttpCode(204)
  @ApiOperation({ operationId: 'camundaExtendExternalTaskLock', summary: 'Camunda 7 extendLock', description: ERRORS })
  @ApiBody({ type: CamundaExtendLockDto })
  @ApiNoContentResponse({ description: 'The lock now ends newDuration ms from now' })
  async extendLock(
    @Param('id', uuidParam) id: string,
    @Body() body: CamundaExtendLockDto,
    @CurrentPrincipal() p: Principal,
  ) {
    await this.run(id, { kind: 'extend-lock', body: { workerId: body.workerId, newDurationMs: body.newDuration } }, p);
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'camundaUnlockExternalTask',
    summary: 'Camunda 7 unlock',
    description: `Frees the task for any worker at once, whoever held it. ${ERRORS}`,
  })
  @ApiNoContentResponse({ description: 'Unlocked' })
  async unlock(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal) {
    await this.run(id, { kind: 'unlock' }, p);
  }

  private async run(id: string, action: ExternalTaskAction, p: Principal): Promise<void> {
    await this.commands.execute(new ExternalTaskActionCommand(id, action, p));
  }
}
