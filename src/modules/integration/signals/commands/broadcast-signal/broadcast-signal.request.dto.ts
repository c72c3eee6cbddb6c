import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

export class BroadcastSignalRequestDto {
  @ApiProperty({
    example: 'item-suspended',
    description: 'The BPMN signal name (`<bpmn:signal name>`): every case waiting for it is reached',
  })
  @IsString()
  @Length(1, 200)
  @Matches(/^[^\s$#{}][^${}]*$/, { message: 'name is a plain signal name, not an expression' })
  name: string;

  @ApiPropertyOptional({
    example: { noticeNo: '豫政务〔2026〕12号' },
    description:
      'Process variables set on every case reached (variables a process protects are left out for its cases; ' +
      'the timeline says which)',
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}

export class BroadcastSignalResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The broadcast: GET /signals/{id} shows its deliveries' })
  signalId: string;

  @ApiProperty({ example: 'item-suspended' })
  name: string;

  @ApiProperty({ example: 1000, description: 'Cases reached: one durable delivery each' })
  cases: number;

  @ApiProperty({
    example: 1000,
    description: 'Subscriptions reached (a case may wait for the signal at several places)',
  })
  subscriptions: number;

  @ApiProperty({ example: 0, description: 'Processes whose latest version starts a new case on this signal' })
  startEvents: number;
}

export class SignalBroadcastView extends BroadcastSignalResponseDto {
  @ApiProperty({ enum: ['api', 'case'], description: 'Sent over the API, or thrown by a signal event in a case' })
  source: 'api' | 'case';

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The throwing case (source case)' })
  sourceCaseId: string | null;

  @ApiProperty({ example: '410100000000-SJ', nullable: true, type: String })
  senderDepartment: string | null;

  @ApiProperty({ example: '2026-11-28T09:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: 998, description: 'Cases whose delivery has run (exactly once each)' })
  delivered: number;

  @ApiProperty({ example: 998, description: 'Subscriptions the deliveries so far triggered' })
  deliveredSubscriptions: number;

  @ApiProperty({ example: 0, description: 'Cases started at signal start events so far' })
  started: number;

  @ApiProperty({ example: 2, description: 'Deliveries and starts still to run (queued or retrying)' })
  pending: number;
}
