import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { VARIABLES_ERRORS_DOC } from '../../../../cases/application/variable-policy.js';
import { BroadcastSignalCommand } from './broadcast-signal.command.js';
import { BroadcastSignalRequestDto, BroadcastSignalResponseDto } from './broadcast-signal.request.dto.js';

@ApiTags('signals')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('signals')
export class BroadcastSignalHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @Roles('admin')
  @Scopes('messages:write')
  @ApiOperation({
    summary: 'Broadcast a signal to every case waiting for it (Camunda 7 POST /signal)',
    description:
      'Reaches every open signal subscription of that name — intermediate signal catch events, signal ' +
      'boundary events, signal event subprocesses — of running, unsuspended cases, each case once, through a ' +
      'durable delivery job per case (run on any node, exactly once); and starts one case per process whose ' +
      "latest version has a signal start event of that name (in the caller's department). Answers at once " +
      'with how many cases and subscriptions the broadcast reaches; GET /signals/{id} shows the deliveries. ' +
      'An API key reaches only cases its department takes part in; an admin reaches every case.',
  })
  @ApiBody({
    type: BroadcastSignalRequestDto,
    examples: {
      suspendItem: { value: { name: 'item-suspended', variables: { noticeNo: '豫政务〔2026〕12号' } } },
      bare: { value: { name: 'fee-standard-changed' } },
    },
  })
  @ApiResponse({ status: 202, type: BroadcastSignalResponseDto, description: 'Recorded and fanned out' })
  @ApiResponse({
    status: 400,
    description: `${VARIABLES_ERRORS_DOC}; SIGNAL.DEPARTMENT_REQUIRED: the signal starts cases and the caller has no department`,
  })
  async broadcast(
    @Body() body: BroadcastSignalRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<BroadcastSignalResponseDto> {
    return this.commands.execute(new BroadcastSignalCommand(body, p));
  }
}
