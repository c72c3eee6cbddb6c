import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { TaskView } from '../../dtos/task.view.js';
import { JointSignersView } from './joint-signers.view.js';
import { ChangeJointSignersCommand, ChangeTaskSignersCommand } from './signers.command.js';
import {
  AddJointSignersRequestDto,
  AddTaskSignersRequestDto,
  RemoveJointSignersRequestDto,
  RemoveTaskSignersRequestDto,
} from './signers.request.dto.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class SignersHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('cases/:id/add-signers')
  @HttpCode(200)
  @Authorise('case.add-signers')
  @ApiOperation({
    summary: 'Add co-departments or persons to a running joint step (会签加签)',
    description:
      'The lead (handling) department adds instances to the joint step `elementId`: one per department (its ' +
      'handlers review it) and one per person (assigned to them). They are counted by the joint policy like the ' +
      'others. Timeline `task.signers_added`, webhook `task.signers_added`.',
  })
  @ApiOkResponse({ type: JointSignersView, description: 'The instances opened' })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED, TASK.SIGNERS_REQUIRED' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({
    status: 409,
    description: 'TASK.JOINT_STEP_NOT_RUNNING, TASK.SIGNER_ALREADY_PRESENT, CASE.ENDED, CASE.SUSPENDED',
  })
  addJoint(
    @Param('id', uuidParam) id: string,
    @Body() body: AddJointSignersRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<JointSignersView> {
    return this.commands.execute(new ChangeJointSignersCommand(id, { kind: 'add', ...body }, p));
  }

  @Post('cases/:id/remove-signers')
  @HttpCode(200)
  @Authorise('case.remove-signers')
  @ApiOperation({
    summary: 'Remove open instances from a joint step (会签减签)',
    description:
      'Each named instance must still be open: it is cancelled and the joint policy recounted — ALL completes when ' +
      'everyone left has answered, QUORUM fails when it can no longer be reached. The last instance cannot be ' +
      'removed. Timeline `task.signers_removed`, webhook `task.signers_removed`.',
  })
  @ApiOkResponse({
    type: JointSignersView,
    description: 'The instances cancelled; `stepRunning` false if the step completed',
  })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED, TASK.MIXED_JOINT_STEPS' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND, TASK.NOT_FOUND (not an open task of this case)' })
  @ApiResponse({
    status: 409,
    description: 'TASK.NOT_OPEN, TASK.NOT_A_JOINT_INSTANCE, ENGINE.LAST_JOINT_INSTANCE, CASE.ENDED, CASE.SUSPENDED',
  })
  removeJoint(
    @Param('id', uuidParam) id: string,
    @Body() body: RemoveJointSignersRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<JointSignersView> {
    return this.commands.execute(new ChangeJointSignersCommand(id, { kind: 'remove', ...body }, p));
  }

  @Post('tasks/:id/add-signers')
  @HttpCode(200)
  @Authorise('task.add-signers')
  @ApiOperation({
    summary: 'Add persons to review a task before, after or alongside you (前加签/后加签/并行加签)',
    description:
      '`before`: they review first; the task cannot be completed until they have (409 TASK.WAITING_FOR_SIGNERS). ' +
      '`after`: their tasks open when this one is completed. `parallel`: their tasks open now. The step moves on ' +
      "when its last task is done; a rejection by an after or parallel signer is the step's outcome. Timeline and " +
      'webhook `task.signers_added`.',
  })
  @ApiOkResponse({ type: TaskView, description: 'The task, with its `sign` state' })
  @ApiResponse({ status: 403, description: 'AUTH.FORBIDDEN_ACTION (another department without the right)' })
  @ApiResponse({
    status: 409,
    description: 'TASK.NOT_OPEN, TASK.JOINT_INSTANCE, TASK.SIGNER_TASK, TASK.SIGNER_ALREADY_PRESENT, CASE.SUSPENDED',
  })
  addTask(
    @Param('id', uuidParam) id: string,
    @Body() body: AddTaskSignersRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.commands.execute(new ChangeTaskSignersCommand(id, { kind: 'add', ...body }, p));
  }

  @Post('tasks/:id/remove-signers')
  @HttpCode(200)
  @Authorise('task.remove-signers')
  @ApiOperation({
    summary: 'Remove added signers of a task (减签)',
    description:
      'Open signer tasks are cancelled (a held task is released when its last before-signer goes); queued ' +
      'after-signers are dropped. Timeline and webhook `task.signers_removed`.',
  })
  @ApiOkResponse({ type: TaskView })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED, TASK.SIGNERS_REQUIRED' })
  @ApiResponse({ status: 409, description: 'TASK.SIGNER_NOT_FOUND, ENGINE.SIGNER_NOT_FOUND, TASK.NOT_OPEN' })
  removeTask(
    @Param('id', uuidParam) id: string,
    @Body() body: RemoveTaskSignersRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.commands.execute(new ChangeTaskSignersCommand(id, { kind: 'remove', ...body }, p));
  }
}
