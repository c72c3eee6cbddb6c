import { Body, Controller, Post, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBasicAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowBasicApiKey, CurrentPrincipal, Roles, Scopes } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { CorrelateMessageCommand } from '../../messages/commands/correlate-message/correlate-message.command.js';
import type { CorrelateMessageRequestDto } from '../../messages/commands/correlate-message/correlate-message.request.dto.js';
import { CamundaErrorFilter } from '../camunda-error.filter.js';
import { sendCamundaJson } from '../camunda-json.js';
import { fromCamundaVariables } from '../camunda-variables.js';
import { CamundaCorrelateMessageDto, CamundaMessageCorrelationResultDto } from './camunda-message.dto.js';

@ApiTags('Camunda 7 compatibility')
@ApiSecurity('api-key')
@ApiBasicAuth('api-key-basic')
@AllowBasicApiKey()
@UseFilters(CamundaErrorFilter)
@Roles('admin')
@Scopes('messages:write')
@Controller('engine-rest/message')
export class CamundaMessageController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({
    operationId: 'camundaCorrelateMessage',
    summary: 'Camunda 7 POST /message',
    description:
      'Same as POST /api/v1/messages: correlates once per matching case (as Camunda with all=true), or starts ' +
      'a case at a message start event. Nothing matched: 400 MismatchingMessageCorrelationException with ' +
      'code MESSAGE.NO_MATCH. Variables in Camunda’s typed format.',
  })
  @ApiBody({
    type: CamundaCorrelateMessageDto,
    examples: {
      byBusinessKey: {
        value: {
          messageName: 'fee-paid',
          businessKey: 'SQ-2026-000123',
          processVariables: { paidAmount: { value: 120.5, type: 'Double' } },
          resultEnabled: true,
        },
      },
    },
  })
  @ApiOkResponse({ type: [CamundaMessageCorrelationResultDto], description: 'resultEnabled: true' })
  @ApiNoContentResponse({ description: 'Correlated (resultEnabled absent or false)' })
  async correlate(
    @Body() body: CamundaCorrelateMessageDto,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const answer = await this.commands.execute(new CorrelateMessageCommand(toNative(body), p));
    if (!body.resultEnabled) {
      res.status(204).end();
      return;
    }
    const results: CamundaMessageCorrelationResultDto[] = answer.body.correlated.map((c) =>
      c.started
        ? {
            resultType: 'ProcessDefinition',
            execution: null,
            processInstance: {
              id: c.caseId,
              definitionId: null,
              businessKey: body.businessKey ?? null,
              ended: false,
              suspended: false,
              tenantId: p.dept,
              links: [],
            },
          }
        : {
            resultType: 'Execution',
            execution: { id: c.caseId, processInstanceId: c.caseId, ended: false, tenantId: p.dept },
            processInstance: null,
          },
    );
    sendCamundaJson(res, 200, results);
  }
}

function toNative(body: CamundaCorrelateMessageDto): CorrelateMessageRequestDto {
  const keys = Object.values(fromCamundaVariables(body.correlationKeys, 'correlationKeys') ?? {});
  if (keys.length > 1) {
    throw AppError.badRequest(
      'CAMUNDA.UNSUPPORTED',
      'correlationKeys may have one entry: it is matched against the correlation key of the waiting subscription',
    );
  }
  const key = keys[0];
  if (key !== undefined && typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
    throw AppError.badRequest('CAMUNDA.UNSUPPORTED', 'A correlation key must be a String, Integer, Long or Boolean');
  }
  const hasVariables = body.processVariables !== undefined || body.processVariablesLocal !== undefined;
  const variables = {
    ...fromCamundaVariables(body.processVariables, 'processVariables'),
    ...fromCamundaVariables(body.processVariablesLocal, 'processVariablesLocal'),
  };
  return {
    name: body.messageName,
    ...(body.businessKey !== undefined ? { businessKey: body.businessKey } : {}),
    ...(body.processInstanceId !== undefined ? { caseId: body.processInstanceId } : {}),
    ...(key !== undefined ? { correlationKey: String(key) } : {}),
    ...(hasVariables ? { variables } : {}),
  };
}
