import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '../../src/engine/index.js';
import { Harness } from './support/harness.js';

const DEPTS = ['planning', 'fire', 'environment'];

async function joint(fixture: string, departments = DEPTS): Promise<Harness> {
  return (await Harness.fromFixtures(`multi-instance/${fixture}`)).start(undefined, { variables: { departments } });
}

function openDepartments(h: Harness): unknown[] {
  return h
    .effectsOf('task.created')
    .filter((t) => t.elementId === 'review' && h.state.tasks.some((x) => x.taskId === t.taskId))
    .map((t) => t.multiInstance?.element);
}

function complete(h: Harness, department: string, outcome: string, opinion = `${department}: ${outcome}`): void {
  const created = h
    .effectsOf('task.created')
    .find((t) => t.multiInstance?.element === department && h.state.tasks.some((x) => x.taskId === t.taskId));
  if (!created) throw new Error(`no open task for ${department}`);
  h.trigger({ type: 'completeTask', taskId: created.taskId, outcome, opinion, actor: { id: `${department}-officer` } });
}

describe('Feature: joint approval (parallel multi-instance with tb:jointPolicy)', () => {
  it('Scenario: ALL — every department answers; one reject makes the result rejected', async () => {
    const h = await joint('parallel-all');
    const created = h.effectsOf('task.created');
    expect(created.map((t) => [t.candidateDepartments, t.multiInstance?.index, t.step])).toEqual([
      [['planning'], 0, 'review'],
      [['fire'], 1, 'review'],
      [['environment'], 2, 'review'],
    ]);
    complete(h, 'planning', 'approve');
    complete(h, 'fire', 'reject');
    expect(h.taskIds()).toEqual(['review']);
    complete(h, 'environment', 'approve');
    expect(h.state.variables.jointResult).toBe('rejected');
    const lead = h.effectsOf('task.created').find((t) => t.elementId === 'lead')!;
    expect(lead.jointOpinions?.map((o) => [o.department, o.assignee, o.outcome, o.opinion])).toEqual([
      ['planning', 'planning-officer', 'approve', 'planning: approve'],
      ['fire', 'fire-officer', 'reject', 'fire: reject'],
      ['environment', 'environment-officer', 'approve', 'environment: approve'],
    ]);
    expect(h.state.variables.jointOpinions).toEqual(lead.jointOpinions);
  });

  it('Scenario: ALL — all approve → approved', async () => {
    const h = await joint('parallel-all');
    for (const d of DEPTS) complete(h, d, 'approve');
    expect(h.state.variables.jointResult).toBe('approved');
    expect(h.taskIds()).toEqual(['lead']);
  });

  it('Scenario: ANY — the first approval completes the body and cancels the others', async () => {
    const h = await joint('parallel-any');
    complete(h, 'fire', 'reject');
    expect(h.taskIds()).toEqual(['review', 'review']);
    complete(h, 'environment', 'approve');
    expect(h.state.variables.jointResult).toBe('approved');
    expect(h.effectsOf('task.cancelled').map((c) => c.elementId)).toEqual(['review']);
    expect(h.taskIds()).toEqual(['lead']);
  });

  it('Scenario: QUORUM:2 — two approvals → approved', async () => {
    const h = await joint('parallel-quorum');
    complete(h, 'planning', 'approve');
    complete(h, 'fire', 'agree');
    expect(h.state.variables.jointResult).toBe('approved');
    expect(h.taskIds()).toEqual(['lead']);
  });

  it('Scenario: QUORUM:2 — once approval is impossible → rejected early', async () => {
    const h = await joint('parallel-quorum');
    complete(h, 'planning', 'reject');
    expect(openDepartments(h)).toHaveLength(2);
    complete(h, 'fire', 'disagree');
    expect(h.state.variables.jointResult).toBe('rejected');
    expect(h.taskIds()).toEqual(['lead']);
  });

  it('Scenario: VETO — the first rejection completes rejected', async () => {
    const h = await joint('parallel-veto');
    complete(h, 'planning', 'approve');
    complete(h, 'fire', 'reject');
    expect(h.state.variables.jointResult).toBe('rejected');
    expect(h.effectsOf('task.cancelled')).toHaveLength(1);
  });

  it('Scenario: VETO — no rejection → approved after all', async () => {
    const h = await joint('parallel-veto');
    for (const d of DEPTS) complete(h, d, 'approve');
    expect(h.state.variables.jointResult).toBe('approved');
  });

  it('Scenario: tb:jointPolicy="=jointPolicy" — each case picks its policy from its variables', async () => {
    const start = async (jointPolicy: unknown) =>
      (await Harness.fromFixtures('multi-instance/parallel-expr-policy')).start(undefined, {
        variables: { departments: DEPTS, jointPolicy },
      });
    const any = await start('ANY');
    complete(any, 'fire', 'approve');
    expect(any.state.variables.jointResult).toBe('approved');
    expect(any.taskIds()).toEqual(['lead']);
    const veto = await start('VETO');
    complete(veto, 'planning', 'reject');
    expect(veto.state.variables.jointResult).toBe('rejected');
    const quorum = await start('QUORUM:2');
    complete(quorum, 'planning', 'approve');
    expect(quorum.taskIds()).toEqual(['review', 'review']);
    complete(quorum, 'fire', 'approve');
    expect(quorum.state.variables.jointResult).toBe('approved');
    const bad = await start('MOST');
    const before = JSON.stringify(bad.state);
    expect(() => complete(bad, 'planning', 'approve')).toThrow(
      expect.objectContaining({ code: 'ENGINE.EXPRESSION_FAILED' }),
    );
    expect(JSON.stringify(bad.state)).toBe(before);
  });

  it('Scenario: an empty collection completes at once (approved)', async () => {
    const h = await joint('parallel-all', []);
    expect(h.taskIds()).toEqual(['lead']);
    expect(h.state.variables.jointResult).toBe('approved');
  });

  it('Scenario: a collection that is not a list → ENGINE.EXPRESSION_FAILED', async () => {
    const h = await Harness.fromFixtures('multi-instance/parallel-all');
    expect(() => h.start(undefined, { variables: { departments: 'fire' } })).toThrow(
      expect.objectContaining({ code: 'ENGINE.EXPRESSION_FAILED' }),
    );
  });

  it('Scenario: silence consent — a department silent past its limit is deemed to agree', async () => {
    const h = await Harness.fromFixtures('multi-instance/silence-consent');
    h.clock.calendar = new WorkingCalendar({ holidays: [], makeupWorkdays: [], timeZoneOffsetMinutes: 480 });
    h.start(undefined, { variables: { departments: ['planning', 'fire'] } });
    expect(h.effectsOf('task.created')[0]).toMatchObject({ silenceConsent: true, dueAt: '2025-03-06T15:59:59.999Z' });
    complete(h, 'planning', 'approve');
    h.fireTimer('review');
    expect(h.state.variables.jointResult).toBe('approved');
    const lead = h.effectsOf('task.created').find((t) => t.elementId === 'lead')!;
    expect(lead.jointOpinions?.[1]).toMatchObject({ department: 'fire', outcome: 'approve', opinion: '超时默认同意' });
  });
});

describe('Feature: multi-instance loop characteristics', () => {
  it('Scenario: sequential with ${nrOfApproved >= 2} — one instance at a time, stops early', async () => {
    const h = await joint('sequential-completion-condition', ['a', 'b', 'c', 'd']);
    expect(openDepartments(h)).toEqual(['a']);
    complete(h, 'a', 'approve');
    expect(openDepartments(h)).toEqual(['b']);
    complete(h, 'b', 'reject');
    complete(h, 'c', 'approve');
    expect(h.taskIds()).toEqual(['lead']);
    expect(h.effectsOf('task.created').filter((t) => t.elementId === 'review')).toHaveLength(3);
    expect(h.effectsOf('task.cancelled')).toEqual([]);
  });

  it('Scenario: parallel with completion condition on nrOfCompletedInstances / nrOfInstances', async () => {
    const h = await joint('parallel-completion-condition', ['a', 'b', 'c', 'd']);
    complete(h, 'a', 'approve');
    expect(h.taskIds()).toHaveLength(3);
    complete(h, 'b', 'approve');
    expect(h.taskIds()).toEqual(['lead']);
    expect(h.effectsOf('task.cancelled')).toHaveLength(2);
  });

  it('Scenario: a multi-instance subprocess with loopCardinality 3', async () => {
    const h = (await Harness.fromFixtures('multi-instance/sub-process-cardinality')).start();
    expect(h.taskIds()).toEqual(['inner', 'inner', 'inner']);
    h.completeTask('inner');
    h.completeTask('inner');
    expect(h.taskIds()).toEqual(['inner']);
    h.completeTask('inner');
    expect(h.taskIds()).toEqual(['after']);
  });
});

describe('Feature: call activities', () => {
  it('Scenario: in/out variable mappings (camunda:in source/sourceExpression, camunda:out)', async () => {
    const h = (await Harness.fromFixtures('call-activity/in-out-variables')).start('parent', {
      variables: { applicant: 'Li', amount: 21, secret: 1 },
      businessKey: 'BK-1',
    });
    const started = h.effectsOf('callActivity.started')[0]!;
    expect(started).toMatchObject({ processKey: 'child', variables: { who: 'Li', doubled: 42 }, businessKey: 'BK-1' });
    h.completeTask('childTask', { variables: { decision: 'yes', noise: 1 } });
    expect(h.taskIds()).toEqual(['after']);
    expect(h.state.variables.childDecision).toBe('yes');
    expect(h.state.variables.noise).toBeUndefined();
  });

  it('Scenario: joint approval where each department runs its own child process (MI call activity)', async () => {
    const h = (await Harness.fromFixtures('call-activity/multi-instance-departments')).start('jointParent', {
      variables: { departments: ['fire', 'planning'] },
    });
    expect(h.effectsOf('callActivity.started').map((c) => c.variables.department)).toEqual(['fire', 'planning']);
    const reviews = h.effectsOf('task.created').map((t) => t.candidateDepartments);
    expect(reviews).toEqual([['fire'], ['planning']]);
    h.completeTask('deptReview');
    expect(h.taskIds()).toEqual(['deptReview']);
    h.completeTask('deptReview');
    expect(h.taskIds()).toEqual(['lead']);
  });

  it('Scenario: unknown call id → ENGINE.CALL_NOT_FOUND', async () => {
    const h = (await Harness.fromFixtures('call-activity/in-out-variables')).start('parent');
    expect(() => h.trigger({ type: 'completeCallActivity', callId: 'nope' })).toThrow(
      expect.objectContaining({ code: 'ENGINE.CALL_NOT_FOUND' }),
    );
  });
});
