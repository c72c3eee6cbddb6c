/**
 * Reproductions of Camunda 7 engine tests on compensation, transactions, error references and link events
 * (camunda/camunda-bpm-platform @ 3dd653fe, engine/src/test/java/org/camunda/bpm/engine/test/bpmn/event/
 * compensate/CompensateEventTest, CompensationEventParseInvalidProcessTest, subprocess/transaction/
 * TransactionSubProcessTest, event/error/BoundaryErrorEventTest) on their own BPMN files from the shared
 * corpora. Each `it` names the upstream JUnit test whose assertions it reproduces; Camunda's task names
 * are mapped to element ids, `runtimeService.signal` on a receive task is its message.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../../src/engine/index.js';
import { CORPORA, Harness } from './support/harness.js';

const ENGINE_TESTS = path.join(CORPORA, 'camunda-bpm-platform/engine-tests/bpmn');
const available = existsSync(ENGINE_TESTS);
const COMP = 'event/compensate';
const TX = 'subprocess/transaction';

const xml = (file: string): string => readFileSync(path.join(ENGINE_TESTS, file), 'utf8');
const camunda = (file: string): Promise<Harness> => Harness.fromXml(xml(file));

/** Completes every open task at an element, `n` times in all. */
function completeAll(h: Harness, elementId: string, n: number): void {
  for (let i = 0; i < n; i++) h.completeTask(elementId);
}

type Case = [name: string, run: () => Promise<void>];
const cases: Case[] = [];
const scenario = (name: string, run: () => Promise<void>): void => {
  cases.push([name, run]);
};

scenario('CompensateEventTest.testCompensateSubprocessInsideSubprocess', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testCompensateSubprocessInsideSubprocess.bpmn20.xml`)).start();
  h.completeTask('bookHotel');
  h.completeTask('bookFlight');
  h.completeTask('throwCompensation');
  expect(h.taskIds()).toEqual(['undoBookFlight', 'undoBookHotel']);
  h.completeTask('undoBookHotel');
  h.completeTask('undoBookFlight');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testCompensateActivityInSubprocess', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testCompensateActivityInSubprocess.bpmn20.xml`)).start();
  h.completeTask('scopeTask');
  expect(h.taskIds()).toEqual([]);
  h.correlate('beforeCompensate');
  expect(h.taskIds()).toEqual(['undoScopeTask']);
  h.completeTask('undoScopeTask');
  h.correlate('beforeEnd');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testCompensateActivityInConcurrentSubprocess', async () => {
  const h = (
    await camunda(`${COMP}/CompensateEventTest.testCompensateActivityInConcurrentSubprocess.bpmn20.xml`)
  ).start();
  h.completeTask('scopeTask');
  h.completeTask('outerTask');
  h.correlate('beforeCompensate');
  expect(h.taskIds()).toEqual(['undoScopeTask']);
  h.completeTask('undoScopeTask');
  h.correlate('beforeEnd');
  expect(h.state.status).toBe('completed');
});

for (const test of ['testCompensateConcurrentMiActivity', 'testCompensateConcurrentMiSubprocess']) {
  scenario(`CompensateEventTest.${test}`, async () => {
    const h = (await camunda(`${COMP}/CompensateEventTest.${test}.bpmn20.xml`)).start();
    completeAll(h, 'bookHotel', 4);
    h.completeTask('parallelTask', { variables: { accept: false } });
    // should not compensate activity before multi instance activity is completed
    expect(h.taskIds()).toEqual(['bookHotel']);
    h.completeTask('bookHotel');
    if (!h.ended) h.correlate('beforeEnd');
    expect(h.state.status).toBe('completed');
  });
}

for (const test of ['testCompensateActivityRefMiActivity', 'testCompensateActivityRefMiSubprocess']) {
  scenario(`CompensateEventTest.${test}`, async () => {
    const h = (await camunda(`${COMP}/CompensateEventTest.${test}.bpmn20.xml`)).start();
    completeAll(h, 'bookHotel', 5);
    h.completeTask('task', { variables: { accept: false } });
    // execute compensation handlers for each execution of the subprocess
    expect(h.taskIds()).toEqual(Array(5).fill('undoBookHotel'));
    completeAll(h, 'undoBookHotel', 5);
    expect(h.state.status).toBe('completed');
  });
}

scenario('CompensateEventTest.testActivityInstanceTreeForMiSubprocess', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.compensationMiSubprocess.bpmn20.xml`)).start();
  completeAll(h, 'bookHotel', 5);
  h.completeTask('throwCompensation');
  expect(h.active()).toEqual(['throwingCompensation', ...Array(5).fill('undoBookHotel')]);
});

scenario('CompensateEventTest.testCompensateSubprocessWithBoundaryEvent', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testCompensateSubprocessWithBoundaryEvent.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['undoSubprocess']);
  h.completeTask('undoSubprocess');
  h.correlate('beforeEnd');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testCompensationEventSubProcessWithScope', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testCompensationEventSubProcess.bpmn20.xml`)).start();
  h.completeTask('bookFlight');
  h.completeTask('bookHotel');
  h.completeTask('validateBooking', { variables: { valid: false } });
  // first - compensate book flight; second - book hotel; third - the additional handler
  expect(h.taskIds()).toEqual(['cancelFlight']);
  h.completeTask('cancelFlight');
  expect(h.taskIds()).toEqual(['cancelHotel']);
  h.completeTask('cancelHotel');
  h.completeTask('updateCustomerRecord');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testActivityInstanceTreeForCompensationEventSubProcess', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testCompensationEventSubProcess.bpmn20.xml`)).start();
  h.completeTask('bookFlight');
  h.completeTask('bookHotel');
  h.completeTask('validateBooking', { variables: { valid: false } });
  // Camunda's tree: throwCompensation, booking-subprocess { cancelFlight, compensationSubProcess { compensateFlight } }
  expect(h.active()).toEqual(['cancelFlight', 'compensateFlight', 'compensationSubProcess', 'throwCompensation']);
});

scenario('CompensateEventTest.testCompensationEventSubProcessWithActivityRef', async () => {
  const h = (
    await camunda(`${COMP}/CompensateEventTest.testCompensationEventSubProcessWithActivityRef.bpmn20.xml`)
  ).start();
  h.completeTask('bookHotel');
  h.completeTask('bookFlight');
  h.completeTask('validateBooking', { variables: { valid: false } });
  expect(h.taskIds()).toEqual(['cancelHotel']);
  h.completeTask('cancelHotel');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testCompensationEventSubprocessWithoutBoundaryEvents', async () => {
  const h = (
    await camunda(`${COMP}/CompensateEventTest.testCompensationEventSubprocessWithoutBoundaryEvents.bpmn20.xml`)
  ).start();
  h.completeTask('bookHotel');
  h.completeTask('bookFlight');
  h.completeTask('throwCompensation');
  h.completeTask('undoBookFlight');
  h.completeTask('undoBookHotel');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testCompensationEventSubprocessReThrowCompensationEvent', async () => {
  const h = (
    await camunda(`${COMP}/CompensateEventTest.testCompensationEventSubprocessReThrowCompensationEvent.bpmn20.xml`)
  ).start();
  h.completeTask('bookHotel');
  h.completeTask('bookFlight');
  h.completeTask('throwCompensation');
  // the handler of the outer subprocess first, then it re-throws to the inner one
  expect(h.taskIds()).toEqual(['undoBookHotel']);
  h.completeTask('undoBookHotel');
  expect(h.taskIds()).toEqual(['undoBookFlight']);
  h.completeTask('undoBookFlight');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testCompensationEventSubprocessConsumeCompensationEvent', async () => {
  const h = (
    await camunda(`${COMP}/CompensateEventTest.testCompensationEventSubprocessConsumeCompensationEvent.bpmn20.xml`)
  ).start();
  h.completeTask('bookHotel');
  h.completeTask('bookFlight');
  h.completeTask('throwCompensation');
  h.completeTask('undoBookHotel');
  // the compensation handler of the inner subprocess (Cancel Flight) is not executed
  expect(h.state.status).toBe('completed');
  expect(h.effectsOf('task.created').map((t) => t.elementId)).not.toContain('undoBookFlight');
});

scenario('CompensateEventTest.testSubprocessCompensationHandler', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testSubprocessCompensationHandler.bpmn20.xml`)).start();
  h.completeTask('activity');
  expect(h.taskIds()).toEqual(['subProcessTask']);
  expect(h.active()).toEqual(['compensationHandler', 'subProcessTask', 'throwCompensate']);
  h.completeTask('subProcessTask');
  expect(h.taskIds()).toEqual(['beforeEnd']);
  h.completeTask('beforeEnd');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testSubprocessCompensationHandlerDeleteProcessInstance', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testSubprocessCompensationHandler.bpmn20.xml`)).start();
  h.completeTask('activity');
  h.trigger({ type: 'cancel' });
  expect(h.state.status).toBe('cancelled');
  expect(h.state.tokens).toEqual([]);
  expect(h.state.compensations ?? []).toEqual([]);
});

scenario('CompensateEventTest.testActivityInstanceTreeWithoutEventScope', async () => {
  const h = (await camunda(`${COMP}/CompensateEventTest.testActivityInstanceTreeWithoutEventScope.bpmn20.xml`)).start();
  h.completeTask(h.taskIds()[0]!);
  expect(h.active()).toEqual(['task']);
});

scenario('CompensateEventTest.testConcurrentExecutionsAndPendingCompensation', async () => {
  const h = (
    await camunda(`${COMP}/CompensateEventTest.testConcurrentExecutionsAndPendingCompensation.bpmn20.xml`)
  ).start();
  h.completeTask('innerTask');
  expect(h.active()).toEqual(['task1', 'task2']);
  h.completeTask('task1');
  expect(h.active()).toEqual(['task2']);
  h.completeTask('task2');
  expect(h.state.status).toBe('completed');
});

scenario('CompensateEventTest.testCompensateOrder (either order of the throw and the activity deploys)', async () => {
  for (const f of ['compensation_reference-before.bpmn', 'compensation_reference-after.bpmn']) {
    const r = await compile(xml(`${COMP}/${f}`));
    expect(r.errors).toBeUndefined();
  }
});

const INVALID: [file: string, code: string, elementId: string][] = [
  [
    'CompensationEventParseInvalidProcessTest.multipleCompensationEventSubProcesses',
    'BPMN.INVALID_COMPENSATION',
    'startInCompensationScope2',
  ],
  [
    'CompensationEventParseInvalidProcessTest.compensationEventSubProcessesAtProcessLevel',
    'BPMN.INVALID_COMPENSATION',
    'startInCompensationScope',
  ],
  [
    'CompensationEventParseInvalidProcessTest.compensationEventSubprocessAndBoundaryEvent',
    'BPMN.INVALID_COMPENSATION',
    'compensateSubProcess',
  ],
  ['CompensationEventParseInvalidProcessTest.invalidOutgoingSequenceflow', 'BPMN.INVALID_COMPENSATION', 'undoTask'],
  ['CompensationEventParseInvalidProcessTest.invalidIncomingSequenceflow', 'BPMN.INVALID_COMPENSATION', 'task'],
];
scenario('CompensationEventParseInvalidProcessTest.testParseInvalidProcessDefinition', async () => {
  for (const [file, code, elementId] of INVALID) {
    const r = await compile(xml(`${COMP}/${file}.bpmn20.xml`));
    expect(r.errors).toContainEqual(expect.objectContaining({ code, elementId }));
  }
});

scenario(
  'TransactionSubProcessTest.testCancelEndNoTransactionFails / testCancelBoundaryNoTransactionFails',
  async () => {
    for (const [file, elementId] of [
      ['testCancelEndNoTransactionFails', 'failure'],
      ['testCancelBoundaryNoTransactionFails', 'catchCancelTx'],
    ]) {
      const r = await compile(xml(`${TX}/TransactionSubProcessTest.${file}.bpmn20.xml`));
      expect(r.errors).toContainEqual(expect.objectContaining({ code: 'BPMN.INVALID_TRANSACTION', elementId }));
    }
  },
);

scenario('BoundaryErrorEventTest.testDeeplyNestedErrorThrown', async () => {
  const file = 'event/error/BoundaryErrorEventTest.testDeeplyNestedErrorThrown.bpmn20.xml';
  // input 1: error1 destroys all but one subprocess, whose end ends the instance
  const h1 = (await camunda(file)).start();
  h1.completeTask(h1.taskIds()[0]!, { variables: { input: 1 } });
  expect(h1.state.status).toBe('completed');
  // input 2: error2 passes the inner boundary for error1 and reaches the outer one
  const h2 = (await camunda(file)).start();
  const nested = h2.taskIds()[0]!;
  h2.completeTask(nested, { variables: { input: 2 } });
  const after = h2.userTasks()[0]!;
  expect(h2.root.model.nodes.get(after.elementId)?.name).toBe('task after catch');
  h2.completeTask(after.elementId);
  expect(h2.state.status).toBe('completed');
  const warnings = (await compile(xml(file))).warnings ?? [];
  expect(warnings.map((w) => [w.code, w.elementId])).toContainEqual(['BPMN.UNRESOLVED_ERROR_REF', 'subprocess1Catch']);
});

// ---- event/link/LinkEventTest ---------------------------------------------------------------------
const LINK = 'event/link/LinkEventTest';
scenario('LinkEventTest.testValidEventLink', async () => {
  const h = (await camunda(`${LINK}.testValidEventLink.bpmn20.xml`)).start();
  expect(h.active()).toEqual(['waitAfterLink1']);
  h.correlate('waitAfterLink1');
  expect(h.active()).toEqual(['waitAfterLink2']);
  h.correlate('waitAfterLink2');
  expect(h.state.status).toBe('completed');
});
scenario('LinkEventTest.testEventLinkMultipleSources', async () => {
  const h = (await camunda(`${LINK}.testEventLinkMultipleSources.bpmn20.xml`)).start();
  expect(h.active()).toEqual(['WaitAfterLink', 'WaitAfterLink']);
});
scenario(
  'LinkEventTest.testInvalidEventLinkMultipleTargets / testCatchLinkEventAfterEventBasedGatewayNotAllowed',
  async () => {
    const multiple = await compile(xml(`${LINK}.testInvalidEventLinkMultipleTargets.bpmn20.xml`));
    expect(multiple.errors?.map((e) => e.code)).toContain('BPMN.INVALID_LINK');
    const afterGateway = await compile(xml(`${LINK}.testCatchLinkEventAfterEventBasedGatewayNotAllowed.bpmn20.xml`));
    expect(afterGateway.errors).toBeDefined();
  },
);

describe('Feature: Camunda 7 compensation, transaction and error-reference tests reproduced', () => {
  if (!available) {
    it('skips: the shared corpora are not present', () => {
      expect(available).toBe(false);
    });
    return;
  }
  for (const [name, run] of cases) it(`Scenario: ${name}`, run);
});
