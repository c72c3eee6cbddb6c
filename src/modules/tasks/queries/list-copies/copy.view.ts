import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One copy (抄送) as its recipient sees it. */
export class CopyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '41010020261128000001' }) caseNo: string;
  @ApiProperty({ example: 'ACCEPTED', description: 'The case status now' }) caseStatus: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) taskId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'review' }) elementId: string | null;
  @ApiProperty({ enum: ['user', 'department'] }) recipientKind: string;
  @ApiProperty({ example: 'leader-410100-SJJ' }) recipient: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '请知悉' }) note: string | null;
  @ApiProperty({ example: 'handler-410100-SJJ' }) copiedBy: string;
  @ApiProperty({ example: '承办人' }) copiedByName: string;
  @ApiProperty() copiedAt: string;
  @ApiProperty() read: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) readAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) readBy: string | null;
}

export class CopyPageDto {
  @ApiProperty({ type: [CopyView] }) items: CopyView[];
  @ApiProperty({ description: 'Rows matching the filters, over all pages' }) total: number;
  @ApiPropertyOptional() nextCursor?: string;
}

export interface CopyRow {
  id: string;
  case_id: string;
  case_no: string;
  case_status: string;
  task_id: string | null;
  element_id: string | null;
  recipient_kind: string;
  recipient: string;
  note: string | null;
  copied_by: string;
  copied_by_name: string;
  copied_at: Date;
  read_at: Date | null;
  read_by: string | null;
}

export function toCopyView(r: CopyRow): CopyView {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    caseStatus: r.case_status,
    taskId: r.task_id,
    elementId: r.element_id,
    recipientKind: r.recipient_kind,
    recipient: r.recipient,
    note: r.note,
    copiedBy: r.copied_by,
    copiedByName: r.copied_by_name,
    copiedAt: new Date(r.copied_at).toISOString(),
    read: r.read_at !== null,
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    readBy: r.read_by,
  };
}
