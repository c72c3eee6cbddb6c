import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { CaseDomainEvent } from '../../../cases/domain/case-events.js';

/**
 * Long polling: fetch-and-lock requests that found nothing park here and are woken when a case command
 * on this node commits a new external task. Tasks created on other nodes, or freed by an expired lock
 * or a retry timeout, are found by the waiter's periodic re-check, so nothing depends on the wake-up.
 */
@Injectable()
@EventsHandler(CaseDomainEvent)
export class ExternalTaskWaiters implements IEventHandler<CaseDomainEvent>, OnModuleDestroy {
  private readonly parked = new Set<() => void>();
  private closed = false;

  handle(event: CaseDomainEvent): void {
    if (event.type !== 'task.created' || event.payload.kind !== 'external') return;
    this.wakeAll();
  }

  /** The node is stopping: long polls answer with what they have instead of holding the stop (http-drain.ts). */
  get stopping(): boolean {
    return this.closed;
  }

  /** Resolves after ms, or earlier when a task may have appeared or the node stops. */
  wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.parked.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.parked.add(done);
    });
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.parked]) wake();
  }
}
