import { Command } from '@nestjs/cqrs';
import type { DeployResponseDto } from '../../dtos/definition.response.dto.js';

export class DeployDefinitionCommand extends Command<DeployResponseDto> {
  constructor(
    readonly xml: string,
    readonly resourceName: string | null,
    readonly dryRun: boolean,
    readonly deployedBy: string | null,
    readonly source: 'api' | 'workflows' = 'api',
  ) {
    super();
  }
}
