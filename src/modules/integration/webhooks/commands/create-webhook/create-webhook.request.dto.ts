import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EVENT_TYPES } from '../../../../cases/domain/case-events.js';

export class CreateWebhookRequestDto {
  @ApiProperty({
    example: 'https://zrzy.example.gov.cn/tongban/events',
    description:
      'http(s) only, no credentials; internal addresses (loopback, private, link-local, …) are refused with ' +
      'WEBHOOK.TARGET_NOT_ALLOWED. Production should still route webhooks through an egress proxy.',
  })
  @IsString()
  @Length(8, 2000)
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['case.status_changed', 'task.created', 'case.ended'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  events: string[];

  @ApiProperty({
    example: 'b1f0c7e2a9d84c55a3e1f6d2c8b7a901',
    description: 'Shared secret for X-Tongban-Signature (HMAC-SHA256 of "timestamp.body"); 16–200 characters',
  })
  @IsString()
  @Length(16, 200)
  secret: string;

  @ApiPropertyOptional({
    example: '410100-ZRZY',
    description: "Admins only: whose cases' events (default: every department). An API key always gets its own.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  department?: string;
}
