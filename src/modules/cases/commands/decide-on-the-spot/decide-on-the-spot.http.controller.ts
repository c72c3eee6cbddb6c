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
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { CaseView } from '../../dtos/case.view.js';
import { DecideOnTheSpotCommand, VerifyCommitmentCommand } from './decide-on-the-spot.command.js';
import { NestedObject } from '../../../../shared/http/nested-objects.js';

export class SignedCommitmentDto {
  @ApiProperty({ example: '王五（法定代表人）', description: 'Who signed the 告知承诺书' })
  @IsString()
  @Length(1, 200)
  signedBy: string;
  @ApiPropertyOptional({ example: '2026-12-07T09:30:00+08:00', description: 'When it was signed (default: now)' })
  @IsOptional()
  @IsISO8601()
  signedAt?: string;
  @ApiPropertyOptional({ example: 'CN-2026-0001.pdf', description: 'The signed document (file reference)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  documentRef?: string;
}

export class OnTheSpotDecisionRequestDto {
  @ApiProperty({ enum: ['APPROVE', 'REJECT'], example: 'APPROVE' }) @IsIn(['APPROVE', 'REJECT']) decision: string;
  @ApiProperty({ example: '申请人书面承诺符合条件，当场准予许可' }) @IsString() @Length(1, 4000) opinion: string;
  @ApiPropertyOptional({
    type: SignedCommitmentDto,
    description: "告知承诺制: the applicant's signed commitment (required to approve)",
  })
  @IsOptional()
  @NestedObject(() => SignedCommitmentDto)
  commitment?: SignedCommitmentDto;
}

export class VerificationRequestDto {
  @ApiProperty({ enum: ['PASSED', 'FAILED'], example: 'FAILED' }) @IsIn(['PASSED', 'FAILED']) result: string;
  @ApiProperty({ example: '现场核查：经营场所与承诺不符' }) @IsString() @Length(1, 4000) opinion: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
@ApiOkResponse({ type: CaseView })
@ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
export class DecideOnTheSpotHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/on-the-spot-decision')
  @HttpCode(200)
  @Authorise('case.decide-on-the-spot')
  @ApiOperation({
    summary: 'Decide at the window in one step (即办件 / 告知承诺制)',
    description:
      'For items with handlingType IMMEDIATE or approvalMode NOTICE_COMMITMENT: accepts (if not yet) and decides now. Approved: the process goes on at the certificate step (制证); refused: it ends. A commitment approval records the signed commitment and opens the verification (核查) with the item’s working-day deadline.',
  })
  @ApiResponse({
    status: 409,
    description: 'CASE.NOT_ON_THE_SPOT, CASE.ALREADY_DECIDED, CASE.NOT_DECIDABLE, ITEM.COMMITMENT_RULE_MISSING',
  })
  @ApiResponse({ status: 422, description: 'CASE.COMMITMENT_REQUIRED' })
  decide(
    @Param('id', uuidParam) id: string,
    @Body() b: OnTheSpotDecisionRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    const commitment = b.commitment
      ? {
          signedBy: b.commitment.signedBy,
          signedAt: b.commitment.signedAt ? new Date(b.commitment.signedAt).toISOString() : '',
          documentRef: b.commitment.documentRef ?? null,
        }
      : null;
    return this.commands.execute(new DecideOnTheSpotCommand(id, b.decision === 'APPROVE', b.opinion, commitment, p));
  }

  @Post(':id/commitment/verification')
  @HttpCode(200)
  @Authorise('case.commitment.verify')
  @ApiOperation({
    summary: 'Record the post-approval verification of a commitment (核查)',
    description: 'PASSED is recorded; FAILED revokes the approval (status REVOKED, 15; webhook case.approval_revoked).',
  })
  @ApiResponse({ status: 409, description: 'CASE.NO_COMMITMENT, CASE.VERIFICATION_DONE, CASE.NOT_APPROVED' })
  verify(
    @Param('id', uuidParam) id: string,
    @Body() b: VerificationRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CaseView> {
    return this.commands.execute(new VerifyCommitmentCommand(id, b.result === 'PASSED', b.opinion, p));
  }
}
