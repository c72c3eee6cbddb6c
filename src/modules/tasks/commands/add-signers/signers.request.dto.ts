import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { NestedObjects } from '../../../../shared/http/nested-objects.js';

/** A department code as the catalogue spells them (e.g. 410100-ZRZY): no spaces, no markup. */
export const DEPARTMENT_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MAX_SIGNERS = 20;

export class SignerPersonDto {
  @ApiProperty({ example: 'expert-410100-ZRZY-01', description: 'User id (JWT sub) of the person added' })
  @IsString()
  @Length(1, 200)
  id: string;
  @ApiProperty({
    example: '410100-ZRZY',
    description: "The person's department: their token must name it to work on the instance",
  })
  @IsString()
  @Matches(DEPARTMENT_CODE, { message: 'department must be a department code' })
  department: string;
}

export class AddJointSignersRequestDto {
  @ApiProperty({ example: 'co-review', description: 'The joint step (multi-instance activity) running on the case' })
  @IsString()
  @Length(1, 200)
  elementId: string;
  @ApiPropertyOptional({
    type: [String],
    example: ['410100-XFJ'],
    description: 'Co-departments to add: each gets its own instance, counted by the joint policy',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SIGNERS)
  @ArrayUnique()
  @Matches(DEPARTMENT_CODE, { each: true, message: 'each department must be a department code' })
  departments?: string[];
  @ApiPropertyOptional({
    type: [SignerPersonDto],
    description: 'Persons to add: each gets an instance assigned to them',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_SIGNERS)
  @NestedObjects(() => SignerPersonDto)
  users?: SignerPersonDto[];
  @ApiProperty({ example: '涉及消防安全，增加消防救援支队会签', description: 'Why (required; in the timeline)' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class RemoveJointSignersRequestDto {
  @ApiProperty({
    type: [String],
    example: ['2f1c3a0e-6d7b-4c1e-9a51-5d8f3b7c2e10'],
    description: 'Open instances (work items) of a joint step to remove; the policy is recounted',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIGNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  taskIds: string[];
  @ApiProperty({ example: '该事项不涉及交通管理，取消公安部门会签', description: 'Why (required; in the timeline)' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class AddTaskSignersRequestDto {
  @ApiProperty({
    enum: ['before', 'after', 'parallel'],
    example: 'before',
    description:
      '`before`: the added persons review first, the task is held until they answer (前加签); `after`: they review ' +
      'once the task is completed (后加签); `parallel`: they review now and the step waits for everyone (会签)',
  })
  @IsIn(['before', 'after', 'parallel'])
  mode: 'before' | 'after' | 'parallel';
  @ApiProperty({ type: [String], example: ['handler-410100-SJJ-02'], description: 'Persons to add (user ids)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIGNERS)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  assignees: string[];
  @ApiPropertyOptional({
    example: '410100-SJJ',
    description:
      "Their department (their token must name it); defaults to the task's. Another department than the task's " +
      'needs a leader of the handling department or an admin (403 AUTH.FORBIDDEN_ACTION).',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE, { message: 'department must be a department code' })
  department?: string;
  @ApiPropertyOptional({ example: '请法制科审核合法性' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class RemoveTaskSignersRequestDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['2f1c3a0e-6d7b-4c1e-9a51-5d8f3b7c2e10'],
    description: 'Open tasks of added signers (before/parallel, or after-signers already reviewing) to cancel',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SIGNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  signerTaskIds?: string[];
  @ApiPropertyOptional({
    type: [String],
    example: ['handler-410100-SJJ-03'],
    description: 'After-signers still queued (not yet reviewing) to drop',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SIGNERS)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  assignees?: string[];
  @ApiPropertyOptional({ example: '无需再审' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}
