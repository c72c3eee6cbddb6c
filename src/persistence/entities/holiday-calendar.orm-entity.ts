import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface CalendarDay {
  date: string;
  name?: string;
}

@Entity('holiday_calendar')
export class HolidayCalendarOrm {
  @PrimaryColumn('text') region: string;
  @PrimaryColumn('integer') year: number;
  @Column('jsonb') holidays: CalendarDay[];
  @Column('jsonb', { name: 'makeup_workdays' }) makeupWorkdays: CalendarDay[];
  @Column('text', { nullable: true }) source: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
