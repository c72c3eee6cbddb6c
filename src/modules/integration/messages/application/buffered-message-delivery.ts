import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Effect } from '../../../../engine/index.js';
import { CaseRunner } from '../../../cases/application/case-runner.js';
import type { CaseCommand, CaseEffectHandler } from '../../../cases/domain/case-port.js';
import { deliverBufferedMessages } from '../domain/buffered-messages.js';

/** Plugs buffered-message delivery into every case command, through the port the cases module owns. */
@Injectable()
export class BufferedMessageDelivery implements CaseEffectHandler, OnModuleInit {
  constructor(private readonly runner: CaseRunner) {}

  onModuleInit(): void {
    this.runner.useEffectHandler(this);
  }

  afterEffects(s: CaseCommand, effects: readonly Effect[]): Promise<void> {
    return deliverBufferedMessages(s, effects);
  }
}
