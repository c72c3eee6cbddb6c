import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Scopes } from '../../../../shared/auth/decorators.js';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { Page } from '../../../../shared/http/pagination.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CasePageDto, CaseView } from '../../dtos/case.view.js';
import { ListCasesRequestDto } from '../list-cases/list-cases.request.dto.js';
import { ListCasesQuery } from '../list-cases/list-cases.query.js';
import { GetTimelineQuery } from '../get-timeline/get-timeline.query.js';
import { TimelinePageDto, type TimelineEntryView, TimelineQueryDto } from '../get-timeline/timeline.reader.js';
import { GetCaseQuery } from './get-case.query.js';

@ApiTags('cases')
@ApiBearerAuth()
@Scopes('cases:read')
@Controller('cases')
export class GetCaseHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Authorise('case.list')
  @ApiOperation({
    summary: 'List cases',
    description:
      'Filters combine with AND; several values of one filter (`status=A,B`) match any of them. Newest first ' +
      "unless `sort` says otherwise. Page with `cursor` (from `nextCursor`) or `offset`. Handlers see their department's cases.",
  })
  @ApiOkResponse({ type: CasePageDto })
  find(@Query() q: ListCasesRequestDto, @CurrentPrincipal() p: Principal): Promise<Page<CaseView>> {
    return this.queries.execute(new ListCasesQuery(q, p));
  }

  @Get(':id')
  @Authorise('case.read')
  @ApiOperation({ summary: 'One case: status, active steps, open tasks, clocks, variables' })
  @ApiOkResponse({ type: CaseView })
  @ApiNotFoundResponse({ description: 'CASE.NOT_FOUND (also for cases you may not see)' })
  get(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<CaseView> {
    return this.queries.execute(new GetCaseQuery(id, p));
  }

  @Get(':id/timeline')
  @Authorise('case.timeline')
  @ApiOperation({
    summary: 'The append-only case timeline (办件过程信息)',
    description:
      'Oldest first, up to `limit` entries (default and maximum 500) with `total`; follow `nextCursor` ' +
      '(or use `offset`) for the rest.',
  })
  @ApiOkResponse({ type: TimelinePageDto })
  events(
    @Param('id', uuidParam) id: string,
    @Query() q: TimelineQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<TimelineEntryView>> {
    return this.queries.execute(new GetTimelineQuery(id, p, q));
  }
}
