import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CLAIM_MAX_LENGTH } from '../../../../shared/auth/jwt.js';
import { ROLES } from '../../../../shared/auth/principal.js';

export class DevLoginRequestDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['handler'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: string[];

  @ApiPropertyOptional({ example: '410100-SJJ', description: 'Department code (the token claim `dept`)' })
  @IsOptional()
  @IsString()
  @MaxLength(CLAIM_MAX_LENGTH.dept)
  @Matches(/^[\w-]+$/)
  dept?: string;

  @ApiPropertyOptional({ example: 'u-1001', description: 'User id (claim `sub`); default dev-<first role>' })
  @IsOptional()
  @IsString()
  @MaxLength(CLAIM_MAX_LENGTH.sub)
  @Matches(/^[\w.@-]+$/)
  sub?: string;

  @ApiPropertyOptional({ example: '张三' })
  @IsOptional()
  @IsString()
  @MaxLength(CLAIM_MAX_LENGTH.name)
  name?: string;

  @ApiPropertyOptional({ example: '410100' })
  @IsOptional()
  @IsString()
  @MaxLength(CLAIM_MAX_LENGTH.region)
  @Matches(/^[\w-]+$/)
  region?: string;
}

export class DevLoginResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig' }) token: string;
  @ApiProperty({ example: '2026-11-29T20:00:00.000Z' }) expiresAt: string;
}
