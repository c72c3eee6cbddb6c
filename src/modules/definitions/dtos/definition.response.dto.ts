import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import type { ProcessDefinitionOrm } from '../../../persistence/entities/index.js';

export class DefinitionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'standard-approval' }) key: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: '标准审批流程（承诺件）' }) name: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'standard-approval.bpmn' }) resourceName: string | null;
  @ApiProperty({ example: 'api', description: '`api` for uploads, `workflows` for shipped files' }) source: string;
  @ApiPropertyOptional({ type: String, nullable: true }) deployedBy: string | null;
  @ApiProperty() deployedAt: string;

  static from(row: ProcessDefinitionOrm): DefinitionResponseDto {
    return {
      id: row.id,
      key: row.key,
      version: row.version,
      name: row.name,
      resourceName: row.resourceName,
      source: row.source,
      deployedBy: row.deployedBy,
      deployedAt: row.deployedAt.toISOString(),
    };
  }
}

export class DeployedDefinitionDto extends OmitType(DefinitionResponseDto, ['id'] as const) {
  @ApiProperty({
    description: 'The definition id (uuid); empty on a dry run, where nothing is stored',
    pattern: '^(|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$',
  })
  id: string;
  @ApiProperty({
    description: 'false when a byte-identical file was already deployed (the existing version is returned)',
  })
  created: boolean;
}

export class DeployWarningDto {
  @ApiProperty({ example: 'BPMN.UNRESOLVED_ERROR_REF' }) code: string;
  @ApiProperty({
    example:
      'catchRejected: errorRef "REJECTED" names no bpmn:error of the file; it is read as the error code "REJECTED" (as Camunda 7 does)',
  })
  message: string;
  @ApiPropertyOptional({ example: 'catchRejected' }) elementId?: string;
}

export class DeployResponseDto {
  @ApiProperty({ type: [DeployedDefinitionDto] }) definitions: DeployedDefinitionDto[];
  @ApiProperty({
    type: [DeployWarningDto],
    description:
      'What was deployed but may not mean what the author thinks, e.g. `BPMN.UNRESOLVED_ERROR_REF`: an error event names an error the file does not declare, and the name is used as the error code (as Camunda 7 does). Empty when there is nothing to say.',
  })
  warnings: DeployWarningDto[];
  @ApiPropertyOptional({ description: 'true when only validated (?dryRun=true)' }) dryRun?: boolean;
}

export class DefinitionPageDto {
  @ApiProperty({ type: [DefinitionResponseDto] }) items: DefinitionResponseDto[];
  @ApiPropertyOptional() total?: number;
  @ApiPropertyOptional() nextCursor?: string;
}
