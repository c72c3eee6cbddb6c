import { createHash } from 'node:crypto';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { DefinitionRepository } from '../../../../persistence/repositories/definition.repository.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { DefinitionDeployedEvent } from '../../domain/definition-deployed.event.js';
import { DefinitionModels } from '../../application/definition-models.js';
import { DefinitionResponseDto, type DeployResponseDto } from '../../dtos/definition.response.dto.js';
import { DeployDefinitionCommand } from './deploy-definition.command.js';

/** Validates with the engine's compile step, then stores one version per bpmn:Process in the file. */
@CommandHandler(DeployDefinitionCommand)
export class DeployDefinitionHandler implements ICommandHandler<DeployDefinitionCommand> {
  constructor(
    private readonly definitions: DefinitionRepository,
    private readonly models: DefinitionModels,
    private readonly events: EventBus,
  ) {}

  async execute(cmd: DeployDefinitionCommand): Promise<DeployResponseDto> {
    const { models: compiled, warnings } = await this.models.compileWithWarnings(cmd.xml);
    if (cmd.dryRun) {
      return {
        dryRun: true,
        warnings,
        definitions: compiled.map((m) => ({
          id: '',
          key: m.key,
          version: 0,
          name: m.name,
          resourceName: cmd.resourceName,
          source: cmd.source,
          deployedBy: cmd.deployedBy,
          deployedAt: new Date().toISOString(),
          created: false,
        })),
      };
    }
    const xmlHash = createHash('sha256').update(cmd.xml).digest('hex');
    const definitions = [];
    for (const model of compiled) {
      const { row, created } = await this.definitions.deploy({
        key: model.key,
        name: model.name,
        xml: cmd.xml,
        xmlHash,
        resourceName: cmd.resourceName,
        source: cmd.source,
        deployedBy: cmd.deployedBy,
      });
      definitions.push({ ...DefinitionResponseDto.from(row), created });
      if (created) this.events.publish(new DefinitionDeployedEvent(row.key, row.id));
    }
    if (definitions.length === 0) throw AppError.invalid('BPMN.NO_PROCESS', 'The file holds no executable process');
    return { definitions, warnings };
  }
}
