import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Scopes } from '../../../../../shared/auth/decorators.js';
import { Authorise } from '../../../../../shared/auth/authorise.decorator.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { PushDepartmentStatusCommand } from './push-department-status.command.js';
import { DepartmentStatusResponseDto, PushDepartmentStatusRequestDto } from './push-department-status.request.dto.js';

@ApiTags('department status')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('cases')
export class PushDepartmentStatusHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/department-status')
  @HttpCode(200)
  @Authorise('case.department-status')
  @Scopes('messages:write')
  @ApiOperation({
    summary: 'A department reports progress on its part of a case (部门办理状态推送)',
    description:
      'Lands in the timeline with source DEPT_PUSH. Idempotent by idempotencyKey per department. When the ' +
      'process waits for the message `dept-status:<statusCode>` (receive task, catch or boundary event), the ' +
      'push completes that step; the push is in `variables.departmentStatus`.',
  })
  @ApiOkResponse({ type: DepartmentStatusResponseDto })
  @ApiResponse({ status: 400, description: 'VALIDATION: unknown status code or bad fields' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND (also for cases the department takes no part in)' })
  push(
    @Param('id', uuidParam) id: string,
    @Body() body: PushDepartmentStatusRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<DepartmentStatusResponseDto> {
    return this.commands.execute(new PushDepartmentStatusCommand(id, body, p));
  }
}
