import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { TaskView } from '../../dtos/task.view.js';

/**
 * Changes who holds an open task, without moving the case: claim (认领), unclaim, delegate (委派,
 * the owner keeps it in view), transfer (转办, to a department or a person).
 */
export type AssignmentChange =
  | { kind: 'claim' }
  | { kind: 'unclaim' }
  | { kind: 'delegate'; assignee: string; department?: string; reason?: string }
  | { kind: 'transfer'; department?: string; assignee?: string; reason?: string };

export class ChangeAssignmentCommand extends Command<TaskView> {
  constructor(
    readonly taskId: string,
    readonly change: AssignmentChange,
    readonly principal: Principal,
  ) {
    super();
  }
}
