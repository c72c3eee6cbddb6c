import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { TaskView } from '../../dtos/task.view.js';
import { TakeBackTaskCommand } from './take-back-task.command.js';

export class TakeBackTaskRequestDto {
  @ApiPropertyOptional({ example: '受理意见有误，拿回重新办理', description: 'Why (in the timeline)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TakeBackTaskHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/take-back')
  @HttpCode(200)
  @Authorise('task.take-back')
  @ApiOperation({
    summary: 'Take back a task you completed (撤回/拿回)',
    description:
      'Only the person who completed it, while every work item the completion opened is still open and nobody ' +
      'has claimed, handed on or completed one: those are cancelled and the step opens again, assigned to you ' +
      '(the case status the completion set is restored). In a joint step that is still running, your answer is ' +
      'withdrawn from the counts and your instance reopens. Timeline and webhook `task.taken_back`.',
  })
  @ApiOkResponse({ type: TaskView, description: 'The reopened task (a new work item at the same step)' })
  @ApiResponse({ status: 403, description: 'TASK.NOT_COMPLETER' })
  @ApiResponse({
    status: 409,
    description:
      'TASK.NEXT_STEP_ACTED, TASK.NOT_COMPLETED, TASK.ALREADY_TAKEN_BACK, TASK.NOTHING_TO_TAKE_BACK, CASE.ENDED, CASE.SUSPENDED',
  })
  takeBack(
    @Param('id', uuidParam) id: string,
    @Body() body: TakeBackTaskRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.commands.execute(new TakeBackTaskCommand(id, body.reason ?? null, p));
  }
}
