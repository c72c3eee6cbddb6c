import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CaseView } from '../../dtos/case.view.js';
import { type CaseAction, CaseActionCommand } from './case-action.command.js';
import {
  CorrectionRequestDto,
  CorrectionSubmitRequestDto,
  EndSpecialProcedureRequestDto,
  ExtensionDecisionRequestDto,
  ExtensionRequestDto,
  OptionalReasonRequestDto,
  ReasonRequestDto,
  StartSpecialProcedureRequestDto,
} from './case-action.request.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
@ApiOkResponse({ type: CaseView })
@ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
@ApiResponse({ status: 409, description: 'The case is not in a status that allows this (CASE.*)' })
export class CaseActionHttpController {
  constructor(private readonly commands: CommandBus) {}

  private run(id: string, action: CaseAction, p: Principal): Promise<CaseView> {
    return this.commands.execute(new CaseActionCommand(id, action, p));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Authorise('case.withdraw')
  @ApiOperation({ summary: 'Withdraw before a decision (撤件 2 before acceptance, 撤回 14 after)' })
  withdraw(
    @Param('id', uuidParam) id: string,
    @Body() b: ReasonRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'withdraw', reason: b.reason }, p);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Authorise('case.suspend')
  @ApiOperation({ summary: 'Suspend (中止): clocks pause, tasks wait' })
  suspend(
    @Param('id', uuidParam) id: string,
    @Body() b: ReasonRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'suspend', reason: b.reason }, p);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Authorise('case.resume')
  @ApiOperation({ summary: 'Resume a suspended case: back to its previous status, clocks resume' })
  resume(
    @Param('id', uuidParam) id: string,
    @Body() b: OptionalReasonRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'resume', ...(b.reason ? { reason: b.reason } : {}) }, p);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authorise('case.cancel')
  @ApiOperation({ summary: 'Cancel an in-flight case (撤销, 15); admin only' })
  cancel(
    @Param('id', uuidParam) id: string,
    @Body() b: ReasonRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'cancel', reason: b.reason }, p);
  }

  @Post(':id/special-procedures')
  @HttpCode(200)
  @Authorise('case.special-procedure.start')
  @ApiOperation({ summary: 'Start a special procedure the item defines (特别程序开始, 9): clocks pause' })
  startSpecial(
    @Param('id', uuidParam) id: string,
    @Body() b: StartSpecialProcedureRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(
      id,
      {
        kind: 'startSpecialProcedure',
        type: b.type,
        reason: b.reason,
        ...(b.plannedDays ? { plannedDays: b.plannedDays } : {}),
      },
      p,
    );
  }

  @Post(':id/special-procedures/:pid/end')
  @HttpCode(200)
  @Authorise('case.special-procedure.end')
  @ApiOperation({ summary: 'End a special procedure (特别程序结束, 10): clocks resume' })
  endSpecial(
    @Param('id', uuidParam) id: string,
    @Param('pid', uuidParam) pid: string,
    @Body() b: EndSpecialProcedureRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'endSpecialProcedure', procedureId: pid, result: b.result }, p);
  }

  @Post(':id/extensions')
  @HttpCode(200)
  @Authorise('case.extend')
  @ApiOperation({
    summary: 'Request an extension of the legal time limit (延期申请, step 1 of 2)',
    description:
      "The handler asks for working days with a reason before the legal limit expires; the item's approver role " +
      'decides. Over the item rule (default 行政许可法 Art.42: 10 WD once, 15 WD for joint handling): 422 ' +
      'TIMING.EXTENSION_LIMIT. One request at a time (409 TIMING.EXTENSION_PENDING); after expiry 409 ' +
      'CASE.EXTENSION_TOO_LATE. The request appears under `clocks.extensions` with status PENDING.',
  })
  @ApiResponse({ status: 422, description: 'TIMING.EXTENSION_LIMIT' })
  extend(
    @Param('id', uuidParam) id: string,
    @Body() b: ExtensionRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'extend', days: b.days, reason: b.reason }, p);
  }

  @Post(':id/extensions/:pid/approve')
  @HttpCode(200)
  @Authorise('case.extension.decide')
  @ApiOperation({
    summary: 'Approve an extension request (延期审批, step 2 of 2): the legal clock is extended',
    description:
      "Only a user with the item's approver role (leader by default), not the requester (403 " +
      'TIMING.EXTENSION_APPROVER_ROLE / TIMING.EXTENSION_SELF_APPROVAL). The applicant notice (Art.42) is recorded ' +
      'on the extension and in the timeline.',
  })
  @ApiResponse({ status: 404, description: 'TIMING.EXTENSION_NOT_FOUND' })
  @ApiResponse({ status: 422, description: 'TIMING.EXTENSION_LIMIT' })
  approveExtension(
    @Param('id', uuidParam) id: string,
    @Param('pid', uuidParam) pid: string,
    @Body() b: ExtensionDecisionRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'decideExtension', extensionId: pid, approve: true, opinion: b.opinion ?? null }, p);
  }

  @Post(':id/extensions/:pid/reject')
  @HttpCode(200)
  @Authorise('case.extension.decide')
  @ApiOperation({ summary: 'Reject an extension request: the legal clock stays as it is' })
  @ApiResponse({ status: 404, description: 'TIMING.EXTENSION_NOT_FOUND' })
  rejectExtension(
    @Param('id', uuidParam) id: string,
    @Param('pid', uuidParam) pid: string,
    @Body() b: ExtensionDecisionRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'decideExtension', extensionId: pid, approve: false, opinion: b.opinion ?? null }, p);
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @Authorise('case.correction.request')
  @ApiOperation({
    summary: 'Ask for a correction during review (过程补正, 6): the clocks pause while the applicant corrects',
    description:
      "An IN_PROCESS case only (409 CASE.NOT_IN_PROCESS), one at a time (409 CASE.CORRECTION_OPEN). The item's " +
      '`correctionPausesClock: false` keeps the clocks running. The pause shows in `clocks.pauses` (cause CORRECTION).',
  })
  requestCorrection(
    @Param('id', uuidParam) id: string,
    @Body() b: CorrectionRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'requestCorrection', reason: b.reason, materials: b.materials ?? [] }, p);
  }

  @Post(':id/corrections/:pid/submit')
  @HttpCode(200)
  @Authorise('case.correction.submit')
  @ApiOperation({
    summary: 'Record the corrected materials (补正结束, 7): the clocks resume and the case returns to review',
  })
  @ApiResponse({ status: 404, description: 'CASE.CORRECTION_NOT_FOUND' })
  submitCorrection(
    @Param('id', uuidParam) id: string,
    @Param('pid', uuidParam) pid: string,
    @Body() b: CorrectionSubmitRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.run(id, { kind: 'submitCorrection', correctionId: pid, note: b.note ?? null }, p);
  }
}
