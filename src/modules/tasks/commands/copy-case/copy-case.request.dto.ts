import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const MAX_COPY_RECIPIENTS = 50;

export class CopyCaseRequestDto {
  @ApiPropertyOptional({
    example: ['leader-410100-SJJ'],
    description: `User ids (JWT sub) to copy to; with departments at most ${MAX_COPY_RECIPIENTS} each`,
    maxItems: MAX_COPY_RECIPIENTS,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_COPY_RECIPIENTS)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  users?: string[];

  @ApiPropertyOptional({
    example: ['410100-ZJJ'],
    description: 'Departments to copy to: every member sees the copy (one shared read state)',
    maxItems: MAX_COPY_RECIPIENTS,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_COPY_RECIPIENTS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  departments?: string[];

  @ApiPropertyOptional({ example: '请知悉：该企业涉及消防审验。', description: 'Why (shown to the recipients)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CopyRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['user', 'department'] }) recipientKind: string;
  @ApiProperty({ example: 'leader-410100-SJJ' }) recipient: string;
}

export class CopyCaseResultDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CopyRefDto] }) copies: CopyRefDto[];
}
