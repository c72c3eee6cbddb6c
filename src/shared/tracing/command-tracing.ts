import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { type SpanAttributes, Tracing } from './tracing.js';

/**
 * One span per command sent through the command bus (ADR 0014): the bus's `execute` is wrapped once, when
 * tracing is on; when it is off nothing is wrapped. The span names the command and carries only
 * identifiers (case, task, action, the caller's kind) — never the request's body or the caller's name.
 */
@Injectable()
export class CommandTracing implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly tracing: Tracing,
    private readonly bus: CommandBus,
  ) {}

  onModuleInit(): void {
    if (!this.tracing.enabled) return;
    const execute = this.bus.execute.bind(this.bus);
    this.bus.execute = (command: ICommand, ...rest: unknown[]) =>
      this.tracing.command(commandName(command), commandAttributes(command), () =>
        (execute as (c: ICommand, ...r: unknown[]) => Promise<unknown>)(command, ...rest),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

export function commandName(command: object): string {
  return command.constructor.name.replace(/Command$/, '') || 'Command';
}

/** Identifiers only: a closed list of fields, so a new command cannot leak personal data by accident. */
export function commandAttributes(command: object): SpanAttributes {
  const c = command as Record<string, unknown>;
  const out: SpanAttributes = {};
  if (typeof c.caseId === 'string') out['tongban.case.id'] = c.caseId;
  if (typeof c.taskId === 'string') out['tongban.task.id'] = c.taskId;
  if (typeof c.action === 'string') out['tongban.action'] = c.action;
  const principal = c.principal as { kind?: unknown } | undefined;
  if (typeof principal?.kind === 'string') out['tongban.principal.kind'] = principal.kind;
  return out;
}
