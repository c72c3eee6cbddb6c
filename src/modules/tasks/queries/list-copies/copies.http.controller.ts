import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import type { Page } from '../../../../shared/http/pagination.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CopyReader } from './copy.reader.js';
import { CopyPageDto, CopyView } from './copy.view.js';
import { ListCopiesRequestDto } from './list-copies.request.dto.js';

@ApiTags('cc')
@ApiBearerAuth()
@Controller('cc')
export class CopiesHttpController {
  constructor(
    private readonly reader: CopyReader,
    private readonly clock: ClockService,
  ) {}

  @Get()
  @Authorise('cc.list')
  @ApiOperation({
    summary: 'Copied to me (抄送我的)',
    description: 'Copies to you by name and to the department your token names, newest first, with read state.',
  })
  @ApiOkResponse({ type: CopyPageDto })
  list(@Query() q: ListCopiesRequestDto, @CurrentPrincipal() p: Principal): Promise<Page<CopyView>> {
    return this.reader.list(q, p);
  }

  @Post(':id/read')
  @Authorise('cc.mark-read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a copy read',
    description: 'Idempotent: the first reading is kept. A department copy is read for the whole department.',
  })
  @ApiOkResponse({ type: CopyView })
  @ApiResponse({ status: 404, description: 'CC.NOT_FOUND (also for copies to someone else)' })
  markRead(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<CopyView> {
    return this.reader.markRead(id, p, this.clock.now());
  }
}
