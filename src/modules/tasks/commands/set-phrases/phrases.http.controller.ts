import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { SetPhrasesCommand } from './set-phrases.command.js';
import { PhrasesView, SetPhrasesRequestDto } from './set-phrases.request.dto.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/phrases')
export class PhrasesHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Authorise('me.phrases')
  @ApiOperation({ summary: 'Your common opinions (常用意见)' })
  @ApiOkResponse({ type: PhrasesView })
  async get(@CurrentPrincipal() p: Principal): Promise<PhrasesView> {
    const [row] = await this.uow.query<{ phrases: string[]; updated_at: Date }>(
      'SELECT phrases, updated_at FROM user_phrase WHERE user_id = $1',
      [p.id],
    );
    return { phrases: row?.phrases ?? [], updatedAt: row ? new Date(row.updated_at).toISOString() : null };
  }

  @Put()
  @Authorise('me.phrases')
  @ApiOperation({
    summary: 'Replace your common opinions',
    description:
      'At most 50 phrases of 1–200 characters each (400 VALIDATION.FAILED); a blank one is 422 PHRASES.EMPTY_PHRASE.',
  })
  @ApiOkResponse({ type: PhrasesView })
  @ApiResponse({ status: 422, description: 'PHRASES.EMPTY_PHRASE' })
  put(@Body() body: SetPhrasesRequestDto, @CurrentPrincipal() p: Principal): Promise<PhrasesView> {
    return this.commands.execute(new SetPhrasesCommand(body.phrases, p));
  }
}
