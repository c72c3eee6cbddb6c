import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '../../../shared/http/pagination.js';
import type { TaskRow } from '../domain/task-row.js';

export class JointOpinionDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100-XFJ' }) department: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) assignee: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'approve' }) outcome: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '同意' }) opinion: string | null;
  @ApiProperty() completedAt: string;
}

export class ReturnTargetDto {
  @ApiProperty({ example: 'review' }) elementId: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '审查' }) name: string | null;
}

export class QueuedSignerDto {
  @ApiProperty({ example: 'zhang.san' }) assignee: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100-SJJ' }) department: string | null;
}

export class TaskSignDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The task this added signer signs' }) of?: string;
  @ApiPropertyOptional({ enum: ['before', 'after', 'parallel'] }) mode?: 'before' | 'after' | 'parallel';
  @ApiPropertyOptional({ type: [String], description: 'Open tasks of its before-signers' }) heldBy?: string[];
  @ApiPropertyOptional({ type: [QueuedSignerDto], description: 'After-signers, opened when it is completed' })
  after?: QueuedSignerDto[];
}

export class UrgeDto {
  @ApiProperty({ example: 'window-410100-SJJ' }) by: string;
  @ApiProperty({ example: '窗口人员' }) byName: string;
  @ApiProperty() at: string;
  @ApiProperty({ example: '请尽快办理' }) message: string;
}

/** 催办 on a task: how often, by whom, when (the latest first). */
export class UrgesDto {
  @ApiProperty({ example: 2 }) count: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastUrgedAt: string | null;
  @ApiProperty({ type: [UrgeDto], description: 'The latest 20' }) recent: UrgeDto[];
}

/** A work item (用户任务) as the API shows it. Field names are part of the contract (ARCHITECTURE §5). */
export class TaskView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '41010020261128000001' }) caseNo: string;
  @ApiProperty({ example: 'review' }) elementId: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '审查' }) name: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'review' }) step: string | null;
  @ApiProperty({ enum: ['open', 'completed', 'cancelled'] }) state: string;
  @ApiPropertyOptional({ type: String, nullable: true }) assignee: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Who delegated it (委派)' }) owner: string | null;
  @ApiProperty({ example: ['410100-SJJ'] }) candidateDepartments: string[];
  @ApiProperty({ example: ['handler'] }) candidateRoles: string[];
  @ApiProperty({ example: ['approve', 'reject'] }) outcomes: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) outcome: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) opinion: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) completedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) completedBy: string | null;
  @ApiPropertyOptional({ description: 'Joint approval: which co-department instance this is' })
  multiInstance?: { index: number; elementVariable: string | null; element: unknown };
  @ApiPropertyOptional({ type: [JointOpinionDto], description: 'On the task after a joint approval: every opinion' })
  jointOpinions?: JointOpinionDto[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A standing proxy (代理) holds this task for this user',
  })
  onBehalfOf?: string | null;
  @ApiPropertyOptional({ type: UrgesDto, description: 'On GET /tasks/{id}: the urges (催办) of this task' })
  urges?: UrgesDto;

  @ApiPropertyOptional({
    type: [ReturnTargetDto],
    description:
      'On one open user task (GET /tasks/{id}): the steps it may be returned to (退回) — user tasks the case has completed on its current path, latest first',
  })
  returnTargets?: ReturnTargetDto[];
  @ApiPropertyOptional({
    type: TaskSignDto,
    description:
      "加签: on an added signer's task, the task it signs (`of`) and how (`mode`); on a signed task, the before-signers " +
      'holding it (`heldBy`, it cannot be completed until they answer) and the after-signers queued behind it (`after`)',
  })
  sign?: TaskSignDto;

  static from(t: TaskRow): TaskView {
    return {
      id: t.id,
      caseId: t.case_id,
      caseNo: t.case_no,
      elementId: t.element_id,
      name: t.name,
      step: t.step,
      state: t.state,
      assignee: t.assignee,
      owner: t.owner,
      candidateDepartments: t.candidate_departments,
      candidateRoles: t.candidate_roles,
      outcomes: t.outcomes,
      outcome: t.outcome,
      opinion: t.opinion,
      dueAt: t.due_at?.toISOString() ?? null,
      createdAt: t.created_at.toISOString(),
      completedAt: t.completed_at?.toISOString() ?? null,
      completedBy: t.completed_by,
      ...(t.multi_instance ? { multiInstance: t.multi_instance } : {}),
      ...(t.joint_opinions ? { jointOpinions: t.joint_opinions as JointOpinionDto[] } : {}),
      ...(t.sign ? { sign: t.sign } : {}),
      ...(t.on_behalf_of ? { onBehalfOf: t.on_behalf_of } : {}),
    };
  }
}

/** A page of tasks: `total` may stop at its limit (see TaskPageDto). */
export type TaskPage = Page<TaskView> & { totalExact?: false };

export class TaskPageDto {
  @ApiProperty({ type: [TaskView] }) items: TaskView[];
  @ApiProperty({
    description:
      'Rows matching the filters, over all pages, counted up to TASK_TOTAL_LIMIT (default 1000); when more match, total is that limit and totalExact is false',
    example: 3,
  })
  total: number;
  @ApiPropertyOptional({
    description: 'Present (false) only when more tasks match than total says: the count stopped at its limit',
    enum: [false],
    example: false,
  })
  totalExact?: false;
  @ApiPropertyOptional() nextCursor?: string;
}
