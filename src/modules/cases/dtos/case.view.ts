import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ActiveElementDto {
  @ApiProperty({ example: 'review' }) elementId: string;
  @ApiPropertyOptional({ example: '审查', nullable: true }) name: string | null;
  @ApiProperty({ example: 'userTask' }) type: string;
}

export class OpenTaskRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'review' }) elementId: string;
  @ApiPropertyOptional({ example: '审查', nullable: true }) name: string | null;
  @ApiPropertyOptional({ example: 'review', nullable: true }) step: string | null;
  @ApiProperty({ example: ['410100-SJJ'] }) candidateDepartments: string[];
  @ApiPropertyOptional({ nullable: true }) assignee: string | null;
  @ApiPropertyOptional({ nullable: true }) dueAt: string | null;
}

export class ClockViewDto {
  @ApiPropertyOptional({ nullable: true, description: 'Due instant (end of the last working day, Asia/Shanghai)' })
  dueAt: string | null;
  @ApiPropertyOptional({ nullable: true }) limit: { value: number; unit: string } | null;
  @ApiProperty() elapsedWorkingDays: number;
  @ApiPropertyOptional({ nullable: true }) remainingWorkingDays: number | null;
  @ApiProperty() paused: boolean;
  @ApiProperty() running: boolean;
  @ApiProperty({ description: 'Working days added by approved extensions (legal clock only)' })
  extendedWorkingDays: number;
}

export class ClocksDto {
  @ApiProperty({ type: ClockViewDto }) legal: ClockViewDto;
  @ApiProperty({ type: ClockViewDto }) promised: ClockViewDto;
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
  @ApiProperty({ example: 'IN_PROCESS' }) status: string;
  @ApiProperty({ example: 8, description: 'External status code 1–16 (domain.md §3.1)' }) statusCode: number;
  @ApiPropertyOptional({ nullable: true }) resultPhase: string | null;
  @ApiPropertyOptional({ nullable: true, example: '410100-SJJ-XK-001' }) itemCode: string | null;
  @ApiPropertyOptional({ nullable: true, example: '食品经营许可（新办）' }) itemName: string | null;
  @ApiProperty({ example: 'standard-approval' }) processKey: string;
  @ApiProperty({ example: 1 }) processVersion: number;
  @ApiPropertyOptional({ nullable: true }) businessKey: string | null;
  @ApiProperty({ example: '410100-SJJ' }) department: string;
  @ApiProperty({ example: '410100' }) regionCode: string;
  @ApiProperty({ example: 'WINDOW' }) channel: string;
  @ApiProperty({
    description:
      'Id number, phone and address are masked unless you handle the case (window, handler, leader of the handling department), entered it, or are an admin',
  })
  applicant: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true }) agent: Record<string, unknown> | null;
  @ApiProperty() materials: unknown[];
  @ApiProperty() isTolerance: boolean;
  @ApiProperty() variables: Record<string, unknown>;
  @ApiProperty({ type: [ActiveElementDto] }) activeElements: ActiveElementDto[];
  @ApiProperty({ type: [OpenTaskRefDto] }) openTasks: OpenTaskRefDto[];
  @ApiProperty({ type: ClocksDto }) clocks: ClocksDto;
  @ApiProperty({ enum: ['NORMAL', 'WARNING', 'OVERDUE'] }) timeState: string;
  @ApiProperty() receivedAt: string;
  @ApiPropertyOptional({ nullable: true }) acceptedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) decisionAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, description: 'null while the case runs' }) endedAt: string | null;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseView] }) items: CaseView[];
  @ApiPropertyOptional() total?: number;
  @ApiPropertyOptional() nextCursor?: string;
}
