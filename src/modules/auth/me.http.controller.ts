import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Scopes } from '../../shared/auth/decorators.js';
import type { Principal } from '../../shared/auth/principal.js';

export class MeResponseDto {
  @ApiProperty({ enum: ['user', 'system'] }) kind: string;
  @ApiProperty({ example: 'u-1001' }) id: string;
  @ApiProperty({ example: '张三' }) name: string;
  @ApiProperty({ example: ['handler'] }) roles: string[];
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100-SJJ' }) dept: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100' }) region: string | null;
  @ApiProperty({ example: [], description: 'API key scopes (systems only)' }) scopes: string[];
}

@ApiTags('auth')
@ApiBearerAuth()
@Scopes('messages:write', 'external-tasks', 'webhooks', 'cases:read')
@Controller('me')
export class MeHttpController {
  @Get()
  @ApiOperation({ summary: 'Who the token or API key belongs to' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentPrincipal() p: Principal): MeResponseDto {
    return { ...p };
  }
}
