import { Query } from '@nestjs/cqrs';
import type { TimelineAuditView } from './timeline-audit.view.js';

export class VerifyTimelineQuery extends Query<TimelineAuditView> {
  constructor(readonly caseId: string) {
    super();
  }
}
