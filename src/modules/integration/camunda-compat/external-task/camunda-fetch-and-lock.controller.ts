import { Body, Controller, HttpCode, Post, Res, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBasicAuth,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowBasicApiKey, CurrentPrincipal, Roles, Scopes } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { GetCaseQuery } from '../../../cases/queries/get-case/get-case.query.js';
import type { LockedExternalTaskDto } from '../../external-tasks/dtos/external-task.view.js';
import { FetchAndLockCommand } from '../../external-tasks/commands/fetch-and-lock/fetch-and-lock.command.js';
import { CamundaErrorFilter } from '../camunda-error.filter.js';
import { sendCamundaJson } from '../camunda-json.js';
import { CamundaTypedValueDto, toCamundaVariables } from '../camunda-variables.js';
import { CamundaFetchAndLockDto, CamundaLockedExternalTaskDto } from './camunda-external-task.dto.js';

/** Our long poll ends after at most this long; Camunda clients simply poll again. */
const MAX_LONG_POLL_MS = 60_000;

@ApiTags('Camunda 7 compatibility')
@ApiSecurity('api-key')
@ApiBasicAuth('api-key-basic')
@ApiExtraModels(CamundaTypedValueDto)
@AllowBasicApiKey()
@UseFilters(CamundaErrorFilter)
@Roles('admin')
@Scopes('external-tasks')
@Controller('engine-rest/external-task')
export class CamundaFetchAndLockController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('fetchAndLock')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'camundaFetchAndLock',
    summary: 'Camunda 7 POST /external-task/fetchAndLock',
    description:
      'Same as POST /api/v1/external-tasks/fetch-and-lock, in Camunda 7 shapes: lockDuration in ms, ' +
      'typed variables, LockedExternalTaskDto. asyncResponseTimeout is capped at 60000 ms. usePriority is ' +
      'accepted (every task has priority 0; oldest first). An API key gets only its department’s tasks.',
  })
  @ApiBody({
    type: CamundaFetchAndLockDto,
    examples: {
      longPolling: {
        value: {
          workerId: 'zrzy-worker-1',
          maxTasks: 5,
          usePriority: true,
          asyncResponseTimeout: 20_000,
          topics: [{ topicName: 'drawing-review', lockDuration: 60_000, variables: ['applicationNo'] }],
        },
      },
    },
  })
  @ApiOkResponse({ type: [CamundaLockedExternalTaskDto] })
  async fetchAndLock(
    @Body() body: CamundaFetchAndLockDto,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const locked = await this.commands.execute(
      new FetchAndLockCommand(
        {
          workerId: body.workerId,
          maxTasks: body.maxTasks,
          topics: body.topics.map((t) => ({ topicName: t.topicName, lockDurationMs: t.lockDuration })),
          asyncResponseTimeoutMs: Math.min(body.asyncResponseTimeout ?? 0, MAX_LONG_POLL_MS),
        },
        p,
      ),
    );
    const answer = await Promise.all(locked.map((task) => this.toCamunda(task, body, p)));
    sendCamundaJson(res, 200, answer);
  }

  private async toCamunda(
    task: LockedExternalTaskDto,
    body: CamundaFetchAndLockDto,
    p: Principal,
  ): Promise<CamundaLockedExternalTaskDto> {
    const topic = body.topics.find((t) => t.topicName === task.topicName);
    return {
      id: task.id,
      topicName: task.topicName,
      workerId: task.workerId,
      lockExpirationTime: task.lockExpirationTime,
      processInstanceId: task.caseId,
      executionId: task.caseId,
      businessKey: task.businessKey,
      activityId: task.elementId,
      activityInstanceId: `${task.elementId}:${task.id}`,
      ...(await this.definitionOf(task.caseId, p)),
      processDefinitionVersionTag: null,
      retries: task.retries,
      errorMessage: task.errorMessage,
      errorDetails: null,
      priority: 0,
      tenantId: task.department,
      variables: toCamundaVariables(task.variables, topic?.variables ?? null),
      extensionProperties: {},
      createTime: task.createdAt,
    };
  }

  /** The process of the case, read through the ordinary case query (its access rules included). */
  private async definitionOf(
    caseId: string,
    p: Principal,
  ): Promise<{ processDefinitionKey: string | null; processDefinitionId: string | null }> {
    try {
      const view = await this.queries.execute(new GetCaseQuery(caseId, p));
      return {
        processDefinitionKey: view.processKey,
        processDefinitionId: `${view.processKey}:${view.processVersion}`,
      };
    } catch {
      // A key without case read access still gets its task: the definition is informative only.
      return { processDefinitionKey: null, processDefinitionId: null };
    }
  }
}
