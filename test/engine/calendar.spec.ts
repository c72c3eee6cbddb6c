import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '../../src/engine/index.js';

// domain.md §4.2: 2025 and 2026 national holidays and make-up workdays.
const CN = new WorkingCalendar({
  holidays: [
    '2025-01-01',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
    '2025-02-03',
    '2025-02-04',
    '2025-04-04',
    '2025-04-05',
    '2025-04-06',
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
    '2025-05-05',
    '2025-05-31',
    '2025-06-01',
    '2025-06-02',
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
  ],
  makeupWorkdays: [
    '2025-01-26',
    '2025-02-08',
    '2025-04-27',
    '2025-09-28',
    '2025-10-11',
    '2026-01-04',
    '2026-02-14',
    '2026-02-28',
  ],
  timeZoneOffsetMinutes: 480,
});

describe(WorkingCalendar.name, () => {
  it.each([
    ['2025-01-26', true], // Sunday make-up workday
    ['2025-01-28', false], // Spring Festival
    ['2025-02-08', true], // Saturday make-up
    ['2025-02-09', false], // Sunday
    ['2025-02-05', true],
    ['2026-02-14', true],
    ['2026-02-23', false],
    ['2026-02-28', true],
  ])('isWorkday(%s) = %s', (day, expected) => {
    expect(CN.isWorkday(day)).toBe(expected);
  });

  it('uses the local (UTC+8) date of an instant', () => {
    expect(CN.isWorkday('2025-02-07T16:30:00Z')).toBe(true); // 2025-02-08 00:30 Beijing, a make-up Saturday
    expect(CN.isWorkday('2025-02-07T15:30:00Z')).toBe(true); // still Friday 23:30
    expect(CN.isWorkday('2025-02-08T16:30:00Z')).toBe(false); // Sunday 9th
  });

  it.each([
    // accepted Fri 24 Jan 2025: day not counted; 26 Jan (Sun, make-up) = 1, 27 Jan = 2, then the festival, 5 Feb = 3
    ['2025-01-24T02:00:00Z', 3, '2025-02-05T15:59:59.999Z'],
    ['2025-01-24T02:00:00Z', 1, '2025-01-26T15:59:59.999Z'],
    ['2025-01-27T02:00:00Z', 1, '2025-02-05T15:59:59.999Z'],
    ['2025-02-07T02:00:00Z', 1, '2025-02-08T15:59:59.999Z'],
    ['2026-02-13T02:00:00Z', 2, '2026-02-24T15:59:59.999Z'], // 14 Feb make-up = 1, 24 Feb = 2
    ['2026-02-13T02:00:00Z', 20, '2026-03-19T15:59:59.999Z'], // 14 Feb, 24-28 Feb (28 = make-up), 2-19 Mar,
    ['2025-03-03T02:00:00Z', 0, '2025-03-03T15:59:59.999Z'],
  ])('addWorkingDays(%s, %i) = %s', (from, n, due) => {
    expect(CN.addWorkingDays(from, n)).toBe(due);
  });

  it('workingDaysBetween counts days after a up to b', () => {
    expect(CN.workingDaysBetween('2025-01-24T02:00:00Z', '2025-02-05T02:00:00Z')).toBe(3);
    expect(CN.workingDaysBetween('2025-02-05T02:00:00Z', '2025-01-24T02:00:00Z')).toBe(0);
    expect(CN.workingDaysBetween('2026-02-13T00:00:00Z', CN.addWorkingDays('2026-02-13T00:00:00Z', 20))).toBe(20);
  });

  it('remembers walks by local day: another instant of the same day, and a repeat, give the same answer', () => {
    const cal = new WorkingCalendar({ holidays: ['2026-10-01'], makeupWorkdays: [], timeZoneOffsetMinutes: 480 });
    const first = cal.addWorkingDays('2026-09-30T01:00:00Z', 1);
    expect(first).toBe('2026-10-02T15:59:59.999Z'); // 1 Oct is a holiday
    expect(cal.addWorkingDays('2026-09-30T15:00:00Z', 1)).toBe(first); // 23:00 local, same day
    expect(cal.addWorkingDays('2026-10-01T16:00:00Z', 1)).toBe('2026-10-05T15:59:59.999Z'); // local 2 Oct, a Friday
    expect(cal.workingDaysBetween('2026-09-29', '2026-10-02')).toBe(2);
    expect(cal.workingDaysBetween('2026-09-29', '2026-10-02')).toBe(2);
    // A refusal is not remembered as an answer: it is refused again.
    for (let i = 0; i < 2; i++)
      expect(() => cal.addWorkingDays('2026-02-13', 36_500)).toThrow(
        expect.objectContaining({ code: 'CALENDAR.OUT_OF_RANGE' }),
      );
  });

  it('addWorkingHours counts only working hours (09:00-12:00, 13:30-17:30)', () => {
    // Mon 3 Mar 2025 10:00 Beijing + 4h = 2h morning + 2h afternoon → 15:30
    expect(CN.addWorkingHours('2025-03-03T02:00:00Z', 4)).toBe('2025-03-03T07:30:00.000Z');
    // Fri 7 Mar 17:00 + 1h → Mon 10 Mar 09:30
    expect(CN.addWorkingHours('2025-03-07T09:00:00Z', 1)).toBe('2025-03-10T01:30:00.000Z');
    // before opening: Mon 08:00 + 3h → 12:00
    expect(CN.addWorkingHours('2025-03-03T00:00:00Z', 3)).toBe('2025-03-03T04:00:00.000Z');
  });

  describe('bounded to the calendar years (data 2025–2026, ±10 years)', () => {
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
        return undefined;
      } catch (e) {
        return (e as { code?: string }).code;
      }
    };

    it('derives the year range from the holiday data, or 2000–2100 without data', () => {
      expect([CN.firstYear, CN.lastYear]).toEqual([2015, 2036]);
      const empty = new WorkingCalendar({ holidays: [], makeupWorkdays: [], timeZoneOffsetMinutes: 480 });
      expect([empty.firstYear, empty.lastYear]).toEqual([2000, 2100]);
    });

    it.each([
      ['9999-12-31', 1],
      ['2036-12-31', 1],
      ['2014-12-31', 1],
      ['2026-02-13', 3650],
      ['+275760-09-13T00:00:00Z', 1],
    ])('addWorkingDays(%s, %i) is refused with CALENDAR.OUT_OF_RANGE', (from, n) => {
      expect(code(() => CN.addWorkingDays(from, n))).toBe('CALENDAR.OUT_OF_RANGE');
    });

    it('refuses impossible dates and non-finite amounts with coded errors, never a RangeError', () => {
      expect(code(() => CN.addWorkingDays('0000-00-00', 1))).toBe('CALENDAR.INVALID_DATE');
      expect(code(() => CN.addWorkingDays('2026-02-30', 1))).toBe('CALENDAR.INVALID_DATE');
      expect(code(() => CN.addWorkingDays('junk', 1))).toBe('CALENDAR.INVALID_DATE');
      expect(code(() => CN.addWorkingDays('2026-02-13', Number.POSITIVE_INFINITY))).toBe('CALENDAR.INVALID_AMOUNT');
      expect(code(() => CN.addWorkingHours('2026-02-13T02:00:00Z', Number.NaN))).toBe('CALENDAR.INVALID_AMOUNT');
      expect(code(() => CN.addWorkingHours('+275760-09-13T00:00:00Z', 100))).toBe('CALENDAR.OUT_OF_RANGE');
      expect(code(() => CN.workingDaysBetween('2026-02-13T00:00:00Z', '9999-12-31T00:00:00Z'))).toBe(
        'CALENDAR.OUT_OF_RANGE',
      );
    });

    it('ends addWorkingHours with a coded error when the calendar has no working hours at all', () => {
      const closed = new WorkingCalendar({
        holidays: ['2026-01-01'],
        makeupWorkdays: [],
        workingHours: [],
        timeZoneOffsetMinutes: 480,
      });
      expect(code(() => closed.addWorkingHours('2026-02-13T02:00:00Z', 1))).toBe('CALENDAR.OUT_OF_RANGE');
    });

    it('answers inside the range as before, up to the last day of the last year', () => {
      expect(CN.addWorkingDays('2036-12-30', 1)).toBe('2036-12-31T15:59:59.999Z');
      expect(CN.localDate('2026-02-13T20:00:00Z')).toBe('2026-02-14');
    });
  });
});
