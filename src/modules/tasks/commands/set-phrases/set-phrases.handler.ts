import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { SetPhrasesCommand } from './set-phrases.command.js';
import type { PhrasesView } from './set-phrases.request.dto.js';

/** Replaces a person's common opinions (常用意见): their own setting, one row, one statement. */
@CommandHandler(SetPhrasesCommand)
export class SetPhrasesHandler implements ICommandHandler<SetPhrasesCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
  ) {}

  async execute({ phrases, principal }: SetPhrasesCommand): Promise<PhrasesView> {
    const clean: string[] = [];
    for (const raw of phrases) {
      const text = raw.trim();
      if (text === '') throw AppError.invalid('PHRASES.EMPTY_PHRASE', 'A phrase cannot be blank');
      if (!clean.includes(text)) clean.push(text);
    }
    const now = this.clock.now();
    await this.uow.query(
      `INSERT INTO user_phrase (user_id, phrases, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET phrases = EXCLUDED.phrases, updated_at = EXCLUDED.updated_at`,
      [principal.id, JSON.stringify(clean), now],
    );
    return { phrases: clean, updatedAt: now.toISOString() };
  }
}
