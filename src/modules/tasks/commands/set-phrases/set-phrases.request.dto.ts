import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';

/** Bounds on a person's phrase list: enough for daily use, small enough to ship with every form. */
export const MAX_PHRASES = 50;
export const MAX_PHRASE_LENGTH = 200;

export class SetPhrasesRequestDto {
  @ApiProperty({
    example: ['材料齐全，符合法定形式，同意。', '请补正材料后重新提交。'],
    description: `Common opinions (常用意见), in the order to show them: at most ${MAX_PHRASES}, each 1–${MAX_PHRASE_LENGTH} characters; duplicates are dropped. An empty list clears them.`,
    maxItems: MAX_PHRASES,
  })
  @IsArray()
  @ArrayMaxSize(MAX_PHRASES)
  @IsString({ each: true })
  @Length(1, MAX_PHRASE_LENGTH, { each: true })
  phrases: string[];
}

export class PhrasesView {
  @ApiProperty({ example: ['材料齐全，符合法定形式，同意。'] }) phrases: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Last saved; null if never' })
  updatedAt: string | null;
}
