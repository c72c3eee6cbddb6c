import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Effect } from '../../../../engine/index.js';
import type { CaseEffectHandler } from '../../../cases/domain/case-port.js';
import { CaseRunner } from '../../../cases/domain/case-runner.js';
import type { CaseSession } from '../../../cases/domain/case-session.js';
import { deliverBufferedMessages } from './buffered-messages.js';

/** Plugs buffered-message delivery into every case command, through the port the cases module owns. */
@Injectable()
export class BufferedMessageDelivery implements CaseEffectHandler, OnModuleInit {
  constructor(private readonly runner: CaseRunner) {}

  onModuleInit(): void {
    this.runner.useEffectHandler(this);
  }

  afterEffects(s: CaseSession, effects: readonly Effect[]): Promise<void> {
    return deliverBufferedMessages(s, effects);
  }
}
