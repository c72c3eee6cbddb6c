import { Injectable } from '@nestjs/common';
import { CalendarRepository } from '../../../persistence/repositories/calendar.repository.js';
import { UnitOfWork } from '../../../persistence/unit-of-work.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { AppError, type ProblemDetail } from '../../../shared/errors/app-error.js';
import { CalendarProvider } from '../../cases/application/calendar-provider.js';
import { JOB_KIND_DEADLINE } from '../domain/plan-time-limits.js';
import type { CalendarView, PutCalendarRequestDto, WorkingHoursDto } from './calendar.dto.js';

export const NATIONAL = 'CN';
export const DEFAULT_WORKING_HOURS: WorkingHoursDto[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

export function checkRegion(region: string): void {
  if (!/^(CN|\d{6})$/.test(region))
    throw AppError.badRequest(
      'CALENDAR.INVALID_REGION',
      `Region must be 'CN' or a 6-digit division code, not ${region}`,
    );
}

/** Calendars as data (domain.md §4.2): read, replace a year, and recompute open cases' due dates. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repo: CalendarRepository,
    private readonly uow: UnitOfWork,
    private readonly provider: CalendarProvider,
    private readonly clock: ClockService,
  ) {}

  async get(region: string, year: number): Promise<CalendarView> {
    checkRegion(region);
    const row = await this.repo.find(region, year);
    if (!row) throw AppError.notFound('CALENDAR.NOT_FOUND', `No calendar for ${region} ${year}`);
    return {
      region,
      year,
      holidays: row.holidays,
      makeupWorkdays: row.makeupWorkdays,
      source: row.source,
      workingHours: await this.workingHours(region),
    };
  }

  async put(region: string, year: number, body: PutCalendarRequestDto): Promise<CalendarView> {
    checkRegion(region);
    validate(year, body);
    await this.repo.upsert({
      region,
      year,
      holidays: body.holidays.map((d) => ({ date: d.date, ...(d.name ? { name: d.name } : {}) })),
      makeupWorkdays: body.makeupWorkdays.map((d) => ({ date: d.date, ...(d.name ? { name: d.name } : {}) })),
      source: body.source ?? null,
    });
    if (body.workingHours) {
      await this.uow.query(
        `INSERT INTO calendar_region (region, working_hours, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (region) DO UPDATE SET working_hours = EXCLUDED.working_hours, updated_at = now()`,
        [region, JSON.stringify(body.workingHours)],
      );
    }
    this.provider.invalidate();
    // Every open, accepted case of the region (all regions for the national calendar) gets a deadline
    // job due now: the job recomputes its due dates with the new calendar (durable, any node runs it).
    const [r] = await this.uow.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO job (id, case_id, kind, due_at, payload)
         SELECT gen_random_uuid(), id, $1, $2, jsonb_build_object('reason', 'calendar', 'region', $3::text)
           FROM approval_case
          WHERE ended_at IS NULL AND accepted_at IS NOT NULL AND ($3 = 'CN' OR region_code = $3)
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [JOB_KIND_DEADLINE, this.clock.now(), region],
    );
    return { ...(await this.get(region, year)), recomputeScheduled: r?.n ?? 0 };
  }

  async workingHours(region: string): Promise<WorkingHoursDto[]> {
    const rows = await this.uow.query<{ region: string; working_hours: WorkingHoursDto[] }>(
      'SELECT region, working_hours FROM calendar_region WHERE region = ANY($1::text[])',
      [[region, NATIONAL]],
    );
    return (rows.find((r) => r.region === region) ?? rows[0])?.working_hours ?? DEFAULT_WORKING_HOURS;
  }
}

function validate(year: number, body: PutCalendarRequestDto): void {
  const errors: ProblemDetail[] = [];
  const seen = new Map<string, string>();
  for (const [field, days] of [
    ['holidays', body.holidays],
    ['makeupWorkdays', body.makeupWorkdays],
  ] as const) {
    days.forEach((d, i) => {
      const path = `${field}[${i}].date`;
      const t = Date.parse(`${d.date}T00:00:00Z`);
      if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d.date)
        errors.push({ code: 'CALENDAR.INVALID_DATE', message: `${d.date} is not a date`, path });
      else if (!d.date.startsWith(`${year}-`))
        errors.push({ code: 'CALENDAR.DATE_OUTSIDE_YEAR', message: `${d.date} is not in ${year}`, path });
      else if (seen.has(d.date))
        errors.push({ code: 'CALENDAR.DUPLICATE_DATE', message: `${d.date} is already in ${seen.get(d.date)}`, path });
      seen.set(d.date, field);
    });
  }
  const hours = body.workingHours ?? [];
  hours.forEach((h, i) => {
    const prev = hours[i - 1];
    if (h.start >= h.end || (prev && prev.end > h.start))
      errors.push({
        code: 'CALENDAR.INVALID_WORKING_HOURS',
        message: 'Working hours must be ascending, non-overlapping start < end ranges',
        path: `workingHours[${i}]`,
      });
  });
  if (errors.length) throw AppError.invalid('CALENDAR.INVALID', 'The calendar is not valid', errors);
}
