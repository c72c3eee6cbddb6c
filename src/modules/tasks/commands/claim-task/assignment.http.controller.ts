import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { TaskView } from '../../dtos/task.view.js';
import { DelegateTaskRequestDto, TransferTaskRequestDto } from './assignment.request.dto.js';
import { ChangeAssignmentCommand } from './claim-task.command.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class AssignmentHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/claim')
  @Authorise('task.claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim a task of your department (认领)' })
  @ApiOkResponse({ type: TaskView })
  @ApiResponse({ status: 409, description: 'TASK.ALREADY_CLAIMED or TASK.NOT_OPEN' })
  claim(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    return this.commands.execute(new ChangeAssignmentCommand(id, { kind: 'claim' }, p));
  }

  @Post(':id/unclaim')
  @Authorise('task.unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a claimed task back to the department' })
  @ApiOkResponse({ type: TaskView })
  unclaim(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    return this.commands.execute(new ChangeAssignmentCommand(id, { kind: 'unclaim' }, p));
  }

  @Post(':id/delegate')
  @Authorise('task.delegate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delegate a task to a colleague (委派); you stay its owner' })
  @ApiOkResponse({ type: TaskView })
  delegate(
    @Param('id', uuidParam) id: string,
    @Body() body: DelegateTaskRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.commands.execute(new ChangeAssignmentCommand(id, { kind: 'delegate', ...body }, p));
  }

  @Post(':id/transfer')
  @Authorise('task.transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Transfer a task to another department or person (转办)' })
  @ApiOkResponse({ type: TaskView })
  transfer(
    @Param('id', uuidParam) id: string,
    @Body() body: TransferTaskRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.commands.execute(new ChangeAssignmentCommand(id, { kind: 'transfer', ...body }, p));
  }
}
