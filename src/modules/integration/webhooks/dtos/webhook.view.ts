import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '../../../cases/domain/case-events.js';
import { DELIVERY_ERRORS } from '../domain/webhook-sender.js';

export interface WebhookRow {
  id: string;
  department: string | null;
  url: string;
  events: string[];
  secret: string;
  created_by: string;
  created_at: Date;
  deleted_at: Date | null;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_seq: string;
  event_type: string;
  case_id: string | null;
  state: string;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid', example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10' }) id: string;
  @ApiProperty({ example: 'https://zrzy.example.gov.cn/tongban/events' }) url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['case.status_changed', 'task.created'] }) events: string[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '410100-ZRZY',
    description: 'null: every department (admin)',
  })
  department: string | null;
  @ApiProperty({ example: '2026-11-28T02:21:11.120Z' }) createdAt: string;

  static from(r: WebhookRow): WebhookView {
    return { id: r.id, url: r.url, events: r.events, department: r.department, createdAt: r.created_at.toISOString() };
  }
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid', example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event id, also in the body and X-Tongban-Event-Id' })
  eventId: string;
  @ApiProperty({ example: 'case.status_changed' }) eventType: string;
  @ApiProperty({ example: 42, description: 'Outbox position: the order of events' }) eventSeq: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10',
  })
  caseId: string | null;
  @ApiProperty({
    enum: ['pending', 'delivered', 'dead', 'skipped', 'cancelled'],
    example: 'delivered',
    description:
      'pending: waiting or being retried (a pending delivery behind a dead one of its case waits for it); ' +
      'dead: retry budget used up; skipped: an operator gave up on it; cancelled: the webhook was deleted',
  })
  state: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 200 }) lastStatus: number | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: DELIVERY_ERRORS,
    example: 'CONNECTION_REFUSED',
    description: 'Why the last attempt failed, as a coarse category (never the socket error text)',
  })
  lastError: string | null;
  @ApiProperty({ example: '2026-11-28T02:21:11.120Z' }) nextAttemptAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-11-28T02:21:11.300Z' }) deliveredAt:
    string | null;
  @ApiProperty({ example: '2026-11-28T02:21:11.120Z' }) createdAt: string;

  static from(r: DeliveryRow): DeliveryView {
    return {
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      eventSeq: Number(r.event_seq),
      caseId: r.case_id,
      state: r.state,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at.toISOString(),
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    };
  }
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookView] }) items: WebhookView[];
  @ApiProperty({ example: 2, description: 'Webhooks matching, over all pages' }) total: number;
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page' })
  nextCursor?: string;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryView] }) items: DeliveryView[];
  @ApiProperty({ example: 42, description: 'Deliveries matching, over all pages' }) total: number;
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page' })
  nextCursor?: string;
}
