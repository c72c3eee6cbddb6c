import { describe, expect, it } from '@jest/globals';
import { EngineError } from '../../src/engine/index.js';
import { Harness } from './support/harness.js';

describe('Feature: parallel gateway', () => {
  it('Scenario: fork/join waits for both branches', async () => {
    const h = (await Harness.fromFixtures('parallel-gateway/fork-join')).start();
    expect(h.taskIds()).toEqual(['a', 'b']);
    h.completeTask('a');
    expect(h.taskIds()).toEqual(['b']);
    h.completeTask('b');
    expect(h.taskIds()).toEqual(['after']);
    h.completeTask('after');
    expect(h.state.status).toBe('completed');
    expect(h.state.tokens).toEqual([]);
  });

  it('Scenario: nested fork/join', async () => {
    const h = (await Harness.fromFixtures('parallel-gateway/nested-fork-join')).start();
    expect(h.taskIds()).toEqual(['a', 'b1', 'b2']);
    h.completeTask('b1');
    h.completeTask('a');
    expect(h.taskIds()).toEqual(['b2']);
    h.completeTask('b2');
    expect(h.taskIds()).toEqual(['after']);
  });

  it('Scenario: unbalanced fork/join (three branches, two joins)', async () => {
    const h = (await Harness.fromFixtures('parallel-gateway/unbalanced-fork-join')).start();
    expect(h.taskIds()).toEqual(['a', 'b', 'c']);
    h.completeTask('c');
    h.completeTask('a');
    expect(h.taskIds()).toEqual(['b']);
    h.completeTask('b');
    expect(h.taskIds()).toEqual(['after']);
  });
});

describe('Feature: exclusive gateway', () => {
  it.each([
    [5000, 'high'],
    [10, 'low'],
    [0, 'other'],
  ])('Scenario: amount %p takes %p (FEEL, translated ${} and default flow)', async (amount, task) => {
    const h = (await Harness.fromFixtures('exclusive-gateway/default-flow')).start(undefined, {
      variables: { amount },
    });
    expect(h.taskIds()).toEqual([task]);
  });

  it('Scenario: an outcome outside tb:outcomes → ENGINE.OUTCOME_NOT_ALLOWED and nothing changes', async () => {
    const h = await Harness.fromFixtures('exclusive-gateway/loop-back');
    h.start();
    const before = JSON.stringify(h.state);
    expect(() => h.completeTask('draft', { outcome: 'submit' })).not.toThrow();
    const mid = JSON.stringify(h.state);
    // 'return' and 'approve' are the only routes; an outcome outside tb:outcomes is refused before routing
    expect(() => h.completeTask('review', { outcome: 'maybe' })).toThrow(
      expect.objectContaining({ code: 'ENGINE.OUTCOME_NOT_ALLOWED' }),
    );
    expect(JSON.stringify(h.state)).toBe(mid);
    expect(before).not.toBe(mid);
  });

  it('Scenario: loops back through an exclusive gateway', async () => {
    const h = (await Harness.fromFixtures('exclusive-gateway/loop-back')).start();
    for (let round = 0; round < 3; round++) {
      h.completeTask('draft', { outcome: 'submit' });
      h.completeTask('review', { outcome: 'return' });
    }
    expect(h.taskIds()).toEqual(['draft']);
    h.completeTask('draft', { outcome: 'submit' });
    h.completeTask('review', { outcome: 'approve' });
    expect(h.state.status).toBe('completed');
    expect(h.effectsOf('task.created').filter((e) => e.elementId === 'draft')).toHaveLength(4);
  });

  it('Scenario: a required outcome is missing → ENGINE.OUTCOME_REQUIRED', async () => {
    const h = (await Harness.fromFixtures('exclusive-gateway/loop-back')).start();
    let error: unknown;
    try {
      h.completeTask('draft');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('ENGINE.OUTCOME_REQUIRED');
  });
});

describe('Feature: inclusive gateway', () => {
  it.each([
    [{ needA: true, needB: true }, ['a', 'b']],
    [{ needA: false, needB: true }, ['b']],
    [{ needA: false, needB: false }, ['c']],
  ])('Scenario: split %p activates %p and the merge waits for exactly those', async (variables, expected) => {
    const h = (await Harness.fromFixtures('inclusive-gateway/split-merge')).start(undefined, { variables });
    expect(h.taskIds()).toEqual(expected);
    for (const t of expected.slice(0, -1)) {
      h.completeTask(t);
      expect(h.taskIds()).not.toContain('after');
    }
    h.completeTask(expected[expected.length - 1]!);
    expect(h.taskIds()).toEqual(['after']);
  });

  it('Scenario: the merge waits while a token upstream can still arrive', async () => {
    const h = (await Harness.fromFixtures('inclusive-gateway/merge-waits-upstream')).start();
    h.completeTask('a');
    expect(h.taskIds()).toEqual(['b1']);
    h.completeTask('b1');
    expect(h.taskIds()).toEqual(['b2']);
    h.completeTask('b2');
    expect(h.taskIds()).toEqual(['after']);
  });
});

describe('Feature: event-based gateway', () => {
  it('Scenario: the message wins the race; the timer is cancelled', async () => {
    const h = (await Harness.fromFixtures('event-based-gateway/race')).start();
    expect(h.subscriptions().map((s) => s.messageName)).toEqual(['paid']);
    expect(h.jobs().map((j) => [j.elementId, j.dueAt])).toEqual([['timeout', '2025-03-10T01:00:00.000Z']]);
    const effects = h.correlate('paid', { paidAmount: 10 });
    expect(effects.map((e) => e.type)).toContain('job.cancelled');
    expect(h.taskIds()).toEqual(['ship']);
    expect(h.state.variables.paidAmount).toBe(10);
    expect(h.jobs()).toEqual([]);
  });

  it('Scenario: the timer wins the race; the subscription is closed', async () => {
    const h = (await Harness.fromFixtures('event-based-gateway/race')).start();
    const effects = h.fireTimer('timeout');
    expect(effects.map((e) => e.type)).toContain('subscription.closed');
    expect(h.taskIds()).toEqual(['remind']);
    expect(h.subscriptions()).toEqual([]);
  });
});
