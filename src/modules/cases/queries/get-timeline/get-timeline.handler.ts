import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '../../../../shared/http/pagination.js';
import { CaseReader } from '../get-case/case.reader.js';
import { GetTimelineQuery } from './get-timeline.query.js';
import { TimelineReader, type TimelineEntryView } from './timeline.reader.js';

/** The timeline of a case the caller may see (the same 404 as the case itself otherwise). */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(
    private readonly cases: CaseReader,
    private readonly timeline: TimelineReader,
  ) {}

  async execute(q: GetTimelineQuery): Promise<Page<TimelineEntryView>> {
    await this.cases.get(q.caseId, q.principal, 'case.timeline');
    return this.timeline.read(q.caseId, q.page);
  }
}
