import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsUUID } from 'class-validator';
import { CompleteTaskRequestDto } from '../complete-task/complete-task.request.dto.js';
import { TaskView } from '../../dtos/task.view.js';
import { NestedObjects } from '../../../../shared/http/nested-objects.js';

export const MAX_BATCH = 100;

export class BatchItemDto extends CompleteTaskRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  taskId: string;
}

export class CompleteBatchRequestDto {
  @ApiProperty({
    type: [BatchItemDto],
    minItems: 1,
    maxItems: MAX_BATCH,
    example: [
      { taskId: '6f1c2b9e-8d0a-4c43-9d55-0c7c4b1f2a10', outcome: 'approve', opinion: '同意' },
      { taskId: '0b9e6c1d-2f3a-4b5c-8d7e-9f0a1b2c3d4e', outcome: 'approve', opinion: '同意' },
    ],
    description: `1–${MAX_BATCH} tasks, each with its own outcome and opinion; a task id at most once`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @NestedObjects(() => BatchItemDto)
  items: BatchItemDto[];
}

export class BatchProblemDto {
  @ApiProperty({ example: 'TASK.NOT_OPEN' }) code: string;
  @ApiProperty({ example: 'Task 6f1c… is completed' }) detail: string;
}

export class BatchResultDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ example: 200, description: 'What POST /tasks/{id}/complete would have answered' }) status: number;
  @ApiPropertyOptional({ type: TaskView, description: 'The completed task (status 200)' }) task?: TaskView;
  @ApiPropertyOptional({ type: BatchProblemDto, description: 'Why not (status 4xx)' }) problem?: BatchProblemDto;
}

export class CompleteBatchResultDto {
  @ApiProperty({ type: [BatchResultDto], description: 'One result per item, in the order sent' })
  results: BatchResultDto[];
  @ApiProperty({ example: 2 }) succeeded: number;
  @ApiProperty({ example: 0 }) failed: number;
}
