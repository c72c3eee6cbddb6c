import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseStore } from '../../../../../persistence/case-store/case-store.js';
import { ClockService } from '../../../../../shared/clock/clock.service.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import type { LockedExternalTaskDto } from '../../dtos/external-task.view.js';
import { ExternalTaskWaiters } from '../../application/task-waiters.js';
import { FetchAndLockCommand } from './fetch-and-lock.command.js';
import type { FetchAndLockRequestDto } from './fetch-and-lock.request.dto.js';

/** Re-check interval while long polling: catches tasks from other nodes, expired locks and retry timeouts. */
const RECHECK_MS = 200;

/**
 * Locks up to maxTasks open external tasks of the given topics for one worker. FOR UPDATE SKIP LOCKED:
 * competing workers (and nodes) each get different tasks; a task whose lock has expired is free again.
 * Tasks that exhausted their retries (incident) and tasks of suspended cases are not handed out.
 */
@CommandHandler(FetchAndLockCommand)
export class FetchAndLockHandler implements ICommandHandler<FetchAndLockCommand> {
  constructor(
    private readonly store: CaseStore,
    private readonly clock: ClockService,
    private readonly waiters: ExternalTaskWaiters,
  ) {}

  async execute({ request, principal }: FetchAndLockCommand): Promise<LockedExternalTaskDto[]> {
    const deadline = Date.now() + (request.asyncResponseTimeoutMs ?? 0);
    const department = actingDepartment(principal);
    for (;;) {
      const locked = await this.lockSome(request, department);
      const left = deadline - Date.now();
      if (locked.length > 0 || left <= 0 || this.waiters.stopping) return locked;
      await this.waiters.wait(Math.min(left, RECHECK_MS));
    }
  }

  private async lockSome(req: FetchAndLockRequestDto, department: string | null): Promise<LockedExternalTaskDto[]> {
    const rows = await this.store.lockExternalTasks({
      topics: req.topics.map((t) => ({ topic: t.topicName, lockDurationMs: t.lockDurationMs })),
      now: this.clock.now(),
      department,
      maxTasks: req.maxTasks,
      workerId: req.workerId,
    });
    return rows
      .sort((a, b) => a.task.created_at.getTime() - b.task.created_at.getTime())
      .map(({ task: r, businessKey, department, variables }) => ({
        id: r.id,
        topicName: r.topic ?? '',
        workerId: r.worker_id ?? req.workerId,
        lockExpirationTime: (r.lock_expires_at ?? this.clock.now()).toISOString(),
        caseId: r.case_id,
        caseNo: r.case_no,
        businessKey,
        elementId: r.element_id,
        name: r.name,
        department,
        retries: r.retries,
        errorMessage: r.error_message,
        variables,
        createdAt: r.created_at.toISOString(),
      }));
  }
}
