import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { actorOf } from '../../../../cases/domain/case-row.js';
import { CaseRunner } from '../../../../cases/application/case-runner.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import { ExternalTaskStateDto } from '../../dtos/external-task.view.js';
import { SetRetriesCommand } from './set-retries.command.js';

/**
 * Resolves an incident (Camunda's PUT /external-task/{id}/retries): the task gets retries again and is
 * free for any worker at once. Allowed on any open task, so operators can also shorten a retry back-off.
 */
@CommandHandler(SetRetriesCommand)
export class SetRetriesHandler implements ICommandHandler<SetRetriesCommand> {
  constructor(private readonly cases: CaseRunner) {}

  async execute({ taskId, retries, principal }: SetRetriesCommand): Promise<ExternalTaskStateDto> {
    const notFound = AppError.notFound('EXTERNAL_TASK.NOT_FOUND', `No external task ${taskId}`);
    const source = principal.kind === 'system' ? 'DEPT_PUSH' : 'UI';
    return this.cases.run({ taskId, kind: 'external', notFound }, actorOf(principal), source, async (s) => {
      const task = s.task(taskId);
      const dept = actingDepartment(principal);
      if (!task || (dept !== null && s.row.department !== dept && !task.candidate_departments.includes(dept))) {
        throw notFound;
      }
      if (task.state !== 'open') {
        throw AppError.conflict('EXTERNAL_TASK.NOT_OPEN', `External task ${taskId} is ${task.state}`);
      }
      await s.timeline({
        type: 'externalTask.retriesSet',
        elementId: task.element_id,
        name: task.name,
        data: { taskId, retries, previousRetries: task.retries, incidentResolved: task.retries === 0 },
      });
      const row = s.patchTask(taskId, { retries, worker_id: null, lock_expires_at: null });
      return ExternalTaskStateDto.from(row);
    });
  }
}
