import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class SetRetriesRequestDto {
  @ApiProperty({ example: 3, minimum: 1, description: 'Retries left; the task is handed out again at once' })
  @IsInt()
  @Min(1)
  @Max(1000)
  retries: number;
}
