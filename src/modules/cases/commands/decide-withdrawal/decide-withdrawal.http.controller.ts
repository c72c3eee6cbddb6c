import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CaseView } from '../../dtos/case.view.js';
import { DecideWithdrawalCommand } from './decide-withdrawal.command.js';

export class WithdrawalDecisionRequestDto {
  @ApiProperty({ enum: ['APPROVE', 'DENY'], example: 'APPROVE', description: 'Approve (撤回, 14) or deny (back)' })
  @IsIn(['APPROVE', 'DENY'])
  decision: 'APPROVE' | 'DENY';
  @ApiProperty({ example: '同意申请人撤回申请', description: "The leader's opinion (required, in the timeline)" })
  @IsString()
  @Length(1, 4000)
  opinion: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class DecideWithdrawalHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/withdrawal/decision')
  @HttpCode(200)
  @Authorise('case.withdrawal.decide')
  @ApiOperation({
    summary: 'Decide a withdrawal request after acceptance (撤件待确认 16 → 撤回 14, or back)',
    description:
      'After acceptance, `POST /cases/{id}/withdraw` only requests the withdrawal (status WITHDRAW_PENDING). A leader of the handling department approves it (RECALLED, the case ends) or denies it (the case returns to the status it had, a suspension included).',
  })
  @ApiOkResponse({ type: CaseView })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'CASE.NO_WITHDRAWAL_PENDING' })
  decide(
    @Param('id', uuidParam) id: string,
    @Body() b: WithdrawalDecisionRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.commands.execute(new DecideWithdrawalCommand(id, b.decision === 'APPROVE', b.opinion, p));
  }
}
