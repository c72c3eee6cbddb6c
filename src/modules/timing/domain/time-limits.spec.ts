import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '../../../engine/index.js';
import { evaluateAlerts } from '../../supervision/domain/alert-rules.js';
import type { ClockEvent, ExtensionRecord } from '../../cases/domain/clock-records.js';
import { type ClockInput, computeClocks } from './compute-clocks.js';
import { DEFAULT_SUPERVISION } from './time-limit.types.js';
import { addNaturalDays, workingHoursBetween } from './working-time.js';

// The shipped national calendars (workflows/calendars), read as the loader reads them.
const dir = path.resolve(import.meta.dirname, '../../../../workflows/calendars');
const files = ['CN-2025.json', 'CN-2026.json'].map(
  (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, { date: string }[]>,
);
const days = (k: string, extra: string[] = []): string[] => [
  ...files.flatMap((f) => f[k]!.map((d) => d.date)),
  ...extra,
];
const calendar = (extraHolidays: string[] = []): WorkingCalendar =>
  new WorkingCalendar({
    holidays: days('holidays', extraHolidays),
    makeupWorkdays: days('makeupWorkdays'),
    timeZoneOffsetMinutes: 480,
  });
const CN = calendar();
const day = (iso: string): string => CN.localDate(iso);

describe('working-day calendar vectors (domain.md §4.2)', () => {
  it.each([
    // 2025 Spring Festival: 1/28–2/4 off, Sun 1/26 and Sat 2/8 worked.
    ['2025-01-24', 1, '2025-01-26'],
    ['2025-01-27', 1, '2025-02-05'],
    ['2025-02-07', 1, '2025-02-08'],
    // 2025 Labour Day: 5/1–5/5 off, Sun 4/27 worked.
    ['2025-04-25', 1, '2025-04-27'],
    ['2025-04-30', 1, '2025-05-06'],
    // 2025 National Day + Mid-Autumn: 10/1–10/8 off, Sun 9/28 and Sat 10/11 worked.
    ['2025-09-26', 1, '2025-09-28'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-10-10', 1, '2025-10-11'],
    // Year end 2025→2026: 1/1–1/3 off, Sun 1/4 worked.
    ['2025-12-31', 1, '2026-01-04'],
    ['2025-12-31', 2, '2026-01-05'],
    // 2026 Spring Festival: 2/15–2/23 off, Sat 2/14 and Sat 2/28 worked.
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-02-27', 1, '2026-02-28'],
    ['2026-02-13', 20, '2026-03-19'],
    // 2026 Labour Day: 5/1–5/5 off, Sat 5/9 worked.
    ['2026-04-30', 1, '2026-05-06'],
    ['2026-05-08', 1, '2026-05-09'],
    // 2026 National Day: 10/1–10/7 off, Sun 9/20 and Sat 10/10 worked.
    ['2026-09-18', 1, '2026-09-20'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-10-09', 1, '2026-10-10'],
    // Year end 2026→2027 (no 2027 calendar loaded: plain weekdays).
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s + %i WD = %s', (from, n, expected) => {
    expect(day(CN.addWorkingDays(from, n))).toBe(expected);
  });

  it('ends a due date at 24:00 Asia/Shanghai', () => {
    expect(CN.addWorkingDays('2026-02-13', 20)).toBe('2026-03-19T15:59:59.999Z');
  });

  it('lets a region override the national calendar with its own holiday', () => {
    const region = calendar(['2026-03-02']);
    expect(day(region.addWorkingDays('2026-02-13', 20))).toBe('2026-03-20');
    expect(region.isWorkday('2026-03-02')).toBe(false);
    expect(CN.isWorkday('2026-03-02')).toBe(true);
  });

  it('counts hour units inside working hours, across lunch, days and the Spring Festival', () => {
    expect(CN.addWorkingHours('2026-03-02T10:00:00+08:00', 4)).toBe('2026-03-02T07:30:00.000Z'); // 15:30
    expect(CN.addWorkingHours('2026-03-02T16:30:00+08:00', 4)).toBe('2026-03-03T04:00:00.000Z'); // next day 12:00
    expect(CN.addWorkingHours('2026-02-13T16:00:00+08:00', 2)).toBe('2026-02-14T01:30:00.000Z'); // make-up Sat 09:30
    expect(CN.addWorkingHours('2026-02-14T17:00:00+08:00', 1)).toBe('2026-02-24T01:30:00.000Z'); // after the holiday
    expect(workingHoursBetween(CN, '2026-03-02T10:00:00+08:00', '2026-03-03T10:00:00+08:00')).toBe(7);
  });

  it('moves a natural-day deadline that ends on a holiday to the next working day (Civil Code Art.203)', () => {
    expect(day(addNaturalDays(CN, '2026-02-10T10:00:00+08:00', 5))).toBe('2026-02-24');
    expect(day(addNaturalDays(CN, '2026-03-02T10:00:00+08:00', 3))).toBe('2026-03-05');
  });
});

const at = (local: string): string => new Date(`${local}+08:00`).toISOString();
const clockInput = (
  over: Partial<ClockInput> & { events?: ClockEvent[]; extensions?: ExtensionRecord[] },
): ClockInput => ({
  receivedAt: at('2026-02-13T09:00:00'),
  acceptedAt: null,
  endedAt: null,
  legalLimit: { value: 20, unit: 'WD' },
  promisedLimit: { value: 15, unit: 'WD' },
  ...over,
  records: {
    events: over.events ?? [{ action: 'start', at: at('2026-02-13T10:00:00'), elementId: 'flow-accept' }],
    pauses: [],
    specialProcedures: [],
    extensions: over.extensions ?? [],
    ...(over.records ?? {}),
  },
});
const settings = { warnBeforeWD: 1, warnAtElapsedRatio: null };

describe('legal and promised clocks (domain.md §4.3–4.4)', () => {
  it('accepted on the Friday before the 2026 Spring Festival: counts from the next working day', () => {
    const c = computeClocks(CN, clockInput({}), at('2026-03-10T10:00:00'), settings);
    expect(day(c.legal.dueAt!)).toBe('2026-03-19');
    expect(day(c.promised.dueAt!)).toBe('2026-03-12');
    expect(c.legal).toMatchObject({ elapsedWorkingDays: 13, remainingWorkingDays: 7, running: true, paused: false });
    expect(c.promised.remainingWorkingDays).toBe(2);
    expect(c.timeState).toBe('NORMAL');
    expect(computeClocks(CN, clockInput({}), at('2026-03-11T10:00:00'), settings).timeState).toBe('WARNING');
    expect(computeClocks(CN, clockInput({}), at('2026-03-13T00:00:01'), settings).timeState).toBe('OVERDUE');
  });

  it('pauses add the paused working days to both clocks; an extension adds to the legal clock only', () => {
    const events: ClockEvent[] = [
      { action: 'start', at: at('2026-02-13T10:00:00'), elementId: null },
      { action: 'pause', at: at('2026-03-02T10:00:00'), elementId: null },
      { action: 'resume', at: at('2026-03-04T10:00:00'), elementId: null },
    ];
    const paused = computeClocks(CN, clockInput({ events }), at('2026-03-05T10:00:00'), settings);
    expect(paused.legal.pausedWorkingDays).toBe(2);
    expect(day(paused.legal.dueAt!)).toBe('2026-03-23');
    expect(day(paused.promised.dueAt!)).toBe('2026-03-16');
    const extensions = [
      { id: 'e1', days: 10, reason: '复杂', approvedBy: 'leader', requestedAt: at('2026-03-05T10:00:00') },
    ];
    const extended = computeClocks(CN, clockInput({ events, extensions }), at('2026-03-05T10:00:00'), settings);
    // 32 working days, with 清明 4/4–4/6 skipped.
    expect(day(extended.legal.dueAt!)).toBe('2026-04-07');
    expect(extended.legal.extendedWorkingDays).toBe(10);
    expect(day(extended.promised.dueAt!)).toBe('2026-03-16');
    expect(extended.promised.extendedWorkingDays).toBe(0);
  });

  it('an open pause keeps the clock paused and moves the due date with time', () => {
    const events: ClockEvent[] = [
      { action: 'start', at: at('2026-02-13T10:00:00'), elementId: null },
      { action: 'pause', at: at('2026-03-02T10:00:00'), elementId: null },
    ];
    const c = computeClocks(CN, clockInput({ events }), at('2026-03-06T10:00:00'), settings);
    expect(c.legal).toMatchObject({ paused: true, running: false, pausedWorkingDays: 4 });
    expect(day(c.legal.dueAt!)).toBe('2026-03-25');
  });

  it('a correction notice later than 5 working days after receipt deems the case accepted on receipt (Art.32)', () => {
    const received = at('2026-02-02T10:00:00');
    const start: ClockEvent = { action: 'start', at: at('2026-02-12T10:00:00'), elementId: 'flow-accept' };
    const late = computeClocks(
      CN,
      clockInput({
        receivedAt: received,
        events: [start],
        records: {
          events: [start],
          pauses: [],
          specialProcedures: [],
          extensions: [],
          correctionNoticeAt: at('2026-02-10T09:00:00'),
        },
      }),
      at('2026-02-12T11:00:00'),
      settings,
    );
    expect(late.legal).toMatchObject({ deemedAcceptance: true, startedAt: received });
    expect(day(late.legal.dueAt!)).toBe('2026-03-06');
    const onTime = computeClocks(
      CN,
      clockInput({
        receivedAt: received,
        events: [start],
        records: {
          events: [start],
          pauses: [],
          specialProcedures: [],
          extensions: [],
          correctionNoticeAt: at('2026-02-06T09:00:00'),
        },
      }),
      at('2026-02-12T11:00:00'),
      settings,
    );
    expect(onTime.legal.deemedAcceptance).toBe(false);
    expect(day(onTime.legal.dueAt!)).toBe('2026-03-18');
  });

  it('a stop freezes elapsed days; a case decided after its due date stays OVERDUE', () => {
    const events: ClockEvent[] = [
      { action: 'start', at: at('2026-02-13T10:00:00'), elementId: null },
      { action: 'stop', at: at('2026-03-13T10:00:00'), elementId: null },
    ];
    const c = computeClocks(CN, clockInput({ events }), at('2026-04-30T10:00:00'), settings);
    expect(c.legal).toMatchObject({ running: false, elapsedWorkingDays: 16, overdue: false });
    expect(c.promised.overdue).toBe(true);
    expect(c.timeState).toBe('OVERDUE');
  });
});

describe('supervision levels (domain.md §5.3)', () => {
  const input = clockInput({});
  const rules = (now: string) =>
    evaluateAlerts(CN, computeClocks(CN, input, now, settings), [], [], DEFAULT_SUPERVISION, now);

  it('warns one working day before the promised due date, and schedules the next check', () => {
    const before = rules(at('2026-03-10T10:00:00'));
    expect(before.raise).toEqual([]);
    expect(before.nextCheckAt).toBe(at('2026-03-11T00:00:00'));
    expect(rules(at('2026-03-11T10:00:00')).raise.map((a) => a.level)).toEqual(['WARNING']);
  });

  it('gives a yellow card past the promised limit and a red one past the legal limit', () => {
    const yellow = rules(at('2026-03-13T10:00:00'));
    expect(yellow.raise.map((a) => `${a.level}:${a.triggerCode}`)).toEqual(['YELLOW:PROMISED_EXCEEDED']);
    expect(yellow.nextCheckAt).toBe(at('2026-03-20T00:00:00')); // legal due + 1 ms
    const red = rules(at('2026-03-20T10:00:00'));
    expect(red.raise.map((a) => `${a.level}:${a.triggerCode}`)).toEqual([
      'YELLOW:PROMISED_EXCEEDED',
      'RED:LEGAL_EXCEEDED',
    ]);
    // The yellow card came on 3/13; not counting that day, 5 WD are 3/16–3/20: red once 3/20 is over.
    expect(red.nextCheckAt).toBe(at('2026-03-21T00:00:00'));
    expect(rules(at('2026-03-21T00:00:00')).raise.map((a) => `${a.level}:${a.triggerCode}`)).toEqual([
      'YELLOW:PROMISED_EXCEEDED',
      'RED:LEGAL_EXCEEDED',
      'RED:YELLOW_UNRESOLVED',
    ]);
  });

  it('escalates a yellow card unresolved for 5 working days to red, and flags overdue nodes', () => {
    const now = at('2026-03-21T10:00:00');
    const clocks = computeClocks(CN, input, now, settings);
    const yellow = {
      key: 'PROMISED_EXCEEDED',
      id: 'y1',
      level: 'YELLOW' as const,
      triggerCode: 'PROMISED_EXCEEDED',
      occurredAt: at('2026-03-13T00:00:00'),
      resolvedAt: null,
    };
    const task = {
      id: 't1',
      elementId: 'review',
      name: '审查',
      dueAt: at('2026-03-18T17:30:00'),
      department: '410100-SJJ',
    };
    const d = evaluateAlerts(CN, clocks, [task], [yellow], DEFAULT_SUPERVISION, now);
    expect(d.raise.map((a) => a.key).sort()).toEqual([
      'LEGAL_EXCEEDED',
      'NODE_EXCEEDED:t1',
      'YELLOW_UNRESOLVED:PROMISED_EXCEEDED',
    ]);
    expect(d.raise.find((a) => a.key === 'YELLOW_UNRESOLVED:PROMISED_EXCEEDED')?.escalatedFromKey).toBe(
      'PROMISED_EXCEEDED',
    );
  });
});
