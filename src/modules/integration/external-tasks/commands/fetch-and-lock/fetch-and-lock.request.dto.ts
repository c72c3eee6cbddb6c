import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { NestedObjects } from '../../../../../shared/http/nested-objects.js';

export class FetchTopicDto {
  @ApiProperty({ example: 'drawing-review' }) @IsString() @Length(1, 200) topicName: string;

  @ApiProperty({ example: 60_000, description: 'How long the tasks stay locked to this worker' })
  @IsInt()
  @Min(100)
  @Max(7 * 24 * 3_600_000)
  lockDurationMs: number;
}

export class FetchAndLockRequestDto {
  @ApiProperty({ example: 'zrzy-worker-1', description: 'Identifies the worker; complete/failure must repeat it' })
  @IsString()
  @Length(1, 200)
  workerId: string;

  @ApiProperty({ example: 10, minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  maxTasks: number;

  @ApiProperty({ type: [FetchTopicDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @NestedObjects(() => FetchTopicDto)
  topics: FetchTopicDto[];

  @ApiPropertyOptional({
    example: 20_000,
    maximum: 60_000,
    description: 'Long polling: when nothing is available, wait up to this long for a task before answering []',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  asyncResponseTimeoutMs?: number;
}
