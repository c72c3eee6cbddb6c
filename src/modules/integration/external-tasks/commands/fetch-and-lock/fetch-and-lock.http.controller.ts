import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { LockedExternalTaskDto } from '../../dtos/external-task.view.js';
import { FetchAndLockCommand } from './fetch-and-lock.command.js';
import { FetchAndLockRequestDto } from './fetch-and-lock.request.dto.js';
import { Idempotency } from '../../../../../shared/http/idempotency/idempotency.context.js';

@ApiTags('external tasks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('external-tasks')
export class FetchAndLockHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('fetch-and-lock')
  // A long poll of several transactions: the answer is recorded after it (ADR 0005).
  @Idempotency({ answer: 'after' })
  @HttpCode(200)
  @Roles('admin')
  @Scopes('external-tasks')
  @ApiOperation({
    summary: 'Fetch and lock external tasks (Camunda 7 POST /external-task/fetchAndLock)',
    description:
      'Locks up to maxTasks open tasks of the topics to this worker; two workers never get the same task. ' +
      'With asyncResponseTimeoutMs the request waits for a task (long polling) and answers [] at the end. ' +
      "An API key gets only tasks of its department's cases, or tasks that name its department.",
  })
  @ApiBody({
    type: FetchAndLockRequestDto,
    examples: {
      longPolling: {
        value: {
          workerId: 'zrzy-worker-1',
          maxTasks: 5,
          topics: [{ topicName: 'drawing-review', lockDurationMs: 60_000 }],
          asyncResponseTimeoutMs: 20_000,
        },
      },
    },
  })
  @ApiOkResponse({ type: [LockedExternalTaskDto] })
  fetch(@Body() body: FetchAndLockRequestDto, @CurrentPrincipal() p: Principal): Promise<LockedExternalTaskDto[]> {
    return this.commands.execute(new FetchAndLockCommand(body, p));
  }
}
