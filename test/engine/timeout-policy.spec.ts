import { describe, expect, it } from '@jest/globals';
import { compile } from '../../src/engine/index.js';
import { bpmn } from './support/harness.js';

const task = (attrs: string, tag = 'userTask') =>
  bpmn(`<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
  <bpmn:${tag} id="t" ${attrs}/><bpmn:sequenceFlow id="f1" sourceRef="t" targetRef="e"/><bpmn:endEvent id="e"/>`);

async function policyOf(attrs: string) {
  const r = await compile(task(attrs));
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.model.nodes.get('t')?.timeout;
}

async function errorsOf(attrs: string, tag?: string) {
  const r = await compile(task(attrs, tag));
  return (r.errors ?? []).map((e) => [e.code, e.elementId]);
}

describe('Feature: timeout policies in working days (tb:timeout)', () => {
  it('Scenario: each action compiles to its policy', async () => {
    expect(
      await policyOf('tb:timeout="2WD" tb:timeoutAction="remind" tb:timeoutRepeat="4WH" tb:timeoutMaxReminders="3"'),
    ).toEqual({
      after: { amount: 2, unit: 'WD' },
      action: 'remind',
      repeat: { amount: 4, unit: 'WH' },
      maxReminders: 3,
      target: null,
      outcome: null,
    });
    expect((await policyOf('tb:timeout="8WH" tb:timeoutAction="remind"'))?.maxReminders).toBe(1);
    expect((await policyOf('tb:timeout="1WD" tb:timeoutAction="escalate"'))?.action).toBe('escalate');
    expect((await policyOf('tb:timeout="1WD" tb:timeoutAction="transfer" tb:timeoutTarget="410100-ZJJ"'))?.target).toBe(
      '410100-ZJJ',
    );
    expect(
      (await policyOf('tb:timeout="3WD" tb:timeoutAction="autoApprove" tb:outcomes="agree,disagree"'))?.outcome,
    ).toBe('agree');
    expect(
      (await policyOf('tb:timeout="3WD" tb:timeoutAction="autoReject" tb:outcomes="approve,reject"'))?.outcome,
    ).toBe('reject');
    expect(await policyOf('')).toBeNull();
  });

  it('Scenario: every mistake is a coded compile error naming the element', async () => {
    const bad = [
      'tb:timeout="2D" tb:timeoutAction="remind"',
      'tb:timeout="0WD" tb:timeoutAction="remind"',
      'tb:timeout="P2D" tb:timeoutAction="remind"',
      'tb:timeout="2WD"',
      'tb:timeout="2WD" tb:timeoutAction="explode"',
      'tb:timeoutAction="remind"',
      'tb:timeout="2WD" tb:timeoutAction="transfer"',
      'tb:timeout="2WD" tb:timeoutAction="transfer" tb:timeoutTarget="bad dept"',
      'tb:timeout="2WD" tb:timeoutAction="escalate" tb:timeoutTarget="410100-ZJJ"',
      'tb:timeout="2WD" tb:timeoutAction="escalate" tb:timeoutRepeat="1WD"',
      'tb:timeout="2WD" tb:timeoutAction="remind" tb:timeoutRepeat="soon"',
      'tb:timeout="2WD" tb:timeoutAction="remind" tb:timeoutMaxReminders="0"',
      'tb:timeout="2WD" tb:timeoutAction="autoApprove" tb:outcomes="accept,refuse"',
      'tb:timeout="2WD" tb:timeoutAction="autoReject" tb:outcomes="approve"',
    ];
    for (const attrs of bad) expect([attrs, await errorsOf(attrs)]).toEqual([attrs, [['BPMN.INVALID_TIMEOUT', 't']]]);
    expect(await errorsOf('tb:timeout="2WD" tb:timeoutAction="remind"', 'manualTask')).toEqual([
      ['BPMN.INVALID_TIMEOUT', 't'],
    ]);
  });
});
