import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class DelegateTaskRequestDto {
  @ApiProperty({ example: 'handler-410100-SJJ-02', description: 'User id (JWT sub) to work on it' })
  @IsString()
  @Length(1, 200)
  assignee: string;
  @ApiPropertyOptional({ example: '请协助审查' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class TransferTaskRequestDto {
  @ApiPropertyOptional({ example: '410100-ZJJ', description: 'Send it to another department (转办)' })
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
