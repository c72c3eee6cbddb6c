import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../../../shared/auth/decorators.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { TimelineAuditView } from './timeline-audit.view.js';
import { VerifyTimelineQuery } from './verify-timeline.query.js';

const VALID = {
  caseId: '0b5d3c52-8f0e-4f43-9d0a-6f1f2f4f9a10',
  valid: true,
  entries: 14,
  headHash: '9f2b6c1d0e4a7b3c5d8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e',
  firstInvalid: null,
  algorithm: 'tongban.case_event.v1',
};

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller()
export class VerifyTimelineHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(['admin/cases/:id/audit', 'cases/:id/timeline/verify'])
  @ApiOperation({
    summary: "Verify a case's timeline hash chain",
    description:
      'Every timeline entry stores SHA-256(previous hash || canonical entry). This recomputes the chain in ' +
      'the application and reports the first entry that was edited, removed or re-ordered since it was ' +
      'written. The serialisation is specified in docs/security.md and ADR 0010 for independent auditors. ' +
      'Also served as `GET /cases/{id}/timeline/verify`.',
  })
  @ApiOkResponse({
    type: TimelineAuditView,
    examples: {
      valid: { summary: 'An untouched timeline', value: VALID },
      altered: {
        summary: 'The opinion of entry 4 was edited in the database',
        value: { ...VALID, headHash: null, firstInvalid: { seq: 4, reason: 'HASH_MISMATCH' } },
      },
      removed: {
        summary: 'Entry 6 was deleted',
        value: { ...VALID, entries: 13, headHash: null, firstInvalid: { seq: 6, reason: 'ENTRY_MISSING' } },
      },
    },
  })
  @ApiForbiddenResponse({ description: 'AUTH.ROLE_MISSING: only admin and supervisor may verify' })
  @ApiNotFoundResponse({ description: 'CASE.NOT_FOUND' })
  verify(@Param('id', uuidParam) id: string): Promise<TimelineAuditView> {
    return this.queries.execute(new VerifyTimelineQuery(id));
  }
}
