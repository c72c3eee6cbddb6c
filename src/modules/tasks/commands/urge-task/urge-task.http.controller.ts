import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { UrgeTaskCommand } from './urge-task.command.js';
import { UrgeTaskRequestDto, UrgeView } from './urge-task.request.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class UrgeTaskHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/urges')
  @Authorise('case.urge')
  @ApiOperation({
    summary: 'Urge an open task of the case (催办)',
    description:
      'The handling department, the window clerk who entered the case, a co-department leader or a supervisor ' +
      'presses whoever holds the task (or its department). Recorded on the task (GET /tasks/{id} `urges`), in the ' +
      'timeline (`task.urged`) and sent as webhook event `task.urged`. One urge per task per person per hour: ' +
      '429 URGE.TOO_FREQUENT with Retry-After.',
  })
  @ApiCreatedResponse({ type: UrgeView })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND, TASK.NOT_FOUND (not a task of this case)' })
  @ApiResponse({ status: 409, description: 'TASK.NOT_OPEN' })
  @ApiResponse({ status: 422, description: 'URGE.OWN_TASK, URGE.MESSAGE_REQUIRED' })
  @ApiResponse({ status: 429, description: 'URGE.TOO_FREQUENT (Retry-After: seconds until you may urge again)' })
  urge(
    @Param('id', uuidParam) id: string,
    @Body() body: UrgeTaskRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<UrgeView> {
    return this.commands.execute(new UrgeTaskCommand(id, body, p));
  }
}
