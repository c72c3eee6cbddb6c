import { describe, expect, it } from '@jest/globals';
import { compile, type CompileError } from '../../src/engine/index.js';
import { bpmn, fixtureXml, flow } from './support/harness.js';

async function errorsOf(xml: string): Promise<CompileError[]> {
  const r = await compile(xml);
  return r.errors ?? [];
}

function codes(errors: CompileError[]): string[] {
  return [...new Set(errors.map((e) => e.code))].sort();
}

describe('Feature: compile() turns BPMN XML into immutable process models or coded errors', () => {
  it('Given a valid process, Then one model with nodes, flows and start events is returned', async () => {
    const r = await compile(fixtureXml('start-event/message-and-timer'));
    expect(r.errors).toBeUndefined();
    const m = r.model!;
    expect(m.key).toBe('starts');
    expect(m.isExecutable).toBe(true);
    expect(m.nodes.get('t')).toMatchObject({ id: 't', type: 'userTask' });
    expect(m.startEvents.map((s) => [s.id, s.kind])).toEqual([
      ['none', 'none'],
      ['byMessage', 'message'],
      ['byTimer', 'timer'],
    ]);
    expect(m.messageStartEvents[0]?.messageName).toBe('apply');
    expect(m.timerStartEvents[0]?.timer).toMatchObject({ kind: 'cycle', literal: 'R/P1D' });
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.nodes.get('t'))).toBe(true);
  });

  it('Given two executable processes, Then one model per process (model = first)', async () => {
    const r = await compile(fixtureXml('call-activity/in-out-variables'));
    expect(r.models?.map((m) => m.key)).toEqual(['parent', 'child']);
    expect(r.model?.key).toBe('parent');
  });

  it('resolves extension prefixes by namespace URI, not by the literal prefix', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="t" x:outcomes="yes,no" x:step="approve"/><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      'p',
      'xmlns:x="urn:tongban:bpmn"',
    );
    const r = await compile(xml);
    expect(r.model?.nodes.get('t')?.userTask?.outcomes).toEqual(['yes', 'no']);
    expect(r.model?.nodes.get('t')?.step).toBe('approve');
    const wrong = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="t" y:outcomes="yes,no"/><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      'p',
      'xmlns:y="urn:somebody-else"',
    );
    expect((await compile(wrong)).model?.nodes.get('t')?.userTask?.outcomes).toEqual([]);
  });

  it('reads tb:protectedVariables on the process as a list of names (empty when absent)', async () => {
    const body = `<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'e')}`;
    const marked = bpmn(body).replace(
      '<bpmn:process id="p" isExecutable="true">',
      '<bpmn:process id="p" isExecutable="true" tb:protectedVariables=" feeAmount, reviewLevel  feeAmount,,">',
    );
    expect((await compile(marked)).model?.protectedVariables).toEqual(['feeAmount', 'reviewLevel']);
    expect((await compile(bpmn(body))).model?.protectedVariables).toEqual([]);
  });

  it('reads zeebe task definition, assignment, called element and io mappings', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:serviceTask id="svc"><bpmn:extensionElements><zeebe:taskDefinition type="notify"/></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:userTask id="u"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=boss" candidateGroups="dept-a,dept-b"/></bpmn:extensionElements></bpmn:userTask>
      <bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="child" propagateAllChildVariables="false"/><zeebe:ioMapping><zeebe:input source="=x" target="y"/><zeebe:output source="=r" target="result"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 'svc')}${flow('f2', 'svc', 'u')}${flow('f3', 'u', 'c')}${flow('f4', 'c', 'e')}`);
    const m = (await compile(xml)).model!;
    expect(m.nodes.get('svc')?.topic).toBe('notify');
    expect(m.nodes.get('u')?.userTask?.candidateDepartments).toEqual({ kind: 'list', values: ['dept-a', 'dept-b'] });
    expect(m.nodes.get('u')?.userTask?.assignee.kind).toBe('expr');
    const call = m.nodes.get('c')?.call;
    expect(call).toMatchObject({ processKey: 'child', inAll: false, outAll: false });
    expect(call?.inMappings.map((x) => [x.source.feel, x.target])).toEqual([['x', 'y']]);
    expect(call?.outMappings.map((x) => [x.source.feel, x.target])).toEqual([['r', 'result']]);
  });

  it('translates simple ${...} conditions to FEEL', async () => {
    const m = (await compile(fixtureXml('exclusive-gateway/default-flow'))).model!;
    expect(m.flows.get('fLow')?.condition?.feel).toBe('((amount <= 1000) and (amount > 0))');
    expect(m.flows.get('fHigh')?.condition?.feel).toBe('amount > 1000');
  });

  describe('Hardening', () => {
    it('refuses DOCTYPE and ENTITY (XXE)', async () => {
      const xml = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><definitions/>';
      expect(codes(await errorsOf(xml))).toEqual(['BPMN.DOCTYPE_FORBIDDEN']);
    });
    it('refuses documents over 5 MB', async () => {
      const xml = bpmn(`<!--${'x'.repeat(5 * 1024 * 1024)}-->`);
      expect(codes(await errorsOf(xml))).toEqual(['BPMN.TOO_LARGE']);
    });
    it('refuses more than maxElements elements', async () => {
      const r = await compile(fixtureXml('parallel-gateway/fork-join'), { maxElements: 5 });
      expect(codes(r.errors ?? [])).toEqual(['BPMN.TOO_MANY_ELEMENTS']);
    });
    it('refuses malformed XML, non-BPMN and wrong-namespace documents', async () => {
      expect(codes(await errorsOf('this is no xml'))).toEqual(['BPMN.MALFORMED']);
      expect(codes(await errorsOf('<a><b></a>'))).toEqual(['BPMN.MALFORMED']);
      expect(codes(await errorsOf('<definitions xmlns="http://schema.omg.org/spec/BPMN/2.0"/>'))).toEqual([
        'BPMN.NOT_BPMN',
      ]);
      expect(codes(await errorsOf('<x/>'))).toEqual(['BPMN.NOT_BPMN']);
    });
    it('never throws on odd input', async () => {
      for (const input of [
        '',
        '<',
        '\u0000',
        '<?xml version="1.0"?>',
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>',
      ]) {
        const r = await compile(input);
        expect(r.errors?.length).toBeGreaterThan(0);
      }
    });
  });

  describe('Validation rules', () => {
    it('no process / no executable process', async () => {
      expect(
        codes(await errorsOf('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"/>')),
      ).toEqual(['BPMN.NO_PROCESS']);
      const notExec = bpmn('<bpmn:startEvent id="s"/>').replace('isExecutable="true"', 'isExecutable="false"');
      expect(codes(await errorsOf(notExec))).toEqual(['BPMN.NO_EXECUTABLE_PROCESS']);
    });
    it('duplicate ids', async () => {
      const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:endEvent id="s"/>${flow('f', 's', 's')}`);
      expect(codes(await errorsOf(xml))).toContain('BPMN.DUPLICATE_ID');
    });
    it('flow references to missing nodes', async () => {
      const errors = await errorsOf(fixtureXml('invalid/flow-reference'));
      expect(errors).toContainEqual(expect.objectContaining({ code: 'BPMN.INVALID_FLOW_REFERENCE', elementId: 'f0' }));
    });
    it('no start event', async () => {
      expect(codes(await errorsOf(fixtureXml('invalid/no-start-event')))).toContain('BPMN.NO_START_EVENT');
    });
    it('unsupported elements, each with id and type', async () => {
      const errors = (await errorsOf(fixtureXml('invalid/unsupported-elements'))).filter(
        (e) => e.code === 'BPMN.UNSUPPORTED_ELEMENT',
      );
      expect(errors.map((e) => [e.elementId, e.elementType])).toEqual([['cx', 'ComplexGateway']]);
    });
    it('gateway without outgoing flow', async () => {
      expect(await errorsOf(fixtureXml('invalid/gateway-without-outgoing'))).toContainEqual(
        expect.objectContaining({ code: 'BPMN.GATEWAY_WITHOUT_OUTGOING', elementId: 'gw' }),
      );
    });
    it('unreachable node', async () => {
      expect(await errorsOf(fixtureXml('invalid/unreachable-node'))).toEqual([
        expect.objectContaining({ code: 'BPMN.UNREACHABLE_NODE', elementId: 'orphan' }),
      ]);
    });
    it('ambiguous exclusive gateway', async () => {
      expect(await errorsOf(fixtureXml('invalid/ambiguous-exclusive-gateway'))).toEqual([
        expect.objectContaining({ code: 'BPMN.AMBIGUOUS_EXCLUSIVE_GATEWAY', elementId: 'gw' }),
      ]);
    });
    it('invalid FEEL and unsupported ${} expressions name the element', async () => {
      const errors = await errorsOf(fixtureXml('invalid/expressions'));
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'EXPR.INVALID', elementId: 'fBad' }),
          expect.objectContaining({ code: 'EXPR.UNSUPPORTED', elementId: 'fJuel' }),
        ]),
      );
    });
    it('invalid timer, MI without collection, call activity without key, Java service task', async () => {
      const errors = await errorsOf(fixtureXml('invalid/timer-and-mi'));
      expect(errors.map((e) => [e.code, e.elementId])).toEqual(
        expect.arrayContaining([
          ['BPMN.INVALID_TIMER', 't'],
          ['BPMN.MULTI_INSTANCE_WITHOUT_COLLECTION', 'm'],
          ['BPMN.CALL_ACTIVITY_WITHOUT_KEY', 'c'],
          ['BPMN.SERVICE_TASK_WITHOUT_TOPIC', 'java'],
        ]),
      );
    });
    it('invalid tb: attributes', async () => {
      const xml = bpmn(
        `<bpmn:startEvent id="s"/><bpmn:userTask id="t" tb:step="dance" tb:timeLimit="3 days" tb:jointPolicy="MOST"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      );
      expect(codes(await errorsOf(xml))).toEqual(['BPMN.INVALID_ATTRIBUTE', 'BPMN.INVALID_JOINT_POLICY']);
    });
    it('invalid people attributes: tb:cc naming nobody, tb:emptyAssignee and tb:skipSameAssignee values', async () => {
      const xml = bpmn(
        `<bpmn:startEvent id="s" tb:cc="user:, "/><bpmn:userTask id="t" tb:emptyAssignee="nobody" tb:skipSameAssignee="yes"/><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      );
      const errors = await errorsOf(xml);
      expect(errors.map((e) => [e.code, e.elementId])).toEqual([
        ['BPMN.INVALID_ATTRIBUTE', 's'],
        ['BPMN.INVALID_ATTRIBUTE', 's'],
        ['BPMN.INVALID_ATTRIBUTE', 't'],
        ['BPMN.INVALID_ATTRIBUTE', 't'],
      ]);
    });
  });

  it('compiles the people attributes: tb:cc (users, departments, note), tb:emptyAssignee, tb:skipSameAssignee', async () => {
    const r = await compile(
      bpmn(
        `<bpmn:startEvent id="s"/><bpmn:userTask id="t" tb:cc="user:u1, dept:D1 ,D2,user:u1" tb:ccNote=" 请知悉 " tb:emptyAssignee="autoApprove" tb:skipSameAssignee="true"/>` +
          `<bpmn:userTask id="u"/><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'u')}${flow('f3', 'u', 'e')}`,
      ),
    );
    expect(r.errors).toBeUndefined();
    const t = r.model!.nodes.get('t')!;
    expect(t.cc).toEqual({ users: ['u1'], departments: ['D1', 'D2'], note: '请知悉' });
    expect(t.userTask).toMatchObject({ emptyAssignee: 'autoApprove', skipSameAssignee: true });
    expect(r.model!.nodes.get('u')).toMatchObject({
      cc: null,
      userTask: { emptyAssignee: null, skipSameAssignee: false },
    });
  });
});
