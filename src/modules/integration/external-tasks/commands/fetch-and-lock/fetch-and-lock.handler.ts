import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { ClockService } from '../../../../../shared/clock/clock.service.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import type { LockedExternalTaskDto } from '../../dtos/external-task.view.js';
import { ExternalTaskWaiters } from '../../application/task-waiters.js';
import { FetchAndLockCommand } from './fetch-and-lock.command.js';
import type { FetchAndLockRequestDto } from './fetch-and-lock.request.dto.js';

/** Re-check interval while long polling: catches tasks from other nodes, expired locks and retry timeouts. */
const RECHECK_MS = 200;

interface Locked {
  id: string;
  topic: string;
  worker_id: string;
  lock_expires_at: Date;
  case_id: string;
  case_no: string;
  business_key: string | null;
  element_id: string;
  name: string | null;
  department: string;
  retries: number | null;
  error_message: string | null;
  variables: Record<string, unknown> | null;
  created_at: Date;
}

/**
 * Locks up to maxTasks open external tasks of the given topics for one worker. FOR UPDATE SKIP LOCKED:
 * competing workers (and nodes) each get different tasks; a task whose lock has expired is free again.
 * Tasks that exhausted their retries (incident) and tasks of suspended cases are not handed out.
 */
@CommandHandler(FetchAndLockCommand)
export class FetchAndLockHandler implements ICommandHandler<FetchAndLockCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
    private readonly waiters: ExternalTaskWaiters,
  ) {}

  async execute({ request, principal }: FetchAndLockCommand): Promise<LockedExternalTaskDto[]> {
    const deadline = Date.now() + (request.asyncResponseTimeoutMs ?? 0);
    const department = actingDepartment(principal);
    for (;;) {
      const locked = await this.lockSome(request, department);
      const left = deadline - Date.now();
      if (locked.length > 0 || left <= 0) return locked;
      await this.waiters.wait(Math.min(left, RECHECK_MS));
    }
  }

  private async lockSome(req: FetchAndLockRequestDto, department: string | null): Promise<LockedExternalTaskDto[]> {
    const topics = req.topics.map((t) => t.topicName);
    const durations = req.topics.map((t) => t.lockDurationMs);
    const rows = await this.uow.run((tx) =>
      tx.query<Locked>(
        `WITH picked AS (
           SELECT w.id FROM work_item w JOIN approval_case c ON c.id = w.case_id
           WHERE w.kind = 'external' AND w.state = 'open' AND w.topic = ANY ($1::text[])
             AND (w.lock_expires_at IS NULL OR w.lock_expires_at <= $2)
             AND (w.retries IS NULL OR w.retries > 0)
             AND c.ended_at IS NULL AND c.status <> 'SUSPENDED'
             AND ($3::text IS NULL OR c.department = $3 OR $3 = ANY (w.candidate_departments))
           ORDER BY w.seq
           LIMIT $4
           FOR UPDATE OF w SKIP LOCKED),
         durations AS (SELECT * FROM unnest($5::text[], $6::bigint[]) AS d (topic, ms))
         UPDATE work_item w
         SET worker_id = $7,
             lock_expires_at = $2::timestamptz + (SELECT max(d.ms) FROM durations d WHERE d.topic = w.topic) * interval '1 millisecond'
         FROM picked, approval_case c
         WHERE w.id = picked.id AND c.id = w.case_id
         RETURNING w.id, w.topic, w.worker_id, w.lock_expires_at, w.case_id, w.case_no, c.business_key, w.element_id,
           w.name, c.department, w.retries, w.error_message, c.engine_state -> 'variables' AS variables, w.created_at, w.seq`,
        [topics, this.clock.now(), department, req.maxTasks, topics, durations, req.workerId],
      ),
    );
    return rows
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
      .map((r) => ({
        id: r.id,
        topicName: r.topic,
        workerId: r.worker_id,
        lockExpirationTime: r.lock_expires_at.toISOString(),
        caseId: r.case_id,
        caseNo: r.case_no,
        businessKey: r.business_key,
        elementId: r.element_id,
        name: r.name,
        department: r.department,
        retries: r.retries,
        errorMessage: r.error_message,
        variables: r.variables ?? {},
        createdAt: r.created_at.toISOString(),
      }));
  }
}
