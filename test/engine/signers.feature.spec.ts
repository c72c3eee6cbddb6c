import { describe, expect, it } from '@jest/globals';
import { EngineErrorCode } from '../../src/engine/index.js';
import { bpmn, Harness } from './support/harness.js';

const DEPTS = ['planning', 'fire'];

async function joint(fixture = 'parallel-all', departments = DEPTS): Promise<Harness> {
  return (await Harness.fromFixtures(`multi-instance/${fixture}`)).start(undefined, { variables: { departments } });
}

/** The open task of a co-department (its multi-instance element). */
function taskOf(h: Harness, department: string): string {
  const created = h
    .effectsOf('task.created')
    .find((t) => t.multiInstance?.element === department && h.state.tasks.some((x) => x.taskId === t.taskId));
  if (!created) throw new Error(`no open task for ${department}`);
  return created.taskId;
}

function answer(h: Harness, taskId: string, outcome: string, who: string): void {
  h.trigger({ type: 'completeTask', taskId, outcome, opinion: `${who}: ${outcome}`, actor: { id: who } });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const ORDINARY = bpmn(`
  <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="review"/>
  <bpmn:userTask id="review" tb:assignee="alice" tb:candidateDepartments="D1" tb:outcomes="approve,reject"/>
  <bpmn:sequenceFlow id="f1" sourceRef="review" targetRef="next"/>
  <bpmn:userTask id="next"/><bpmn:sequenceFlow id="f2" sourceRef="next" targetRef="e"/><bpmn:endEvent id="e"/>`);

async function ordinary(): Promise<{ h: Harness; taskId: string }> {
  const h = (await Harness.fromXml(ORDINARY)).start();
  return { h, taskId: h.userTasks()[0]!.taskId };
}

describe('Feature: 加签 / 减签 on a joint step', () => {
  it('Scenario: an added co-department gets its own instance and ALL waits for it', async () => {
    const h = await joint();
    h.trigger({ type: 'addJointInstances', elementId: 'review', instances: [{ element: 'environment' }] });
    const added = h.effectsOf('task.created').at(-1)!;
    expect([added.candidateDepartments, added.multiInstance?.index, added.multiInstance?.element]).toEqual([
      ['environment'],
      2,
      'environment',
    ]);
    expect(h.state.scopes.find((s) => s.kind === 'multiInstanceBody')?.variables.nrOfInstances).toBe(3);
    answer(h, taskOf(h, 'planning'), 'approve', 'p');
    answer(h, taskOf(h, 'fire'), 'approve', 'f');
    expect(h.taskIds()).toEqual(['review']);
    answer(h, taskOf(h, 'environment'), 'reject', 'e');
    expect(h.taskIds()).toEqual(['lead']);
    expect(h.state.variables.jointResult).toBe('rejected');
    expect((h.state.variables.jointOpinions as { department: string }[]).map((o) => o.department)).toEqual([
      'planning',
      'fire',
      'environment',
    ]);
  });

  it('Scenario: an added person is the assignee of their instance', async () => {
    const h = await joint();
    h.trigger({
      type: 'addJointInstances',
      elementId: 'review',
      instances: [{ element: 'planning', assignee: 'expert-1' }],
    });
    const added = h.effectsOf('task.created').at(-1)!;
    expect([added.assignee, added.candidateDepartments]).toEqual(['expert-1', ['planning']]);
  });

  it('Scenario: removing the one open instance when everyone else approved completes ALL at once', async () => {
    const h = await joint('parallel-all', ['planning', 'fire', 'environment']);
    answer(h, taskOf(h, 'planning'), 'approve', 'p');
    answer(h, taskOf(h, 'fire'), 'approve', 'f');
    const env = taskOf(h, 'environment');
    const effects = h.trigger({ type: 'removeJointInstance', taskId: env });
    expect(effects).toContainEqual({ type: 'task.cancelled', taskId: env, elementId: 'review' });
    expect(h.taskIds()).toEqual(['lead']);
    expect(h.state.variables.jointResult).toBe('approved');
    expect((h.state.variables.jointOpinions as unknown[]).length).toBe(2);
  });

  it('Scenario: removing an instance while others are open only recounts', async () => {
    const h = await joint('parallel-all', ['planning', 'fire', 'environment']);
    h.trigger({ type: 'removeJointInstance', taskId: taskOf(h, 'fire') });
    const body = h.state.scopes.find((s) => s.kind === 'multiInstanceBody')!;
    expect([body.variables.nrOfInstances, body.variables.nrOfActiveInstances]).toEqual([2, 2]);
    answer(h, taskOf(h, 'planning'), 'approve', 'p');
    expect(h.taskIds()).toEqual(['review']);
    answer(h, taskOf(h, 'environment'), 'approve', 'e');
    expect(h.taskIds()).toEqual(['lead']);
  });

  it('Scenario: QUORUM is recounted when an instance is removed', async () => {
    const h = await joint('parallel-quorum', ['planning', 'fire', 'environment']);
    answer(h, taskOf(h, 'planning'), 'approve', 'p');
    answer(h, taskOf(h, 'fire'), 'reject', 'f');
    // QUORUM:2 could still be reached with environment; without it, it cannot: rejected.
    h.trigger({ type: 'removeJointInstance', taskId: taskOf(h, 'environment') });
    expect(h.state.variables.jointResult).toBe('rejected');
  });

  it('Scenario: the last instance cannot be removed, and a non-joint task is refused', async () => {
    const h = await joint('parallel-all', ['planning']);
    expect(codeOf(() => h.trigger({ type: 'removeJointInstance', taskId: taskOf(h, 'planning') }))).toBe(
      EngineErrorCode.LAST_JOINT_INSTANCE,
    );
    const o = await ordinary();
    expect(codeOf(() => o.h.trigger({ type: 'removeJointInstance', taskId: o.taskId }))).toBe(
      EngineErrorCode.NOT_A_JOINT_INSTANCE,
    );
    expect(
      codeOf(() => o.h.trigger({ type: 'addJointInstances', elementId: 'review', instances: [{ element: 'x' }] })),
    ).toBe(EngineErrorCode.JOINT_STEP_NOT_ACTIVE);
  });

  it('Scenario: a sequential step reaches an added instance in turn, and continues past a removed one', async () => {
    const h = await joint('sequential-completion-condition', ['planning', 'fire']);
    h.trigger({ type: 'addJointInstances', elementId: 'review', instances: [{ element: 'environment' }] });
    expect(h.userTasks()).toHaveLength(1);
    h.trigger({ type: 'removeJointInstance', taskId: taskOf(h, 'planning') });
    answer(h, taskOf(h, 'fire'), 'approve', 'f');
    answer(h, taskOf(h, 'environment'), 'approve', 'e');
    expect(h.taskIds()).toEqual(['lead']);
  });
});

describe('Feature: 加签 of a person on an ordinary task', () => {
  it('Scenario: before — the task is held until the added person answers, then the assignee decides', async () => {
    const { h, taskId } = await ordinary();
    h.trigger({ type: 'addSigner', taskId, mode: 'before', assignee: 'bob', department: 'D2' });
    const signer = h.effectsOf('task.created').at(-1)!;
    expect([signer.assignee, signer.candidateDepartments, signer.sign]).toEqual([
      'bob',
      ['D2'],
      { of: taskId, mode: 'before' },
    ]);
    expect(codeOf(() => answer(h, taskId, 'approve', 'alice'))).toBe(EngineErrorCode.TASK_HELD);
    answer(h, signer.taskId, 'reject', 'bob');
    expect(h.effectsOf('task.signersChanged').at(-1)!.signers.heldBy).toEqual([]);
    expect(h.taskIds()).toEqual(['review']);
    answer(h, taskId, 'approve', 'alice');
    expect(h.taskIds()).toEqual(['next']);
    expect(h.state.variables.outcome).toBe('approve');
  });

  it('Scenario: after — the added person reviews once the assignee has, and their rejection is the outcome', async () => {
    const { h, taskId } = await ordinary();
    h.trigger({ type: 'addSigner', taskId, mode: 'after', assignee: 'carol' });
    expect(h.userTasks()).toHaveLength(1);
    answer(h, taskId, 'approve', 'alice');
    const signer = h.effectsOf('task.created').at(-1)!;
    expect([signer.assignee, signer.sign?.mode, h.taskIds()]).toEqual(['carol', 'after', ['review']]);
    answer(h, signer.taskId, 'reject', 'carol');
    expect(h.taskIds()).toEqual(['next']);
    expect(h.state.variables.outcome).toBe('reject');
  });

  it('Scenario: parallel — both must answer; either order', async () => {
    const { h, taskId } = await ordinary();
    h.trigger({ type: 'addSigner', taskId, mode: 'parallel', assignee: 'dave' });
    const signer = h.effectsOf('task.created').at(-1)!;
    expect(h.userTasks()).toHaveLength(2);
    answer(h, signer.taskId, 'approve', 'dave');
    expect(h.taskIds()).toEqual(['review']);
    answer(h, taskId, 'approve', 'alice');
    expect(h.taskIds()).toEqual(['next']);
    expect(h.state.variables.outcome).toBe('approve');
  });

  it('Scenario: 减签 — an open signer is cancelled (releasing a held task) and a queued one dropped', async () => {
    const { h, taskId } = await ordinary();
    h.trigger({ type: 'addSigner', taskId, mode: 'before', assignee: 'bob' });
    h.trigger({ type: 'addSigner', taskId, mode: 'after', assignee: 'carol' });
    const bob = h.effectsOf('task.created').at(-1)!.taskId;
    expect(h.trigger({ type: 'removeSigner', taskId, signerTaskId: bob })).toContainEqual({
      type: 'task.cancelled',
      taskId: bob,
      elementId: 'review',
    });
    h.trigger({ type: 'removeSigner', taskId, assignee: 'carol' });
    expect(codeOf(() => h.trigger({ type: 'removeSigner', taskId, assignee: 'carol' }))).toBe(
      EngineErrorCode.SIGNER_NOT_FOUND,
    );
    answer(h, taskId, 'approve', 'alice');
    expect(h.taskIds()).toEqual(['next']);
  });

  it('Scenario: person-level 加签 is refused on a joint instance and on a signer task', async () => {
    const h = await joint();
    expect(
      codeOf(() => h.trigger({ type: 'addSigner', taskId: taskOf(h, 'fire'), mode: 'parallel', assignee: 'x' })),
    ).toBe(EngineErrorCode.SIGN_NOT_ALLOWED);
    const { h: o, taskId } = await ordinary();
    o.trigger({ type: 'addSigner', taskId, mode: 'parallel', assignee: 'dave' });
    const signer = o.effectsOf('task.created').at(-1)!.taskId;
    expect(codeOf(() => o.trigger({ type: 'addSigner', taskId: signer, mode: 'before', assignee: 'x' }))).toBe(
      EngineErrorCode.SIGN_NOT_ALLOWED,
    );
  });
});

describe('Feature: 拿回 of an answer in a sequential joint step', () => {
  const ORDER = ['planning', 'fire', 'environment'];
  const open = (h: Harness) =>
    h.effectsOf('task.created').filter((t) => h.state.tasks.some((x) => x.taskId === t.taskId));

  it('Scenario: the latest answer reopens before the next department, which is cancelled and queued again', async () => {
    const h = await joint('sequential-completion-condition', ORDER);
    const planning = taskOf(h, 'planning');
    answer(h, planning, 'approve', 'p');
    const fire = taskOf(h, 'fire');
    h.trigger({ type: 'reopenJointInstance', taskId: planning, assignee: 'p' });
    expect(h.effectsOf('task.cancelled').map((e) => e.taskId)).toContain(fire);
    expect(open(h).map((t) => t.multiInstance?.element)).toEqual(['planning']);
    const body = h.state.scopes.find((s) => s.kind === 'multiInstanceBody')!;
    expect([body.mi?.completed, body.mi?.approved, body.variables.nrOfInstances]).toEqual([0, 0, 3]);
    answer(h, taskOf(h, 'planning'), 'approve', 'p');
    expect(open(h).map((t) => t.multiInstance?.element)).toEqual(['fire']);
    answer(h, taskOf(h, 'fire'), 'approve', 'f');
    // Two approvals meet the completion condition: environment never opens, the lead decides.
    expect(h.taskIds()).toEqual(['lead']);
    expect((h.state.variables.jointOpinions as { department: string }[]).map((o) => o.department)).toEqual([
      'planning',
      'fire',
    ]);
  });

  it('Scenario: an answer followed by a later one cannot be taken back', async () => {
    const h = await joint('sequential-completion-condition', ORDER);
    const planning = taskOf(h, 'planning');
    answer(h, planning, 'approve', 'p');
    answer(h, taskOf(h, 'fire'), 'reject', 'f');
    expect(codeOf(() => h.trigger({ type: 'reopenJointInstance', taskId: planning, assignee: 'p' }))).toBe(
      EngineErrorCode.NOT_REOPENABLE,
    );
    expect(open(h).map((t) => t.multiInstance?.element)).toEqual(['environment']);
  });
});
