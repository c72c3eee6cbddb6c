import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiKeyRepository } from '../../../../persistence/repositories/api-key.repository.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { newApiKeySecret } from '../../domain/api-key-secret.js';
import { ApiKeyResponseDto, type CreatedApiKeyDto } from '../../dtos.js';
import { CreateApiKeyCommand } from './create-api-key.command.js';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(cmd: CreateApiKeyCommand): Promise<CreatedApiKeyDto> {
    const { secret, prefix, hash } = newApiKeySecret();
    // The route withholds `secret` from the stored idempotency answer: a replay never repeats it.
    return this.uow.run(async (tx) => {
      const row = await this.keys.create(tx, { ...cmd.request, secretHash: hash, prefix, createdBy: cmd.createdBy });
      return { ...ApiKeyResponseDto.from(row), secret };
    });
  }
}
