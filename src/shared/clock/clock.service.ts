import { Injectable } from '@nestjs/common';

/**
 * The server's clock. The engine never reads time itself: every command passes `now` from here.
 * With TONGBAN_CLOCK_CONTROL=1 tests move it forward (POST /admin/clock); otherwise it is wall time.
 */
@Injectable()
export class ClockService {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Sets where a controlled clock starts (TONGBAN_CLOCK_START), once, before anything ran. */
  startAt(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  /** Moves the clock to an instant (never backwards, so due jobs stay due). */
  moveTo(instant: Date): void {
    this.offsetMs = Math.max(this.offsetMs, instant.getTime() - Date.now());
  }
}
