import { CASE_STATUSES } from '../domain/case-status.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ActiveElementDto {
  @ApiProperty({ example: 'review' }) elementId: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '审查' }) name: string | null;
  @ApiProperty({ example: 'userTask' }) type: string;
}

export class OpenTaskRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'review' }) elementId: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '审查' }) name: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'review' }) step: string | null;
  @ApiProperty({ example: ['410100-SJJ'] }) candidateDepartments: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) assignee: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt: string | null;
}

export class TimeLimitDto {
  @ApiProperty({ example: 20 }) value: number;
  @ApiProperty({ enum: ['WD', 'ND', 'WH', 'NH'], description: 'Working/natural days/hours' }) unit: string;
}

export class DueChangeDto {
  @ApiProperty({ example: '2026-02-24T01:00:00.000Z', description: 'When the due instant changed' }) at: string;
  @ApiProperty({ type: String, nullable: true, description: 'The new due instant' }) dueAt: string | null;
  @ApiProperty({ example: 'suspend', description: 'What moved it (suspend, resume, extension, …)' }) cause: string;
}

export class ClockViewDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Due instant (end of the last working day, Asia/Shanghai)',
  })
  dueAt: string | null;
  @ApiPropertyOptional({ type: TimeLimitDto, nullable: true }) limit: { value: number; unit: string } | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'When the clock started' })
  startedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'When the clock stopped (decision)' })
  stoppedAt?: string | null;
  @ApiPropertyOptional({ description: 'Working days spent suspended or in special procedures' })
  pausedWorkingDays?: number;
  @ApiPropertyOptional({ description: 'Past its due instant' }) overdue?: boolean;
  @ApiPropertyOptional({ description: 'Deemed accepted (视为受理) because acceptance was not decided in time' })
  deemedAcceptance?: boolean;
  @ApiPropertyOptional({ type: [DueChangeDto], description: 'Changes of the due instant, newest last' })
  history?: DueChangeDto[];
  @ApiProperty() elapsedWorkingDays: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) remainingWorkingDays: number | null;
  @ApiProperty() paused: boolean;
  @ApiProperty() running: boolean;
  @ApiProperty({ description: 'Working days added by approved extensions (legal clock only)' })
  extendedWorkingDays: number;
}

export class PauseViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['SUSPENSION', 'SPECIAL_PROCEDURE', 'CORRECTION', 'PROCESS'] }) cause: string;
  @ApiProperty({ example: '2026-02-11T02:00:00.000Z' }) from: string;
  @ApiProperty({ type: String, nullable: true, description: 'null while open' }) to: string | null;
  @ApiProperty({ description: 'Stops the legal clock' }) legal: boolean;
  @ApiProperty({ description: 'Stops the promised clock and the node clocks' }) promised: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The special procedure behind it' })
  ref: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reason: string | null;
}

export class ExtensionViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 5 }) days: number;
  @ApiProperty({ example: '案情复杂' }) reason: string;
  @ApiPropertyOptional({ enum: ['PENDING', 'APPROVED', 'REJECTED'] }) status?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) requestedBy?: string | null;
  @ApiProperty() requestedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) approvedBy: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) opinion?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'When the applicant was told (Art.42)' })
  applicantNotifiedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'What the applicant was told' })
  applicantNotice?: string | null;
}

export class DeliveryClockDto {
  @ApiProperty({ type: TimeLimitDto }) limit: TimeLimitDto;
  @ApiProperty({ description: 'The approval decision' }) startedAt: string;
  @ApiProperty({ description: 'Issue/delivery due (行政许可法 Art.44)' }) dueAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the issue/delivery step was done' })
  deliveredAt: string | null;
  @ApiProperty() running: boolean;
  @ApiProperty() overdue: boolean;
  @ApiProperty() remainingWorkingDays: number;
}

export class ClocksDto {
  @ApiProperty({ type: ClockViewDto }) legal: ClockViewDto;
  @ApiProperty({ type: ClockViewDto }) promised: ClockViewDto;
  @ApiProperty({ type: [PauseViewDto], description: 'Pauses with their causes; they may overlap (ADR 0015)' })
  pauses: PauseViewDto[];
  @ApiProperty({ type: [ExtensionViewDto], description: 'Extension requests and their decisions (延期)' })
  extensions: ExtensionViewDto[];
  @ApiPropertyOptional({
    type: DeliveryClockDto,
    nullable: true,
    description: 'From an approval to issue/delivery (Art.44); null before an approval',
  })
  delivery: DeliveryClockDto | null;
  @ApiProperty({
    type: [Number],
    description: 'Years the dates reach without a loaded calendar: counted as weekends only (fallback)',
  })
  calendarFallbackYears: number[];
}

/** A case (办件) as the API shows it. Field names are part of the contract (ARCHITECTURE §5). */
export class CaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '41010020261128000001' }) caseNo: string;
  @ApiPropertyOptional({
    example: '483920',
    description: 'For the public progress query; shown to its creator and staff',
  })
  queryCode?: string;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'IN_PROCESS' }) status: string;
  @ApiProperty({ example: 8, description: 'External status code 1–16 (domain.md §3.1)' }) statusCode: number;
  @ApiPropertyOptional({ type: String, nullable: true }) resultPhase: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100-SJJ-XK-001' }) itemCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '食品经营许可（新办）' }) itemName: string | null;
  @ApiProperty({ example: 'standard-approval' }) processKey: string;
  @ApiProperty({ example: 1 }) processVersion: number;
  @ApiPropertyOptional({ type: String, nullable: true }) businessKey: string | null;
  @ApiProperty({ example: '410100-SJJ' }) department: string;
  @ApiProperty({ example: '410100' }) regionCode: string;
  @ApiProperty({ example: 'WINDOW' }) channel: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Id number, phone and address are masked unless you handle the case (window, handler, leader of the handling department), entered it, or are an admin',
  })
  applicant: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) agent: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) materials: unknown[];
  @ApiProperty() isTolerance: boolean;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'What the approval rules recorded (docs/rules.md): `tolerance` (容缺: materials, outstanding, deadline, clearedAt, lapsedAt), `withdrawals` (requests after acceptance and their decisions), `commitment` (告知承诺: signed commitment and its verification)',
    example: { tolerance: { outstanding: ['m4'], deadline: '2026-12-14T15:59:59.999Z', clearedAt: null } },
  })
  rules?: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) variables: Record<string, unknown>;
  @ApiProperty({ type: [ActiveElementDto] }) activeElements: ActiveElementDto[];
  @ApiProperty({ type: [OpenTaskRefDto] }) openTasks: OpenTaskRefDto[];
  @ApiProperty({ type: ClocksDto }) clocks: ClocksDto;
  @ApiProperty({ enum: ['NORMAL', 'WARNING', 'OVERDUE'] }) timeState: string;
  @ApiProperty() receivedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) acceptedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decisionAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null while the case runs' }) endedAt:
    string | null;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseView] }) items: CaseView[];
  @ApiPropertyOptional() total?: number;
  @ApiPropertyOptional() nextCursor?: string;
}
