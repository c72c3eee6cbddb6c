import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class SetProxyRequestDto {
  @ApiProperty({
    example: 'handler-410100-SJJ-02',
    description:
      'User id (JWT sub) of the colleague who covers for you. They act as a member of your department ' +
      '(their token must name it), like a delegate (ADR 0018).',
  })
  @IsString()
  @Length(1, 200)
  proxy: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+08:00', description: 'Start of the period; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiProperty({
    example: '2026-12-08T00:00:00+08:00',
    description: 'End of the period (exclusive): it ends by itself',
  })
  @IsISO8601({ strict: true })
  until: string;

  @ApiPropertyOptional({ example: '年休假' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ProxyView {
  @ApiProperty({ example: 'handler-410100-SJJ-01' }) userId: string;
  @ApiProperty({ example: 'handler-410100-SJJ-02' }) proxy: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100-SJJ' }) department: string | null;
  @ApiProperty({ example: '2026-12-01T00:00:00.000Z' }) from: string;
  @ApiProperty({ example: '2026-12-08T00:00:00.000Z' }) until: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '年休假' }) reason: string | null;
  @ApiProperty({ description: 'In force now (the period has begun)' }) active: boolean;
}
