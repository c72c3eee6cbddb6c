import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { VARIABLES_ERRORS_DOC } from '../../../../cases/application/variable-policy.js';
import { ExternalTaskStateDto } from '../../dtos/external-task.view.js';
import { ExternalTaskActionCommand } from './external-task-action.command.js';
import {
  CompleteExternalTaskRequestDto,
  ExtendLockRequestDto,
  ExternalTaskBpmnErrorRequestDto,
  ExternalTaskFailureRequestDto,
} from './external-task-action.request.dto.js';

const LOCK_ERRORS = 'EXTERNAL_TASK.NOT_OPEN, EXTERNAL_TASK.NOT_LOCKED_BY_WORKER, EXTERNAL_TASK.LOCK_EXPIRED';

@ApiTags('external tasks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Roles('admin')
@Scopes('external-tasks')
@Controller('external-tasks')
export class ExternalTaskActionHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a locked external task with variables; the case moves on' })
  @ApiResponse({ status: 400, description: VARIABLES_ERRORS_DOC })
  @ApiOkResponse({ type: ExternalTaskStateDto })
  @ApiResponse({ status: 404, description: 'EXTERNAL_TASK.NOT_FOUND' })
  @ApiResponse({ status: 409, description: LOCK_ERRORS })
  complete(
    @Param('id', uuidParam) id: string,
    @Body() body: CompleteExternalTaskRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<ExternalTaskStateDto> {
    return this.commands.execute(new ExternalTaskActionCommand(id, { kind: 'complete', body }, p));
  }

  @Post(':id/failure')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report a technical failure',
    description: 'The task is unlocked and handed out again after retryTimeoutMs; retries 0 raises an incident.',
  })
  @ApiOkResponse({ type: ExternalTaskStateDto })
  @ApiResponse({ status: 404, description: 'EXTERNAL_TASK.NOT_FOUND' })
  @ApiResponse({ status: 409, description: LOCK_ERRORS })
  failure(
    @Param('id', uuidParam) id: string,
    @Body() body: ExternalTaskFailureRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<ExternalTaskStateDto> {
    return this.commands.execute(new ExternalTaskActionCommand(id, { kind: 'failure', body }, p));
  }

  @Post(':id/bpmn-error')
  @HttpCode(200)
  @ApiOperation({
    summary: 'End the task with a business error',
    description: 'Caught by an error boundary event or error event subprocess with that errorCode.',
  })
  @ApiResponse({ status: 400, description: VARIABLES_ERRORS_DOC })
  @ApiOkResponse({ type: ExternalTaskStateDto })
  @ApiResponse({ status: 404, description: 'EXTERNAL_TASK.NOT_FOUND' })
  @ApiResponse({ status: 409, description: LOCK_ERRORS })
  bpmnError(
    @Param('id', uuidParam) id: string,
    @Body() body: ExternalTaskBpmnErrorRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<ExternalTaskStateDto> {
    return this.commands.execute(new ExternalTaskActionCommand(id, { kind: 'bpmn-error', body }, p));
  }

  @Post(':id/extend-lock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the lock of a task this worker holds' })
  @ApiOkResponse({ type: ExternalTaskStateDto })
  @ApiResponse({ status: 404, description: 'EXTERNAL_TASK.NOT_FOUND' })
  @ApiResponse({ status: 409, description: LOCK_ERRORS })
  extendLock(
    @Param('id', uuidParam) id: string,
    @Body() body: ExtendLockRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<ExternalTaskStateDto> {
    return this.commands.execute(new ExternalTaskActionCommand(id, { kind: 'extend-lock', body }, p));
  }
}
