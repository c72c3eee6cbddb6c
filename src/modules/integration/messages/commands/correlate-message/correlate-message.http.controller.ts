import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { CorrelateMessageCommand } from './correlate-message.command.js';
import { CorrelateMessageRequestDto, CorrelateMessageResponseDto } from './correlate-message.request.dto.js';
import { Idempotency } from '../../../../../shared/http/idempotency/idempotency.context.js';
import { VARIABLES_ERRORS_DOC } from '../../../../cases/application/variable-policy.js';

@ApiTags('messages')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('messages')
export class CorrelateMessageHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  // One transaction per matching case: the answer is recorded after them; `messageId` is the exactly-once guard.
  @Idempotency({ answer: 'after' })
  @HttpCode(200)
  @Roles('admin')
  @Scopes('messages:write')
  @ApiOperation({
    summary: 'Send a message to the cases waiting for it (Camunda 7 POST /message)',
    description:
      'Correlates to open receive tasks, intermediate message catch events, message boundary events and ' +
      'message event subprocesses, once per matching case, narrowed by caseId, caseNo, businessKey and/or ' +
      'correlationKey. When nothing waits and no case was named, a process with a message start event of ' +
      'that name starts a case. Otherwise 404 MESSAGE.NO_MATCH, or with ttlMs 202 and the message is kept ' +
      'until a matching subscription opens. An API key reaches only cases its department takes part in.',
  })
  @ApiBody({
    type: CorrelateMessageRequestDto,
    examples: {
      byCorrelationKey: {
        value: {
          name: 'drawing-review-done',
          correlationKey: 'JZ-2026-0042',
          variables: { drawingReviewPassed: true },
        },
      },
      buffered: { value: { name: 'fee-paid', businessKey: 'SQ-2026-000123', messageId: 'pay-889', ttlMs: 86_400_000 } },
    },
  })
  @ApiResponse({ status: 200, type: CorrelateMessageResponseDto, description: 'Correlated (or a case started)' })
  @ApiResponse({ status: 202, type: CorrelateMessageResponseDto, description: 'Buffered until expiresAt' })
  @ApiResponse({ status: 400, description: VARIABLES_ERRORS_DOC })
  @ApiResponse({ status: 404, description: 'MESSAGE.NO_MATCH' })
  @ApiResponse({ status: 409, description: 'MESSAGE.IN_PROGRESS: the same messageId is being delivered' })
  async send(
    @Body() body: CorrelateMessageRequestDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CorrelateMessageResponseDto> {
    const answer = await this.commands.execute(new CorrelateMessageCommand(body, p));
    res.status(answer.status);
    return answer.body;
  }
}
