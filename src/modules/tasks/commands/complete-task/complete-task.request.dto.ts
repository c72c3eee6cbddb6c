import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class CompleteTaskRequestDto {
  @ApiPropertyOptional({ example: 'approve', description: "One of the task's `outcomes` when it has any" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  outcome?: string;

  @ApiPropertyOptional({ example: '材料齐全，符合法定形式，同意。', description: '审批意见, lands in the timeline' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  opinion?: string;

  @ApiPropertyOptional({
    example: { inspectionRequired: true },
    description:
      'Process variables to set (at most VARIABLES_MAX_BYTES as JSON; routing variables such as department or leadDepartment are refused)',
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}
