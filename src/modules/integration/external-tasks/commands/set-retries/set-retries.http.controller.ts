import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { ExternalTaskStateDto } from '../../dtos/external-task.view.js';
import { SetRetriesCommand } from './set-retries.command.js';
import { SetRetriesRequestDto } from './set-retries.request.dto.js';

@ApiTags('external tasks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('external-tasks')
export class SetRetriesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/retries')
  @Roles('admin')
  @Scopes('external-tasks')
  @ApiOperation({
    summary: 'Give a task retries again (resolves its incident)',
    description: 'The task is unlocked and handed out to the next fetch-and-lock.',
  })
  @ApiOkResponse({ type: ExternalTaskStateDto })
  @ApiResponse({ status: 404, description: 'EXTERNAL_TASK.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'EXTERNAL_TASK.NOT_OPEN' })
  setRetries(
    @Param('id', uuidParam) id: string,
    @Body() body: SetRetriesRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<ExternalTaskStateDto> {
    return this.commands.execute(new SetRetriesCommand(id, body.retries, p));
  }
}
