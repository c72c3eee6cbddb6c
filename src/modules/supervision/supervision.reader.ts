import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../persistence/unit-of-work.js';
import { type Page, pageWindow, toPage } from '../../shared/http/pagination.js';
import { orderBySql, parseSort } from '../../shared/http/list-query.js';
import {
  ALERT_SORT,
  ALERT_SORT_DEFAULT,
  type AlertView,
  type ListAlertsRequestDto,
  type StatsRequestDto,
  type StatsRowView,
  type StatsView,
} from './dtos/supervision.dto.js';

interface AlertRow {
  id: string;
  case_id: string;
  case_no: string;
  department: string;
  item_code: string | null;
  element_id: string | null;
  task_id: string | null;
  level: string;
  trigger_code: string;
  occurred_at: Date;
  detected_at: Date;
  due_to_respond_at: Date | null;
  resolved_at: Date | null;
  escalated_from_id: string | null;
  data: Record<string, unknown>;
}

/** Local dates are Asia/Shanghai (+08:00, no DST). */
const dayStart = (d: string): string => `${d}T00:00:00+08:00`;

/** Supervision reads (电子监察): alerts and per-department / per-item statistics. */
@Injectable()
export class SupervisionReader {
  constructor(private readonly uow: UnitOfWork) {}

  async alerts(q: ListAlertsRequestDto): Promise<Page<AlertView>> {
    const order = orderBySql(parseSort(q.sort, ALERT_SORT, ALERT_SORT_DEFAULT), 'id');
    const w = pageWindow(q);
    const where = `($1::text[] IS NULL OR level = ANY($1)) AND ($2::text IS NULL OR department = $2)
      AND ($3::uuid IS NULL OR case_id = $3) AND ($4::boolean IS NULL OR (resolved_at IS NOT NULL) = $4)`;
    const params = [q.level ?? null, q.department ?? null, q.caseId ?? null, q.resolved ?? null];
    const [rows, [count]] = await Promise.all([
      this.uow.query<AlertRow>(`SELECT * FROM supervision_alert WHERE ${where} ORDER BY ${order} LIMIT $5 OFFSET $6`, [
        ...params,
        w.limit,
        w.offset,
      ]),
      this.uow.query<{ n: number }>(`SELECT count(*)::int AS n FROM supervision_alert WHERE ${where}`, params),
    ]);
    return toPage(rows.map(toAlertView), count?.n ?? 0, w);
  }

  async stats(q: StatsRequestDto): Promise<StatsView> {
    const col = q.groupBy === 'item' ? 'item_code' : 'department';
    const from = q.from ? dayStart(q.from) : null;
    const to = q.to ? new Date(Date.parse(dayStart(q.to)) + 86_400_000).toISOString() : null;
    // Working days used = the legal clock's elapsed working days at the decision (pauses excluded).
    const rows = await this.uow.query<Record<string, unknown>>(
      `SELECT c.${col} AS key, max(c.item_name) AS item_name, count(*)::int AS received,
              count(*) FILTER (WHERE c.decision_at IS NOT NULL)::int AS closed,
              count(*) FILTER (WHERE c.decision_at IS NOT NULL
                                 AND (c.promised_due_at IS NULL OR c.decision_at <= c.promised_due_at))::int AS on_time,
              avg((c.clocks->'legal'->>'elapsedWorkingDays')::numeric) FILTER (WHERE c.decision_at IS NOT NULL
                                 AND c.clocks->'legal'->>'startedAt' IS NOT NULL)::float8 AS used,
              avg(1 - (c.clocks->'legal'->>'elapsedWorkingDays')::numeric / (c.clocks->'legal'->'limit'->>'value')::numeric)
                FILTER (WHERE c.decision_at IS NOT NULL AND c.clocks->'legal'->>'startedAt' IS NOT NULL
                          AND c.clocks->'legal'->'limit'->>'unit' = 'WD'
                          AND (c.clocks->'legal'->'limit'->>'value')::numeric > 0)::float8 AS compression,
              count(*) FILTER (WHERE c.decision_at IS NULL AND c.ended_at IS NULL)::int AS open,
              count(*) FILTER (WHERE c.decision_at IS NULL AND c.ended_at IS NULL AND c.time_state = 'OVERDUE')::int AS overdue
         FROM approval_case c
        WHERE ($1::timestamptz IS NULL OR c.received_at >= $1) AND ($2::timestamptz IS NULL OR c.received_at < $2)
          AND c.${col} IS NOT NULL
        GROUP BY c.${col} ORDER BY c.${col}`,
      [from, to],
    );
    const cards = await this.uow.query<{ key: string; level: string; n: number }>(
      `SELECT a.${col} AS key, a.level, count(*)::int AS n FROM supervision_alert a
         JOIN approval_case c ON c.id = a.case_id
        WHERE ($1::timestamptz IS NULL OR c.received_at >= $1) AND ($2::timestamptz IS NULL OR c.received_at < $2)
        GROUP BY a.${col}, a.level`,
      [from, to],
    );
    const n = (key: string, level: string): number => cards.find((c) => c.key === key && c.level === level)?.n ?? 0;
    const round = (v: unknown): number | null =>
      v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000;
    const items: StatsRowView[] = rows.map((r) => {
      const key = String(r.key);
      const closed = Number(r.closed);
      return {
        key,
        name: q.groupBy === 'item' ? ((r.item_name as string | null) ?? null) : null,
        received: Number(r.received),
        closed,
        onTime: Number(r.on_time),
        onTimeRate: closed ? round(Number(r.on_time) / closed) : null,
        averageWorkingDaysUsed: round(r.used),
        compressionRate: round(r.compression),
        open: Number(r.open),
        overdue: Number(r.overdue),
        warnings: n(key, 'WARNING'),
        yellowCards: n(key, 'YELLOW'),
        redCards: n(key, 'RED'),
      };
    });
    return { groupBy: q.groupBy, from: q.from ?? null, to: q.to ?? null, items };
  }
}

function toAlertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    department: r.department,
    itemCode: r.item_code,
    nodeCode: r.element_id,
    taskId: r.task_id,
    level: r.level,
    triggerCode: r.trigger_code,
    occurredAt: r.occurred_at.toISOString(),
    detectedAt: r.detected_at.toISOString(),
    dueToRespondAt: r.due_to_respond_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    escalatedFromId: r.escalated_from_id,
    data: r.data,
  };
}
