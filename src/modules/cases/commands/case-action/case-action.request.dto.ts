import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { SPECIAL_PROCEDURE_TYPES } from '../../../items/domain/item.enums.js';

export class ReasonRequestDto {
  @ApiProperty({ example: '申请人书面申请撤回', description: 'Why (required, lands in the timeline)' })
  @IsString()
  @Length(1, 4000)
  reason: string;
}

export class OptionalReasonRequestDto {
  @ApiPropertyOptional({ example: '中止事由消除' }) @IsOptional() @IsString() @Length(1, 4000) reason?: string;
}

export class StartSpecialProcedureRequestDto {
  @ApiProperty({
    enum: SPECIAL_PROCEDURE_TYPES,
    example: 'EXPERT_REVIEW',
    description: "One of the item's special procedures",
  })
  @IsIn(SPECIAL_PROCEDURE_TYPES)
  type: string;
  @ApiProperty({ example: '需组织专家评审' }) @IsString() @Length(1, 4000) reason: string;
  @ApiPropertyOptional({ example: 10, description: 'Planned working days (told to the applicant in writing)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  plannedDays?: number;
}

export class EndSpecialProcedureRequestDto {
  @ApiProperty({ example: '专家评审通过' }) @IsString() @Length(1, 4000) result: string;
}

export class ExtensionRequestDto {
  @ApiProperty({
    example: 5,
    description:
      "Working days asked for the legal clock; within the item's extension rule (default 行政许可法 Art.42: 10 once)",
  })
  @IsInt()
  @Min(1)
  @Max(60)
  days: number;
  @ApiProperty({ example: '案情复杂，需延长审查期限', description: 'The reason, told to the applicant (Art.42)' })
  @IsString()
  @Length(1, 4000)
  reason: string;
}

export class ExtensionDecisionRequestDto {
  @ApiPropertyOptional({ example: '同意延期', description: "The approver's opinion (lands in the timeline)" })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  opinion?: string;
}

export class CorrectionRequestDto {
  @ApiProperty({ example: '平面布局图与现场不符，请补正', description: 'What is to be corrected (one-time notice)' })
  @IsString()
  @Length(1, 4000)
  reason: string;
  @ApiPropertyOptional({ example: ['m3'], description: 'Ids of the materials to correct' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  materials?: string[];
}

export class CorrectionSubmitRequestDto {
  @ApiPropertyOptional({ example: '已补交修改后的平面布局图' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}
