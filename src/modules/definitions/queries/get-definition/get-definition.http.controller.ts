import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../../shared/auth/decorators.js';
import { uuidParam as uuid } from '../../../../shared/http/uuid.pipe.js';
import { DefinitionResponseDto } from '../../dtos/definition.response.dto.js';
import { GetDefinitionQuery } from './get-definition.query.js';

@ApiTags('process definitions')
@ApiBearerAuth()
@Roles('admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor')
@Controller('process-definitions')
export class GetDefinitionHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('key/:key')
  @ApiOperation({ summary: 'The latest version of a key' })
  @ApiOkResponse({ type: DefinitionResponseDto })
  @ApiNotFoundResponse({ description: 'DEFINITION.NOT_FOUND' })
  async latest(@Param('key') key: string): Promise<DefinitionResponseDto> {
    return DefinitionResponseDto.from(await this.queries.execute(new GetDefinitionQuery({ key })));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One definition version' })
  @ApiOkResponse({ type: DefinitionResponseDto })
  @ApiNotFoundResponse({ description: 'DEFINITION.NOT_FOUND' })
  async get(@Param('id', uuid) id: string): Promise<DefinitionResponseDto> {
    return DefinitionResponseDto.from(await this.queries.execute(new GetDefinitionQuery({ id })));
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
