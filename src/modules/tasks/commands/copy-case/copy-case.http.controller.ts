import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CopyCaseCommand } from './copy-case.command.js';
import { CopyCaseRequestDto, CopyCaseResultDto } from './copy-case.request.dto.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class CopyCaseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/cc')
  @Authorise('task.cc')
  @ApiOperation({
    summary: 'Copy the case to people or departments (抄送)',
    description:
      'From an open task you work on. Recipients find it under GET /cc and may read the case and its timeline — ' +
      'nothing else. Copying again to the same recipient refreshes their copy (unread again). Timeline ' +
      '`case.copied`, webhook event `case.copied`.',
  })
  @ApiCreatedResponse({ type: CopyCaseResultDto })
  @ApiResponse({ status: 409, description: 'TASK.NOT_OPEN' })
  @ApiResponse({ status: 422, description: 'CC.RECIPIENT_REQUIRED' })
  copy(
    @Param('id', uuidParam) id: string,
    @Body() body: CopyCaseRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CopyCaseResultDto> {
    return this.commands.execute(new CopyCaseCommand(id, body, p));
  }
}
