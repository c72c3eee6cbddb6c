import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { CaseRunner } from '../../../../cases/application/case-runner.js';
import type { CaseSession } from '../../../../cases/domain/case-session.js';
import { type CorrelationTarget, correlateInSession } from '../../../messages/domain/inbound-message.js';
import { authoriseCase, loadCaseFacts } from '../../../../../shared/auth/access-policy.js';
import { PushDepartmentStatusCommand } from './push-department-status.command.js';
import type { DepartmentStatusResponseDto } from './push-department-status.request.dto.js';

/** domain.md §3.1, the data-exchange vocabulary department systems already speak (BLZT). */
export const EXTERNAL_STATUS_NAMES: Readonly<Record<number, string>> = {
  1: '已接件',
  2: '已撤件',
  3: '已受理',
  4: '不受理',
  5: '不予受理',
  6: '补正(开始)',
  7: '补正(结束)',
  8: '部门开始办理',
  9: '特别程序(开始)',
  10: '特别程序(结束)',
  11: '办结(通过)',
  12: '办结(容缺通过)',
  13: '办结(不通过)',
  14: '撤回',
  15: '撤销',
  16: '撤件待确认',
};

/** The message a process waits on to let a department's push complete a step (ADR 0008). */
export const statusMessageName = (code: number): string => `dept-status:${code}`;

/**
 * A department reports progress on its part of a case: the push lands in the timeline (source DEPT_PUSH),
 * idempotent by (department, key) through case_event's unique idempotency key, and — when the process
 * waits for the message `dept-status:<code>` — moves the case on in the same transaction.
 */
@CommandHandler(PushDepartmentStatusCommand)
export class PushDepartmentStatusHandler implements ICommandHandler<PushDepartmentStatusCommand> {
  constructor(private readonly cases: CaseRunner) {}

  execute({ caseId, request: req, principal: p }: PushDepartmentStatusCommand): Promise<DepartmentStatusResponseDto> {
    const department = p.dept ?? '';
    const actor = { id: p.id, name: req.handlerName ?? p.name, department: p.dept };
    return this.cases.run(caseId, actor, 'DEPT_PUSH', async (s) => {
      // The handling department or a co-department, on its own part (404 for a case it takes no part in).
      authoriseCase('case.department-status', p, caseId, await loadCaseFacts(s.tx, s.row));
      if (!department) {
        throw AppError.invalid(
          'DEPT_STATUS.DEPARTMENT_REQUIRED',
          'Only a caller with a department can push its status',
        );
      }
      const key = `dept-status:${department}:${req.idempotencyKey}`;
      const statusName = EXTERNAL_STATUS_NAMES[req.statusCode] ?? String(req.statusCode);
      const answer = { caseId, statusCode: req.statusCode, statusName, department };
      const [seen] = await s.tx.query<{ seq: number; data: { correlated?: CorrelationTarget[] } | null }>(
        'SELECT seq, data FROM case_event WHERE case_id = $1 AND idempotency_key = $2',
        [caseId, key],
      );
      if (seen) return { ...answer, seq: seen.seq, replayed: true, correlated: seen.data?.correlated ?? [] };

      const report = {
        department,
        statusCode: req.statusCode,
        statusName,
        opinion: req.opinion ?? null,
        handlerName: req.handlerName ?? null,
        documentNo: req.documentNo ?? null,
        occurredAt: req.occurredAt ? new Date(req.occurredAt).toISOString() : s.now.toISOString(),
      };
      const seq = await s.timeline({
        type: 'department.status',
        name: statusName,
        opinion: req.opinion ?? null,
        data: report,
        idempotencyKey: key,
      });
      const correlated = await this.completeWaitingStep(s, report, p.id);
      await s.amendTimeline(seq, { correlated });
      return { ...answer, seq, replayed: false, correlated };
    });
  }

  private async completeWaitingStep(
    s: CaseSession,
    report: Record<string, unknown> & { statusCode: number; department: string },
    senderId: string,
  ): Promise<CorrelationTarget[]> {
    const name = statusMessageName(report.statusCode);
    const [sub] = await s.tx.query<{ id: string }>(
      'SELECT id FROM message_subscription WHERE case_id = $1 AND message_name = $2 ORDER BY created_at, id LIMIT 1',
      [s.row.id, name],
    );
    if (!sub) return [];
    const target = await correlateInSession(s, sub.id, {
      name,
      messageId: null,
      variables: { departmentStatus: report },
      sender: { id: senderId, name: s.actor.name, department: report.department },
    });
    return target ? [target] : [];
  }
}
