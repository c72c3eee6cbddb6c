import { ApiProperty } from '@nestjs/swagger';
import { TaskView } from '../../dtos/task.view.js';

/** What a joint-step 加签/减签 did: the work items it opened or cancelled. */
export class JointSignersView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'co-review' }) elementId: string;
  @ApiProperty({ type: [TaskView], description: 'Instances opened (加签) or cancelled (减签)' }) tasks: TaskView[];
  @ApiProperty({
    example: true,
    description: 'Whether the joint step is still running (false: the change completed it and the case moved on)',
  })
  stepRunning: boolean;
}
