import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { CurrentPrincipal, Roles } from '../../../shared/auth/decorators.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { type Page, pageWindow, toPage } from '../../../shared/http/pagination.js';
import { uuidParam } from '../../../shared/http/uuid.pipe.js';
import { CaseRunner } from '../../cases/application/case-runner.js';
import { JobRunner } from '../jobs/job-runner.js';
import { JobStore } from '../jobs/job-store.js';
import { ClockView, JobPageDto, JobView, ListJobsRequestDto, SetClockRequestDto } from './admin.dto.js';
import { Idempotency } from '../../../shared/http/idempotency/idempotency.context.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminHttpController {
  constructor(
    private readonly clock: ClockService,
    private readonly runner: JobRunner,
    private readonly jobs: JobStore,
    private readonly cases: CaseRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('clock')
  @Idempotency({ answer: 'after' }) // runs every due job, each in its own transaction
  @HttpCode(200)
  @ApiOperation({
    summary: 'Test clock: move the server clock forward and run every job that became due',
    description:
      'Exists only with TONGBAN_CLOCK_CONTROL=1. Answers after every job due at the new instant (and the jobs ' +
      'they scheduled) is done — including those another node was running, waited for briefly. Jobs still ' +
      'leased by another node after that (e.g. a node that died; its lease must expire first) are counted ' +
      'in stillLeased.',
  })
  @ApiOkResponse({ type: ClockView })
  @ApiResponse({ status: 404, description: 'ADMIN.CLOCK_CONTROL_DISABLED' })
  async setClock(@Body() b: SetClockRequestDto): Promise<ClockView> {
    if (!this.config.clockControl)
      throw AppError.notFound('ADMIN.CLOCK_CONTROL_DISABLED', 'The test clock needs TONGBAN_CLOCK_CONTROL=1');
    this.clock.moveTo(new Date(b.now));
    const { jobsRun, stillLeased } = await this.runner.runDueAndSettle();
    return { now: this.clock.now().toISOString(), jobsRun, stillLeased };
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs (timers, deadline checks, acceptance checks), e.g. ?state=failed' })
  @ApiOkResponse({ type: JobPageDto })
  async list(@Query() q: ListJobsRequestDto): Promise<Page<JobView>> {
    const w = pageWindow(q);
    const filter = {
      ...(q.state ? { state: q.state } : {}),
      ...(q.caseId ? { caseId: q.caseId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
    };
    const [rows, total] = await Promise.all([this.jobs.list(filter, w.limit, w.offset), this.jobs.count(filter)]);
    return toPage(
      rows.map((r) => JobView.from(r)),
      total,
      w,
    );
  }

  @Post('jobs/:id/retry')
  @Idempotency({ answer: 'after' }) // the job and its case's timeline are two transactions
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry a failed job (after its incident): fresh attempts, due now' })
  @ApiOkResponse({ type: JobView })
  @ApiResponse({ status: 404, description: 'JOB.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'JOB.NOT_FAILED' })
  async retry(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<JobView> {
    const job = await this.jobs.find(id);
    if (!job) throw AppError.notFound('JOB.NOT_FOUND', `No job ${id}`);
    if (job.state !== 'failed') throw AppError.conflict('JOB.NOT_FAILED', `Job ${id} is ${job.state}, not failed`);
    const row = await this.jobs.retry(id, this.clock.now());
    if (!row) throw AppError.conflict('JOB.NOT_FAILED', `Job ${id} is no longer failed`);
    if (row.case_id) {
      await this.cases.run(row.case_id, { id: p.id, name: p.name, department: p.dept }, 'UI', (s) =>
        s.timeline({ type: 'job.retried', elementId: row.element_id, data: { jobId: id, kind: row.kind } }),
      );
    }
    return JobView.from(row);
  }
}
