import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '../../../engine/index.js';
import type { PauseRecord } from '../../cases/domain/clock-records.js';
import { type ClockInput, clockTimeline, computeClocks } from './compute-clocks.js';
import { planDeliveryClock, planNodeClocks, shiftByWorkingDays } from './node-clocks.js';
import { itemTimingFrom } from './time-limit.types.js';

// The shipped 2026 calendar: 春节 2/15–2/23 off, Saturdays 2/14 and 2/28 working.
const cn2026 = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../../../workflows/calendars/CN-2026.json'), 'utf8'),
) as Record<string, { date: string }[]>;
const CN = new WorkingCalendar({
  holidays: cn2026.holidays!.map((d) => d.date),
  makeupWorkdays: cn2026.makeupWorkdays!.map((d) => d.date),
  timeZoneOffsetMinutes: 480,
  loadedYears: [2026],
});
const at = (l: string): string => new Date(`${l}+08:00`).toISOString();
const day = (iso: string | null): string | null => (iso ? CN.localDate(iso) : null);
const settings = { warnBeforeWD: 1, warnAtElapsedRatio: null };

const pause = (cause: PauseRecord['cause'], from: string, to: string | null, applies = true): PauseRecord => ({
  id: `${cause}-${from}`,
  cause,
  from: at(from),
  to: to ? at(to) : null,
  legal: applies,
  promised: applies,
  ref: null,
  reason: null,
});
const input = (pauses: PauseRecord[]): ClockInput => ({
  receivedAt: at('2026-02-10T09:00:00'),
  acceptedAt: at('2026-02-10T10:00:00'),
  endedAt: null,
  legalLimit: { value: 10, unit: 'WD' },
  promisedLimit: { value: 5, unit: 'WD' },
  records: { events: [], pauses, specialProcedures: [], extensions: [] },
});

describe('pauses that stack (ADR 0015)', () => {
  it('a procedure inside a suspension does not restart the clock: the union of the intervals counts once', () => {
    // Accepted 2/10; suspended 2/11–3/2 with an expert review 2/12–2/27 inside. Paused WD in (2/11, 3/2]:
    // 2/12 2/13 2/14 2/24 2/25 2/26 2/27 2/28 3/2 = 9. Legal 10 + 9 = 19 WD after 2/10 → 3/13.
    const c = computeClocks(
      CN,
      input([
        pause('SUSPENSION', '2026-02-11T10:00:00', '2026-03-02T10:00:00'),
        pause('SPECIAL_PROCEDURE', '2026-02-12T10:00:00', '2026-02-27T10:00:00'),
      ]),
      at('2026-03-03T10:00:00'),
      settings,
    );
    expect(c.legal.pausedWorkingDays).toBe(9);
    expect(day(c.legal.dueAt)).toBe('2026-03-13');
    expect(day(c.promised.dueAt)).toBe('2026-03-06');
  });

  it('stays paused while any applicable pause is open, whichever ends first', () => {
    const c = computeClocks(
      CN,
      input([
        pause('SPECIAL_PROCEDURE', '2026-02-12T10:00:00', null),
        pause('SUSPENSION', '2026-02-11T10:00:00', '2026-02-13T10:00:00'),
      ]),
      at('2026-02-26T10:00:00'),
      settings,
    );
    expect(c.legal).toMatchObject({ paused: true, running: false });
    expect(c.promised.paused).toBe(true);
  });

  it('a procedure counted in the legal limit pauses neither clock', () => {
    const c = computeClocks(
      CN,
      input([pause('SPECIAL_PROCEDURE', '2026-02-11T10:00:00', null, false)]),
      at('2026-02-26T10:00:00'),
      settings,
    );
    expect(c.legal).toMatchObject({ paused: false, pausedWorkingDays: 0 });
    expect(day(c.legal.dueAt)).toBe('2026-03-02');
    expect(day(c.promised.dueAt)).toBe('2026-02-24');
    expect(c.timeState).toBe('OVERDUE');
  });

  it('caps the promised due date at the legal one', () => {
    // A promised-only pause (as an earlier version recorded a counted procedure) would push promised past legal.
    const only: PauseRecord = { ...pause('PROCESS', '2026-02-11T10:00:00', '2026-03-10T10:00:00'), legal: false };
    const c = computeClocks(CN, input([only]), at('2026-03-10T11:00:00'), settings);
    expect(day(c.legal.dueAt)).toBe('2026-03-02');
    expect(c.promised.dueAt).toBe(c.legal.dueAt);
  });
});

describe('node clocks and the delivery clock', () => {
  const t = (pauses: PauseRecord[]) => clockTimeline(CN, { ...input(pauses), legalLimit: null, promisedLimit: null });
  const review = {
    id: 'r',
    elementId: 'review',
    name: '审查',
    dueAt: CN.endOfDay('2026-02-12'),
    createdAt: at('2026-02-10T10:00:00'),
    department: null,
  };

  it('moves a task due date by the working days the case stood still during its life, and marks it paused', () => {
    const open = planNodeClocks(
      CN,
      t([pause('SUSPENSION', '2026-02-11T10:00:00', null)]),
      [review],
      undefined,
      at('2026-02-26T10:00:00'),
    );
    expect(open.tasks[0]?.paused).toBe(true);
    const closed = planNodeClocks(
      CN,
      t([pause('SUSPENSION', '2026-02-11T10:00:00', '2026-03-02T10:00:00')]),
      [{ ...review, dueAt: open.tasks[0]!.dueAt }],
      open.bases,
      at('2026-03-02T10:00:00'),
    );
    // 9 paused WD: 2/12 + 9 WD = 3/3; computed from the stored base, not from the moved date.
    expect(day(closed.tasks[0]!.dueAt)).toBe('2026-03-03');
    expect(closed.tasks[0]?.paused).toBe(false);
    expect(closed.patches).toEqual([{ id: 'r', dueAt: CN.endOfDay('2026-03-03') }]);
  });

  it("does not pause a task by the pause that opened with it (the task is the pause's own work)", () => {
    const own = planNodeClocks(
      CN,
      t([pause('PROCESS', '2026-02-10T10:00:00', null)]),
      [review],
      undefined,
      at('2026-02-26T10:00:00'),
    );
    expect(own.tasks[0]).toMatchObject({ paused: false, dueAt: review.dueAt });
  });

  it('keeps the time of day when shifting working-hour dues', () => {
    expect(shiftByWorkingDays(CN, at('2026-02-13T15:30:00'), 1)).toBe(at('2026-02-14T15:30:00'));
  });

  it('runs 10 WD from an approval to delivery (Art.44) and stops at delivery', () => {
    const base = { status: 'CLOSED_APPROVED', decisionAt: at('2026-02-11T10:00:00'), endedAt: null, stored: null };
    const d = planDeliveryClock(
      CN,
      { ...base, limit: { value: 10, unit: 'WD' }, deliveredNow: false },
      at('2026-03-04T10:00:00'),
    );
    expect(d).toMatchObject({ dueAt: CN.endOfDay('2026-03-03'), running: true, overdue: true });
    const done = planDeliveryClock(
      CN,
      { ...base, limit: { value: 10, unit: 'WD' }, deliveredNow: true },
      at('2026-03-02T10:00:00'),
    );
    expect(done).toMatchObject({ deliveredAt: at('2026-03-02T10:00:00'), running: false, overdue: false });
    expect(
      planDeliveryClock(
        CN,
        { ...base, status: 'CLOSED_REJECTED', limit: { value: 10, unit: 'WD' }, deliveredNow: false },
        at('2026-03-02T10:00:00'),
      ),
    ).toBeNull();
  });
});

describe('extension rules of an item', () => {
  it('defaults to 行政许可法 Art.42: 10 WD once, 15 WD for joint handling, approved by a leader', () => {
    expect(itemTimingFrom({ handlingType: 'PROMISED' }).extension).toMatchObject({
      maxWorkingDays: 10,
      times: 1,
      approverRole: 'leader',
    });
    expect(itemTimingFrom({ handlingType: 'JOINT' }).extension).toMatchObject({ maxWorkingDays: 15, times: 1 });
    expect(
      itemTimingFrom({ extension: { maxWorkingDays: 5, times: 1, approverRole: 'admin' } }).extension,
    ).toMatchObject({
      maxWorkingDays: 5,
      approverRole: 'admin',
    });
    expect(itemTimingFrom({}).deliveryLimit).toEqual({ value: 10, unit: 'WD' });
  });
});
