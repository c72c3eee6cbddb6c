import { Controller, HttpStatus, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtension,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { DeployResponseDto } from '../../dtos/definition.response.dto.js';
import { DeployDefinitionCommand } from './deploy-definition.command.js';

const EXAMPLE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:example">
  <bpmn:process id="hello" isExecutable="true">
    <bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="审查"/><bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;

@ApiTags('process definitions')
@ApiBearerAuth()
@Controller('process-definitions')
export class DeployDefinitionHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('process-admin')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Deploy a BPMN 2.0 file',
    description:
      'Multipart field `file`, or the raw XML with `Content-Type: application/xml`. One definition per ' +
      '`bpmn:Process`, versioned per key; a byte-identical redeploy returns the existing version (200). ' +
      '`?dryRun=true` only validates. Unsupported elements, DOCTYPE/entities, > 5 MB and broken references are refused. ' +
      'What deploys but may not mean what the author thinks is listed in `warnings` (e.g. `BPMN.UNRESOLVED_ERROR_REF`: ' +
      'an errorRef naming no declared bpmn:error is used as the error code, as Camunda 7 does).',
  })
  // One body per media type (a file picker in Swagger UI, a string for raw XML): ApiBody cannot say this,
  // so the document builder replaces the request content with this extension (shared/http/openapi.ts).
  @ApiConsumes('multipart/form-data', 'application/xml')
  @ApiBody({ schema: { type: 'string' } })
  @ApiExtension('x-request-content', {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary', description: 'The .bpmn file' } },
      },
    },
    'application/xml': { schema: { type: 'string', description: 'The BPMN 2.0 XML' }, example: EXAMPLE_XML },
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiResponse({ status: 201, type: DeployResponseDto, description: 'New version(s) deployed' })
  @ApiResponse({ status: 200, type: DeployResponseDto, description: 'Already deployed, or dry run' })
  @ApiResponse({ status: 413, description: 'BPMN.TOO_LARGE / HTTP.PAYLOAD_TOO_LARGE' })
  @ApiResponse({ status: 422, description: 'BPMN.INVALID with one entry per problem (code, message, elementId)' })
  async deploy(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @Query('dryRun') dryRun?: string,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<DeployResponseDto> {
    const xml = file ? file.buffer.toString('utf8') : typeof req.body === 'string' ? req.body : null;
    if (!xml || xml.trim() === '') {
      throw AppError.badRequest(
        'BPMN.MISSING_FILE',
        'Send the BPMN file as multipart field `file` or as the body with Content-Type application/xml',
      );
    }
    const isDryRun = dryRun === 'true' || dryRun === '1';
    const name = file?.originalname ?? null;
    const result = await this.commands.execute(new DeployDefinitionCommand(xml, name, isDryRun, principal.id));
    res.status(!isDryRun && result.definitions.some((d) => d.created) ? HttpStatus.CREATED : HttpStatus.OK);
    return result;
  }
}
