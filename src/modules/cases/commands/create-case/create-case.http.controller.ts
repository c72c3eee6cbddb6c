import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { CaseView } from '../../dtos/case.view.js';
import { CreateCaseCommand } from './create-case.command.js';
import { CreateCaseRequestDto } from './create-case.request.dto.js';
import { VARIABLES_ERRORS_DOC } from '../../application/variable-policy.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CreateCaseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Authorise('case.create')
  @ApiOperation({
    summary: 'Open a case (接件)',
    description:
      "By `itemCode` (the item's bound process runs, its departments and policy become variables) or `processKey`. " +
      'Returns the case with its number (`{region6}{yyyyMMdd}{seq8}` by default) and public query code.',
  })
  @ApiResponse({ status: 201, type: CaseView })
  @ApiResponse({
    status: 400,
    description: `${VARIABLES_ERRORS_DOC}; on creation VARIABLES.PROTECTED means a department, regionCode or itemCode variable that contradicts the case's own`,
  })
  @ApiResponse({ status: 404, description: 'ITEM.NOT_FOUND / DEFINITION.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'ITEM.NOT_IN_USE' })
  create(@Body() body: CreateCaseRequestDto, @CurrentPrincipal() p: Principal): Promise<CaseView> {
    return this.commands.execute(new CreateCaseCommand(body, p));
  }
}
