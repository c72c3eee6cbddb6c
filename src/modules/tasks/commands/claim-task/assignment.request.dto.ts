import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class DelegateTaskRequestDto {
  @ApiProperty({ example: 'handler-410100-SJJ-02', description: 'User id (JWT sub) to work on it' })
  @IsString()
  @Length(1, 200)
  assignee: string;
  @ApiPropertyOptional({
    example: '410100-SJJ',
    description:
      "The delegate's department; defaults to yours. The delegate can work on the task only while their token " +
      "names this department. Another department than the task's needs a leader of the handling department or an admin " +
      '(403 AUTH.FORBIDDEN_ACTION).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  department?: string;
  @ApiPropertyOptional({ example: '请协助审查' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class TransferTaskRequestDto {
  @ApiPropertyOptional({
    example: '410100-ZJJ',
    description:
      "Send it to this department (转办). A department other than the task's own needs a leader of the handling " +
      'department or an admin (403 AUTH.FORBIDDEN_ACTION); an assignee alone keeps the task in its department.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  department?: string;
  @ApiPropertyOptional({ example: 'handler-410100-ZJJ-01', description: 'Or to a person' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  assignee?: string;
  @ApiPropertyOptional({ example: '属住建部门职责' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}
