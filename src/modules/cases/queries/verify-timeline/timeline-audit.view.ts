import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ChainBreakDto {
  @ApiProperty({ example: 4, description: 'The first entry that was altered, removed or moved' })
  seq: number;

  @ApiProperty({
    enum: ['HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'ENTRY_MISSING'],
    example: 'HASH_MISMATCH',
    description:
      'HASH_MISMATCH: the entry no longer matches its hash (a column was edited, or its seq changed). ' +
      'PREV_HASH_MISMATCH: the entry does not follow the one before it (that one was replaced or re-hashed). ' +
      'ENTRY_MISSING: no entry has this seq although later ones (or the case counter) say it existed.',
  })
  reason: string;
}

/** The answer of a timeline verification: recomputed by the application, not read from the database. */
export class TimelineAuditView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: true }) valid: boolean;
  @ApiProperty({ example: 14, description: 'Entries found in the timeline' }) entries: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '9f2b6c1d0e4a7b3c5d8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e',
    description:
      'SHA-256 of the last entry (hex) when the chain is valid: keep it outside the database to detect a rewrite',
  })
  headHash: string | null;
  @ApiPropertyOptional({ type: ChainBreakDto, nullable: true }) firstInvalid: ChainBreakDto | null;
  @ApiProperty({ example: 'tongban.case_event.v1', description: 'The canonical serialisation the hashes use' })
  algorithm: string;
}
