import { isCasePaused } from './task-timeouts.js';

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

/** Timeouts wait while the node clocks stand still: the same pauses as the case's clocks (ADR 0015). */
describe('isCasePaused', () => {
  it('is paused while suspended, or while a pause that stops the node clocks is open', () => {
    expect(isCasePaused({ status: 'SUSPENDED', clocks: {} })).toBe(true);
    expect(isCasePaused({ status: 'IN_PROCESS', clocks: { pauses: [pause({})] } })).toBe(true);
    expect(isCasePaused({ status: 'IN_PROCESS', clocks: { pauses: [pause({ cause: 'CORRECTION' })] } })).toBe(true);
  });

  it('runs when every pause is closed, or the open one is counted in the limit (it stops no clock)', () => {
    expect(isCasePaused({ status: 'IN_PROCESS', clocks: {} })).toBe(false);
    const closed = pause({ to: '2026-02-20T01:00:00.000Z' });
    expect(isCasePaused({ status: 'IN_PROCESS', clocks: { pauses: [closed] } })).toBe(false);
    const counted = pause({ legal: false, promised: false });
    expect(isCasePaused({ status: 'IN_PROCESS', clocks: { pauses: [counted] } })).toBe(false);
  });
});
