import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { TimelineEntryView } from './timeline.reader.js';

export class GetTimelineQuery extends Query<{ items: TimelineEntryView[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
