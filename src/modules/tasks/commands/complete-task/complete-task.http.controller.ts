import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { TaskView } from '../../dtos/task.view.js';
import { CompleteTaskCommand } from './complete-task.command.js';
import { CompleteTaskRequestDto } from './complete-task.request.dto.js';
import { VARIABLES_ERRORS_DOC } from '../../../cases/application/variable-policy.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class CompleteTaskHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/complete')
  @HttpCode(200)
  @Authorise('task.complete')
  @ApiOperation({
    summary: 'Complete a task (办理)',
    description:
      "Outcome must be one of the task's outcomes when it has any. On a receive step: `correction` needs " +
      '`variables.missingMaterials`, `tolerance` needs `variables.toleranceMaterials` and `toleranceDeadline` ' +
      'and an item that allows it, `notAccept`/`refuse` need an opinion (the reason).',
  })
  @ApiOkResponse({ type: TaskView })
  @ApiResponse({ status: 400, description: VARIABLES_ERRORS_DOC })
  @ApiResponse({ status: 403, description: 'TASK.NOT_YOURS' })
  @ApiResponse({ status: 404, description: 'TASK.NOT_FOUND' })
  @ApiResponse({
    status: 409,
    description:
      'TASK.NOT_OPEN: already completed or cancelled; TASK.WAITING_FOR_SIGNERS: held by its before-signers (前加签); CASE.CORRECTION_PENDING: a correction notice (过程补正) waits for the applicant',
  })
  @ApiResponse({ status: 422, description: 'TASK.OUTCOME_REQUIRED, TASK.OUTCOME_NOT_ALLOWED, CASE.* acceptance rules' })
  complete(
    @Param('id', uuidParam) id: string,
    @Body() body: CompleteTaskRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.commands.execute(new CompleteTaskCommand(id, body, p));
  }
}
