import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { Page } from '../../../../shared/http/pagination.js';
import type { TimelineEntryView, TimelineQueryDto } from './timeline.reader.js';

export class GetTimelineQuery extends Query<Page<TimelineEntryView>> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly page: TimelineQueryDto = {},
  ) {
    super();
  }
}
