import { Injectable } from '@nestjs/common';
import { WorkingCalendar, type WorkingHoursRange } from '../../../engine/index.js';
import { CalendarRepository } from '../../../persistence/repositories/calendar.repository.js';
import { UnitOfWork } from '../../../persistence/unit-of-work.js';

const NATIONAL = 'CN';
const SHANGHAI_OFFSET_MINUTES = 480;

/**
 * Working calendars per region: the national holidays and make-up days, overridden per date by a
 * region's own calendar (e.g. minority-ethnic holidays). Cached until a calendar is written.
 */
@Injectable()
export class CalendarProvider {
  private readonly cache = new Map<string, Promise<WorkingCalendar>>();

  constructor(
    private readonly calendars: CalendarRepository,
    private readonly uow: UnitOfWork,
  ) {}

  forRegion(region: string): Promise<WorkingCalendar> {
    const key = region || NATIONAL;
    let cal = this.cache.get(key);
    if (!cal) {
      cal = this.build(key);
      cal.catch(() => this.cache.delete(key));
      this.cache.set(key, cal);
    }
    return cal;
  }

  /** Which years are loaded, per region (national years, plus each region's own override years). */
  async loadedYears(): Promise<{ region: string; years: number[] }[]> {
    const rows = await this.uow.query<{ region: string; years: number[] }>(
      `SELECT region, array_agg(year ORDER BY year) AS years FROM holiday_calendar GROUP BY region ORDER BY region`,
    );
    return rows.map((r) => ({ region: r.region, years: r.years.map(Number) }));
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async build(region: string): Promise<WorkingCalendar> {
    const rows = await this.calendars.findForRegions(region === NATIONAL ? [NATIONAL] : [NATIONAL, region]);
    const kind = new Map<string, 'holiday' | 'makeup'>();
    // National first, then the region: a region's entry for a date wins.
    for (const r of [...rows.filter((x) => x.region === NATIONAL), ...rows.filter((x) => x.region !== NATIONAL)]) {
      for (const d of r.holidays) kind.set(d.date, 'holiday');
      for (const d of r.makeupWorkdays) kind.set(d.date, 'makeup');
    }
    const of = (k: 'holiday' | 'makeup') => [...kind].filter(([, v]) => v === k).map(([d]) => d);
    // Working hours for hour limits (WH): the region's own, else the national ones, else the engine default.
    const hours = await this.uow.query<{ region: string; working_hours: WorkingHoursRange[] }>(
      'SELECT region, working_hours FROM calendar_region WHERE region = ANY($1::text[])',
      [[region, NATIONAL]],
    );
    const workingHours = (hours.find((h) => h.region === region) ?? hours[0])?.working_hours;
    return new WorkingCalendar({
      // A year counts as loaded when the national notice for it is: a region only overrides dates.
      loadedYears: rows.filter((r) => r.region === NATIONAL).map((r) => r.year),
      holidays: of('holiday'),
      makeupWorkdays: of('makeup'),
      timeZoneOffsetMinutes: SHANGHAI_OFFSET_MINUTES,
      ...(workingHours ? { workingHours } : {}),
    });
  }
}
