import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { TaskView } from '../../dtos/task.view.js';
import { ReturnTaskCommand } from './return-task.command.js';

export class ReturnTaskRequestDto {
  @ApiProperty({ example: 'review', description: 'The earlier step to return to' })
  @IsString()
  @Length(1, 200)
  targetElementId: string;
  @ApiProperty({ example: '审查意见不充分，请补充核查', description: 'Why (required)' })
  @IsString()
  @Length(1, 4000)
  opinion: string;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class ReturnTaskHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/return')
  @HttpCode(200)
  @Authorise('task.return')
  @ApiOperation({ summary: 'Return the case to an earlier step (退回)' })
  @ApiOkResponse({ type: TaskView, description: 'This task, now cancelled with outcome `return`' })
  @ApiResponse({
    status: 409,
    description:
      'TASK.NOT_OPEN; CASE.SUSPENDED; CASE.CORRECTION_PENDING: a correction notice (过程补正) waits for the applicant',
  })
  @ApiResponse({ status: 422, description: 'ENGINE.INVALID_MODIFICATION: not a step this task can return to' })
  return(
    @Param('id', uuidParam) id: string,
    @Body() body: ReturnTaskRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.commands.execute(new ReturnTaskCommand(id, body.targetElementId, body.opinion, p));
  }
}
