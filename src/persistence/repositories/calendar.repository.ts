import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CalendarDay, HolidayCalendarOrm } from '../entities/index.js';

export interface CalendarYear {
  region: string;
  year: number;
  holidays: CalendarDay[];
  makeupWorkdays: CalendarDay[];
  source: string | null;
}

@Injectable()
export class CalendarRepository {
  constructor(private readonly db: DataSource) {}

  find(region: string, year: number): Promise<HolidayCalendarOrm | null> {
    return this.db.getRepository(HolidayCalendarOrm).findOneBy({ region, year });
  }

  /** Every year stored for a region and for the national calendar it falls back on. */
  findForRegions(regions: string[]): Promise<HolidayCalendarOrm[]> {
    return this.db
      .getRepository(HolidayCalendarOrm)
      .createQueryBuilder('c')
      .where('c.region IN (:...regions)', { regions })
      .orderBy('c.year')
      .getMany();
  }

  /** Writes a year; returns false when the stored one was already identical (idempotent loads). */
  async upsert(c: CalendarYear): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO holiday_calendar (region, year, holidays, makeup_workdays, source, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (region, year) DO UPDATE
         SET holidays = EXCLUDED.holidays, makeup_workdays = EXCLUDED.makeup_workdays,
             source = EXCLUDED.source, updated_at = now()
         WHERE holiday_calendar.holidays IS DISTINCT FROM EXCLUDED.holidays
            OR holiday_calendar.makeup_workdays IS DISTINCT FROM EXCLUDED.makeup_workdays
            OR holiday_calendar.source IS DISTINCT FROM EXCLUDED.source
       RETURNING region`,
      [c.region, c.year, JSON.stringify(c.holidays), JSON.stringify(c.makeupWorkdays), c.source],
    );
    return rows.length > 0;
  }
}
