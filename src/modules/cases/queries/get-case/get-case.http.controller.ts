import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { Page } from '../../../../shared/http/pagination.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CasePageDto, CaseView } from '../../dtos/case.view.js';
import { ListCasesRequestDto } from '../list-cases/list-cases.request.dto.js';
import { CaseListReader } from '../list-cases/case-list.reader.js';
import { TimelinePageDto, TimelineReader, type TimelineEntryView } from '../get-timeline/timeline.reader.js';
import { CaseReader } from './case.reader.js';

@ApiTags('cases')
@ApiBearerAuth()
@Roles('window', 'handler', 'leader', 'supervisor')
@Scopes('cases:read')
@Controller('cases')
export class GetCaseHttpController {
  constructor(
    private readonly reader: CaseReader,
    private readonly list: CaseListReader,
    private readonly timeline: TimelineReader,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List cases',
    description: "Filters combine with AND; newest first. Handlers see their department's cases.",
  })
  @ApiOkResponse({ type: CasePageDto })
  find(@Query() q: ListCasesRequestDto, @CurrentPrincipal() p: Principal): Promise<Page<CaseView>> {
    return this.list.list(q, p);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case: status, active steps, open tasks, clocks, variables' })
  @ApiOkResponse({ type: CaseView })
  @ApiNotFoundResponse({ description: 'CASE.NOT_FOUND (also for cases you may not see)' })
  get(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<CaseView> {
    return this.reader.get(id, p);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'The append-only case timeline (办件过程信息)' })
  @ApiOkResponse({ type: TimelinePageDto })
  async events(
    @Param('id', uuidParam) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<{ items: TimelineEntryView[] }> {
    await this.reader.get(id, p);
    return { items: await this.timeline.read(id) };
  }
}
