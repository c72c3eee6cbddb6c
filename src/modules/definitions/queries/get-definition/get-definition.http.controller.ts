import { Controller, Get, Header, Headers, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../../shared/auth/decorators.js';
import { ApiETagRead, ETAG_HEADER, conditionalRead } from '../../../../shared/http/etag.js';
import { uuidParam as uuid } from '../../../../shared/http/uuid.pipe.js';
import { DefinitionResponseDto } from '../../dtos/definition.response.dto.js';
import type { ProcessDefinitionOrm } from '../../../../persistence/entities/index.js';
import { GetDefinitionQuery } from './get-definition.query.js';

@ApiTags('process definitions')
@ApiBearerAuth()
@Roles('admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor')
@Controller('process-definitions')
export class GetDefinitionHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('key/:key')
  @ApiOperation({
    summary: 'The latest version of a key',
    description: 'The ETag is the version: it changes when a new version of the key is deployed.',
  })
  @ApiOkResponse({ type: DefinitionResponseDto, headers: ETAG_HEADER })
  @ApiNotFoundResponse({ description: 'DEFINITION.NOT_FOUND' })
  @ApiETagRead('DEFINITION.VERSION_MISMATCH')
  async latest(
    @Param('key') key: string,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<DefinitionResponseDto | undefined> {
    return conditional(await this.queries.execute(new GetDefinitionQuery({ key })), res, ifMatch, ifNoneMatch);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One definition version',
    description: 'The ETag is the version (a deployed version never changes).',
  })
  @ApiOkResponse({ type: DefinitionResponseDto, headers: ETAG_HEADER })
  @ApiNotFoundResponse({ description: 'DEFINITION.NOT_FOUND' })
  @ApiETagRead('DEFINITION.VERSION_MISMATCH')
  async get(
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<DefinitionResponseDto | undefined> {
    return conditional(await this.queries.execute(new GetDefinitionQuery({ id })), res, ifMatch, ifNoneMatch);
  }

  @Get(':id/xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'Download the BPMN XML as deployed' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'The BPMN 2.0 XML', schema: { type: 'string' } })
  async xml(@Param('id', uuid) id: string): Promise<string> {
    return (await this.queries.execute(new GetDefinitionQuery({ id }))).xml;
  }
}

/** ETag from the version; If-Match must name it (else 412), If-None-Match naming it is 304. */
function conditional(
  row: ProcessDefinitionOrm,
  res: Response,
  ifMatch: string | undefined,
  ifNoneMatch: string | undefined,
): DefinitionResponseDto | undefined {
  const send = conditionalRead(res, row.version, { ifMatch, ifNoneMatch }, 'DEFINITION.VERSION_MISMATCH');
  return send ? DefinitionResponseDto.from(row) : undefined;
}
