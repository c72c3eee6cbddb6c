import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { Idempotency } from '../../../../shared/http/idempotency/idempotency.context.js';
import { CompleteBatchCommand } from './complete-batch.command.js';
import { CompleteBatchRequestDto, CompleteBatchResultDto } from './complete-batch.request.dto.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class CompleteBatchHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('complete-batch')
  @Authorise('task.complete-batch')
  @HttpCode(200)
  // Several transactions (one per task): the answer is recorded after them all.
  @Idempotency({ answer: 'after' })
  @ApiOperation({
    summary: 'Complete up to 100 tasks at once (批量办理)',
    description:
      'Each item is completed as POST /tasks/{id}/complete would (same rules, timeline and events), in its own ' +
      'transaction: one result per item with its status and, if refused, its problem code. Partial success ' +
      'answers 200; read `failed`.',
  })
  @ApiOkResponse({ type: CompleteBatchResultDto })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED (no items, more than 100, a bad task id)' })
  @ApiResponse({ status: 422, description: 'BATCH.DUPLICATE_TASK' })
  complete(@Body() body: CompleteBatchRequestDto, @CurrentPrincipal() p: Principal): Promise<CompleteBatchResultDto> {
    return this.commands.execute(new CompleteBatchCommand(body.items, p));
  }
}
