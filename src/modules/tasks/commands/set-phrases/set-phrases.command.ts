import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { PhrasesView } from './set-phrases.request.dto.js';

export class SetPhrasesCommand extends Command<PhrasesView> {
  constructor(
    readonly phrases: string[],
    readonly principal: Principal,
  ) {
    super();
  }
}
