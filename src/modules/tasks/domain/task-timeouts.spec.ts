import { WorkingCalendar } from '../../../engine/index.js';
import { isCasePaused } from './task-timeouts.js';

const CAL = new WorkingCalendar({ holidays: [], makeupWorkdays: [], timeZoneOffsetMinutes: 480, loadedYears: [2026] });

const pause = (over: Record<string, unknown>) => ({
  id: 'p1',
  cause: 'SPECIAL_PROCEDURE',
  from: '2026-02-11T01:00:00.000Z',
  to: null,
  legal: true,
  promised: true,
  ref: null,
  reason: null,
  ...over,
});

const row = (status: string, clocks: Record<string, unknown>) => ({
  status,
  clocks,
  received_at: new Date('2026-02-09T01:00:00.000Z'),
  accepted_at: new Date('2026-02-09T02:00:00.000Z'),
  ended_at: null,
});

/** Timeouts wait while the node clocks stand still: the same pauses as the case's clocks (ADR 0015). */
describe('isCasePaused', () => {
  it('is paused while suspended, or while a pause that stops the node clocks is open', () => {
    expect(isCasePaused(row('SUSPENDED', {}), CAL)).toBe(true);
    expect(isCasePaused(row('IN_PROCESS', { pauses: [pause({})] }), CAL)).toBe(true);
    expect(isCasePaused(row('IN_PROCESS', { pauses: [pause({ cause: 'CORRECTION' })] }), CAL)).toBe(true);
  });

  it('runs when every pause is closed, or the open one is counted in the limit (it stops no clock)', () => {
    expect(isCasePaused(row('IN_PROCESS', {}), CAL)).toBe(false);
    const closed = pause({ to: '2026-02-20T01:00:00.000Z' });
    expect(isCasePaused(row('IN_PROCESS', { pauses: [closed] }), CAL)).toBe(false);
    const counted = pause({ legal: false, promised: false });
    expect(isCasePaused(row('IN_PROCESS', { pauses: [counted] }), CAL)).toBe(false);
  });

  it('is paused by a tb:clock pause of the process until its resume', () => {
    const start = { action: 'start', at: '2026-02-09T02:00:00.000Z', elementId: 'flow-accept' };
    const paused = { action: 'pause', at: '2026-02-10T02:00:00.000Z', elementId: 'flow-expert' };
    const resumed = { action: 'resume', at: '2026-02-12T02:00:00.000Z', elementId: 'flow-back' };
    expect(isCasePaused(row('IN_PROCESS', { events: [start, paused] }), CAL)).toBe(true);
    expect(isCasePaused(row('IN_PROCESS', { events: [start, paused, resumed] }), CAL)).toBe(false);
    // Stopped clocks (a decision) are not paused, whatever came before.
    const stopped = { action: 'stop', at: '2026-02-11T02:00:00.000Z', elementId: 'flow-decided' };
    expect(isCasePaused(row('IN_PROCESS', { events: [start, paused, stopped] }), CAL)).toBe(false);
  });
});
