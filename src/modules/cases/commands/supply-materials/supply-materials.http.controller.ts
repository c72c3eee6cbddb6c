import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, Length } from 'class-validator';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CaseView } from '../../dtos/case.view.js';
import { SupplyMaterialsCommand } from './supply-materials.command.js';

export class SupplyMaterialsRequestDto {
  @ApiProperty({ example: ['m4'], description: 'Ids of the tolerated materials now handed in' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  materialIds: string[];
  @ApiPropertyOptional({ example: '申请人已补交原件' }) @IsOptional() @IsString() @Length(1, 4000) note?: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class SupplyMaterialsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/tolerance/materials')
  @HttpCode(200)
  @Authorise('case.tolerance.supply')
  @ApiOperation({
    summary: 'Supply tolerated materials (容缺补齐)',
    description:
      'After a tolerance acceptance (容缺受理) the missing secondary materials are handed in, all at once or in parts, before the deadline. When none is missing the tolerance is cleared (timeline `tolerance.cleared`, webhook `case.tolerance_cleared`) and the certificate steps (制证, 盖章, 发证) may be completed. A missed deadline ends the case (T6).',
  })
  @ApiOkResponse({ type: CaseView })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({
    status: 409,
    description: 'CASE.NO_TOLERANCE, CASE.TOLERANCE_CLEARED, CASE.TOLERANCE_DEADLINE_PASSED, CASE.ENDED',
  })
  @ApiResponse({ status: 422, description: 'CASE.MATERIAL_NOT_OUTSTANDING' })
  supply(
    @Param('id', uuidParam) id: string,
    @Body() b: SupplyMaterialsRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.commands.execute(new SupplyMaterialsCommand(id, b.materialIds, b.note ?? null, p));
  }
}
