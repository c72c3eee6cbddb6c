import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { ApplicantDto } from '../../dtos/applicant.dto.js';
import { NestedObject, NestedObjects } from '../../../../shared/http/nested-objects.js';

export const CHANNELS = ['WINDOW', 'ONLINE', 'MOBILE', 'SELF_SERVICE', 'MAIL'] as const;

export class SubmittedMaterialDto {
  @ApiProperty({ example: 'm1', description: 'Material id from the item' })
  @IsString()
  @Length(1, 64)
  materialId: string;
  @ApiProperty({ example: true }) @IsBoolean() provided: boolean;
  @ApiPropertyOptional({ example: 'ORIGINAL' }) @IsOptional() @IsString() @Length(1, 32) form?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) note?: string;
}

export class CreateCaseRequestDto {
  @ApiPropertyOptional({ example: '410100-SJJ-XK-001', description: 'The approval item; its bound process runs' })
  @ValidateIf((o: CreateCaseRequestDto) => o.processKey === undefined)
  @IsString()
  @Length(1, 64)
  itemCode?: string;

  @ApiPropertyOptional({ example: 'standard-approval', description: 'Instead of itemCode: run this process directly' })
  @ValidateIf((o: CreateCaseRequestDto) => o.itemCode === undefined)
  @IsString()
  @Length(1, 200)
  processKey?: string;

  @ApiPropertyOptional({ example: 'SQ-2026-000123', description: "The upstream platform's application number" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  businessKey?: string;

  @ApiProperty({ type: ApplicantDto }) @NestedObject(() => ApplicantDto) applicant: ApplicantDto;
  @ApiPropertyOptional({ type: ApplicantDto })
  @IsOptional()
  @NestedObject(() => ApplicantDto)
  agent?: ApplicantDto;
  @ApiPropertyOptional({ enum: CHANNELS, default: 'WINDOW' }) @IsOptional() @IsIn(CHANNELS) channel?: string;

  @ApiPropertyOptional({ type: [SubmittedMaterialDto] })
  @IsOptional()
  @ArrayMaxSize(200)
  @NestedObjects(() => SubmittedMaterialDto)
  materials?: SubmittedMaterialDto[];

  @ApiPropertyOptional({
    example: { inspectionRequired: false },
    description:
      'Process variables; the only place routing variables (leadDepartment, departments, jointPolicy …) may be set. ' +
      'department, regionCode and itemCode, when given, must equal the case’s own.',
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({ example: '410100-SJJ', description: "Handling department; default: the item's" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  department?: string;

  @ApiPropertyOptional({ example: '410100', description: "6-digit region; default: the item's or the department's" })
  @IsOptional()
  @Matches(/^\d{6}$/)
  regionCode?: string;
}
