import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

export class UrgeTaskRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The open task of this case to urge' })
  @IsUUID()
  taskId: string;

  @ApiProperty({
    example: '申请人来电询问进度，请尽快办理。',
    description: 'Sent to the assignee or department (1–500)',
  })
  @IsString()
  @Length(1, 500)
  message: string;
}

export class UrgeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ example: '申请人来电询问进度，请尽快办理。' }) message: string;
  @ApiProperty({ example: 'window-410100-SJJ' }) urgedBy: string;
  @ApiProperty({ example: '窗口人员' }) urgedByName: string;
  @ApiProperty() urgedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who held the task when urged' }) assignee: string | null;
  @ApiProperty({ example: ['410100-SJJ'] }) departments: string[];
  @ApiProperty({ example: 1, description: 'Urges of this task so far, this one included' }) count: number;
}
