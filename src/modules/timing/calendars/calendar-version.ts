import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../persistence/unit-of-work.js';

/** Notices calendar writes made by any node (the calendar cache is per process). */
@Injectable()
export class CalendarVersion {
  private seen: string | null = null;

  constructor(private readonly uow: UnitOfWork) {}

  async changed(): Promise<boolean> {
    const [r] = await this.uow.query<{ v: string | null }>(
      `SELECT greatest((SELECT max(updated_at) FROM holiday_calendar), (SELECT max(updated_at) FROM calendar_region))::text AS v`,
    );
    const v = r?.v ?? '';
    const changed = this.seen !== null && v !== this.seen;
    this.seen = v;
    return changed;
  }
}
