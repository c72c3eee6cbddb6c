import { CASE_STATUSES } from '../../domain/case-status.js';
import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { Public } from '../../../../shared/auth/decorators.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { RateLimiter } from '../../../../shared/http/rate-limiter.js';

export class PublicCaseView {
  @ApiProperty({ example: '41010020261128000001' }) caseNo: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '食品经营许可（新办）' }) itemName: string | null;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'IN_PROCESS' }) status: string;
  @ApiProperty({ example: 8 }) statusCode: number;
  @ApiProperty({ example: ['审查'], description: 'Names of the steps in progress' }) currentSteps: string[];
  @ApiProperty() receivedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) acceptedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Promised completion (承诺办结时间)' }) dueAt:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) endedAt: string | null;
}

interface Row {
  case_no: string;
  query_code: string;
  item_name: string | null;
  status: string;
  status_code: number;
  received_at: Date;
  accepted_at: Date | null;
  promised_due_at: Date | null;
  ended_at: Date | null;
  steps: (string | null)[] | null;
}

@ApiTags('public')
@Public()
@Controller('public/cases')
export class PublicCaseHttpController {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limiter = new RateLimiter(config.publicQueryPerMinute, 60_000);
  }

  @Get(':caseNo')
  @ApiOperation({
    summary: 'Progress of a case for the applicant (办件查询), no login',
    description:
      'Needs the query code printed on the receipt. Nothing personal is shown. A wrong code answers like an unknown number.',
  })
  @ApiQuery({ name: 'queryCode', example: '483920' })
  @ApiOkResponse({ type: PublicCaseView })
  @ApiNotFoundResponse({ description: 'CASE.NOT_FOUND (unknown number or wrong code)' })
  @ApiResponse({
    status: 429,
    description: 'HTTP.TOO_MANY_REQUESTS, with a Retry-After header (seconds until the window ends)',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', example: 42 } } },
  })
  async get(
    @Param('caseNo') caseNo: string,
    @Query('queryCode') queryCode: string | undefined,
    @Req() req: Request,
  ): Promise<PublicCaseView> {
    const ip = req.ip ?? 'unknown';
    const nowMs = this.clock.now().getTime();
    if (!this.limiter.take(ip, nowMs)) {
      // retryAfter becomes the Retry-After header (seconds) in the problem filter.
      const retryAfter = Math.ceil(this.limiter.retryAfterMs(ip, nowMs) / 1000);
      throw new AppError('HTTP.TOO_MANY_REQUESTS', 429, 'Too many queries; try again later', undefined, { retryAfter });
    }
    const notFound = AppError.notFound('CASE.NOT_FOUND', 'No case with this number and query code');
    if (typeof queryCode !== 'string' || caseNo.length > 64) throw notFound;
    const [row] = await this.uow.query<Row>(
      `SELECT c.case_no, c.query_code, c.item_name, c.status, c.status_code, c.received_at, c.accepted_at, c.promised_due_at,
              c.ended_at, (SELECT array_agg(w.name ORDER BY w.seq) FROM work_item w WHERE w.case_id = c.id AND w.state = 'open' AND w.kind = 'user') AS steps
         FROM approval_case c WHERE c.case_no = $1`,
      [caseNo],
    );
    if (!row || !sameCode(row.query_code, queryCode)) throw notFound;
    return {
      caseNo: row.case_no,
      itemName: row.item_name,
      status: row.status,
      statusCode: row.status_code,
      currentSteps: [...new Set((row.steps ?? []).filter((s): s is string => !!s))],
      receivedAt: row.received_at.toISOString(),
      acceptedAt: row.accepted_at?.toISOString() ?? null,
      dueAt: row.promised_due_at?.toISOString() ?? null,
      endedAt: row.ended_at?.toISOString() ?? null,
    };
  }
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
