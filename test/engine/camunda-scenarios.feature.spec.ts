/**
 * Reproductions of Camunda 7 engine tests (camunda/camunda-bpm-platform @ 3dd653fe,
 * engine/src/test/java/org/camunda/bpm/engine/test/bpmn/**) on their own BPMN files, loaded from the shared
 * corpora outside this repository. Each `it` names the upstream JUnit test whose assertions it reproduces.
 * When the corpora folder is absent, a notice says so and every reproduction is reported as skipped.
 */
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithCorpora } from '../support/corpora.js';
import { CORPORA, Harness } from './support/harness.js';

const ENGINE_TESTS_DIR = 'camunda-bpm-platform/engine-tests/bpmn';
const ENGINE_TESTS = path.join(CORPORA, ENGINE_TESTS_DIR);

async function camunda(...files: string[]): Promise<Harness> {
  return Harness.fromXml(...files.map((f) => readFileSync(path.join(ENGINE_TESTS, f), 'utf8')));
}

type Case = [name: string, run: () => Promise<void>];
const cases: Case[] = [];
const scenario = (name: string, run: () => Promise<void>): void => {
  cases.push([name, run]);
};

// ---- gateway/ExclusiveGatewayTest --------------------------------------------------------------
const XOR = 'gateway/ExclusiveGatewayTest';
scenario('ExclusiveGatewayTest.testDivergingExclusiveGateway', async () => {
  for (const input of [1, 2, 3]) {
    const h = (await camunda(`${XOR}.testDivergingExclusiveGateway.bpmn20.xml`)).start(undefined, {
      variables: { input },
    });
    expect(h.taskIds()).toEqual([`theTask${input}`]);
  }
});
scenario('ExclusiveGatewayTest.testDefaultSequenceFlow', async () => {
  const h = (await camunda(`${XOR}.testDefaultSequenceFlow.bpmn20.xml`)).start(undefined, { variables: { input: 2 } });
  expect(h.taskIds()).toEqual(['theTask2']);
});
scenario('ExclusiveGatewayTest.testNoSequenceFlowSelected', async () => {
  const h = await camunda(`${XOR}.testNoSequenceFlowSelected.bpmn20.xml`);
  expect(() => h.start(undefined, { variables: { input: 4 } })).toThrow(
    expect.objectContaining({ code: 'ENGINE.NO_OUTGOING_FLOW' }),
  );
});
scenario('ExclusiveGatewayTest.testMergingExclusiveGateway', async () => {
  const h = (await camunda(`${XOR}.testMergingExclusiveGateway.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['theTask', 'theTask', 'theTask']);
});
scenario('ExclusiveGatewayTest.testMultipleValidConditions', async () => {
  const h = (await camunda(`${XOR}.testMultipleValidConditions.bpmn20.xml`)).start(undefined, {
    variables: { input: 5 },
  });
  expect(h.taskIds()).toEqual(['theTask2']);
});
scenario('ExclusiveGatewayTest.testWhitespaceInExpression', async () => {
  const h = (await camunda(`${XOR}.testWhitespaceInExpression.bpmn20.xml`)).start(undefined, {
    variables: { input: 1 },
  });
  expect(h.taskIds()).toEqual(['theTask1']);
});
scenario('ExclusiveGatewayTest.testNoIdOnSequenceFlow', async () => {
  const h = (await camunda(`${XOR}.testNoIdOnSequenceFlow.bpmn20.xml`)).start(undefined, { variables: { input: 3 } });
  expect(h.taskIds()).toEqual(['theTask2']);
  const h1 = (await camunda(`${XOR}.testNoIdOnSequenceFlow.bpmn20.xml`)).start(undefined, { variables: { input: 1 } });
  expect(h1.taskIds()).toEqual(['theTask1']);
});

// ---- gateway/InclusiveGatewayTest --------------------------------------------------------------
const OR = 'gateway/InclusiveGatewayTest';
scenario('InclusiveGatewayTest.testDivergingInclusiveGateway', async () => {
  const expected: Record<number, string[]> = {
    1: ['theTask1', 'theTask2', 'theTask3'],
    2: ['theTask2', 'theTask3'],
    3: ['theTask3'],
  };
  for (const input of [1, 2, 3]) {
    const h = (await camunda(`${OR}.testDivergingInclusiveGateway.bpmn20.xml`)).start(undefined, {
      variables: { input },
    });
    expect(h.taskIds()).toEqual(expected[input]);
  }
  const h4 = await camunda(`${OR}.testDivergingInclusiveGateway.bpmn20.xml`);
  expect(() => h4.start(undefined, { variables: { input: 4 } })).toThrow(
    expect.objectContaining({ code: 'ENGINE.NO_OUTGOING_FLOW' }),
  );
});
scenario('InclusiveGatewayTest.testMergingInclusiveGateway', async () => {
  const h = (await camunda(`${OR}.testMergingInclusiveGateway.bpmn20.xml`)).start(undefined, {
    variables: { input: 2 },
  });
  expect(h.taskIds()).toEqual(['theTask']);
});
scenario('InclusiveGatewayTest.testPartialMergingInclusiveGateway', async () => {
  const h = (await camunda(`${OR}.testPartialMergingInclusiveGateway.bpmn20.xml`)).start(undefined, {
    variables: { input: 2 },
  });
  expect(h.taskIds()).toEqual(['partialTask']);
  h.completeTask('partialTask');
  expect(h.taskIds()).toEqual(['theTask']);
});
scenario('InclusiveGatewayTest.testNoSequenceFlowSelected', async () => {
  const h = await camunda(`${OR}.testNoSequenceFlowSelected.bpmn20.xml`);
  expect(() => h.start(undefined, { variables: { input: 4 } })).toThrow(
    expect.objectContaining({ code: 'ENGINE.NO_OUTGOING_FLOW' }),
  );
});
scenario('InclusiveGatewayTest.testDefaultSequenceFlow', async () => {
  const h = (await camunda(`${OR}.testDefaultSequenceFlow.bpmn20.xml`)).start(undefined, { variables: { input: 2 } });
  expect(h.taskIds()).toEqual(['theTask2']);
  const h1 = (await camunda(`${OR}.testDefaultSequenceFlow.bpmn20.xml`)).start(undefined, { variables: { input: 1 } });
  expect(h1.taskIds()).toEqual(['theTask1', 'theTask3']);
});
scenario('InclusiveGatewayTest.testSplitMergeSplit', async () => {
  const h = (await camunda(`${OR}.testSplitMergeSplit.bpmn20.xml`)).start(undefined, { variables: { input: 1 } });
  expect(h.taskIds()).toEqual(['theTask1', 'theTask2']);
  h.completeTask('theTask1');
  h.completeTask('theTask2');
  expect(h.taskIds()).toEqual(['theTask3']);
});
scenario('InclusiveGatewayTest.testJoinAfterSubprocesses', async () => {
  const h = (await camunda(`${OR}.testJoinAfterSubprocesses.bpmn20.xml`)).start(undefined, {
    variables: { a: 1, b: 1 },
  });
  expect(h.taskIds()).toEqual(['usertask1', 'usertask2']);
  h.completeTask('usertask1');
  expect(h.taskIds()).toEqual(['usertask2']);
  h.completeTask('usertask2');
  expect(h.taskIds()).toEqual(['usertask3']);
});
scenario('InclusiveGatewayTest.testJoinAfterSubprocesses (only one branch active)', async () => {
  const h = (await camunda(`${OR}.testJoinAfterSubprocesses.bpmn20.xml`)).start(undefined, {
    variables: { a: 1, b: 0 },
  });
  h.completeTask('usertask1');
  expect(h.taskIds()).toEqual(['usertask3']);
});

// ---- gateway/ParallelGatewayTest ---------------------------------------------------------------
const AND = 'gateway/ParallelGatewayTest';
scenario('ParallelGatewayTest.testForkJoin', async () => {
  const h = (await camunda(`${AND}.testForkJoin.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['receivePayment', 'shipOrder']);
  h.completeTask('receivePayment');
  h.completeTask('shipOrder');
  expect(h.taskIds()).toEqual(['archiveOrder']);
});
for (const [test, key] of [
  ['testUnstructuredConcurrencyTwoForks', 'unstructuredConcurrencyTwoForks'],
  ['testUnstructuredConcurrencyTwoJoins', 'unstructuredConcurrencyTwoJoins'],
  ['testForkFollowedByOnlyEndEvents', 'forkFollowedByEndEvents'],
  ['testNestedForksFollowedByEndEvents', 'nestedForksFollowedByEndEvents'],
  ['testSplitMergeNoWaitstates', 'forkJoinNoWaitStates'],
] as const) {
  scenario(`ParallelGatewayTest.${test}`, async () => {
    const h = (await camunda(`${AND}.${test}.bpmn20.xml`)).start(key);
    expect(h.state.status).toBe('completed');
  });
}
scenario('ParallelGatewayTest.testUnbalancedForkJoin', async () => {
  const h = (await camunda(`${AND}.testUnbalancedForkJoin.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['task1', 'task2', 'task3']);
  h.completeTask('task1');
  h.completeTask('task2');
  expect(h.taskIds()).toEqual(['task3', 'task4']);
  h.completeTask('task3');
  h.completeTask('task4');
  expect(h.state.status).toBe('completed');
});
scenario('ParallelGatewayTest.testNestedForkJoin', async () => {
  const h = (await camunda(`${AND}.testNestedForkJoin.bpmn20.xml`)).start();
  h.completeTask('Task_0');
  expect(h.taskIds()).toEqual(['Task_A', 'Task_B']);
  h.completeTask('Task_B');
  expect(h.taskIds()).toEqual(['Task_A', 'Task_B1', 'Task_B2']);
  h.completeTask('Task_B1');
  h.completeTask('Task_A');
  h.completeTask('Task_B2');
  expect(h.taskIds()).toEqual(['Task_C']);
});

// ---- multiinstance/MultiInstanceTest -----------------------------------------------------------
const MI = 'multiinstance/MultiInstanceTest';
scenario('MultiInstanceTest.testParallelUserTasksCompletionCondition', async () => {
  const h = (await camunda(`${MI}.testParallelUserTasksCompletionCondition.bpmn20.xml`)).start();
  expect(h.taskIds()).toHaveLength(5);
  h.completeTask('miTasks');
  h.completeTask('miTasks');
  expect(h.ended).toBe(false);
  h.completeTask('miTasks');
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testSequentialSubProcess', async () => {
  const h = (await camunda(`${MI}.testSequentialSubProcess.bpmn20.xml`)).start();
  for (let i = 0; i < 4; i++) {
    expect(h.taskIds()).toEqual(['subProcessTask1', 'subProcessTask2']);
    h.completeTask('subProcessTask1');
    h.completeTask('subProcessTask2');
  }
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testParallelSubProcess', async () => {
  const h = (await camunda(`${MI}.testParallelSubProcess.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['subProcessTask1', 'subProcessTask1', 'subProcessTask2', 'subProcessTask2']);
  for (const t of ['subProcessTask1', 'subProcessTask2', 'subProcessTask1', 'subProcessTask2']) h.completeTask(t);
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testSequentialSubProcessCompletionCondition', async () => {
  const h = (await camunda(`${MI}.testSequentialSubProcessCompletionCondition.bpmn20.xml`)).start();
  for (let i = 0; i < 3; i++) {
    h.completeTask('subProcessTask1');
    h.completeTask('subProcessTask2');
  }
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testParallelSubProcessCompletionCondition', async () => {
  const h = (await camunda(`${MI}.testParallelSubProcessCompletionCondition.bpmn20.xml`)).start();
  expect(h.taskIds()).toHaveLength(4);
  h.completeTask('subProcessTask1');
  h.completeTask('subProcessTask2');
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testParallelReceiveTasks', async () => {
  const h = (await camunda(`${MI}.testParallelReceiveTasks.bpmn20.xml`)).start();
  expect(h.subscriptions()).toHaveLength(3);
  for (let i = 0; i < 3; i++) h.correlate(h.subscriptions()[0]!.messageName);
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testNestedSequentialUserTasks', async () => {
  const h = (await camunda(`${MI}.testNestedSequentialUserTasks.bpmn20.xml`)).start();
  for (let i = 0; i < 3; i++) {
    expect(h.taskIds()).toEqual(['miTasks']);
    h.completeTask('miTasks');
  }
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testNestedParallelUserTasks', async () => {
  const h = (await camunda(`${MI}.testNestedParallelUserTasks.bpmn20.xml`)).start();
  expect(h.taskIds()).toHaveLength(4);
  for (let i = 0; i < 4; i++) h.completeTask('miTasks');
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testSequentialCallActivity', async () => {
  const h = (await camunda(`${MI}.testSequentialCallActivity.bpmn20.xml`, `${MI}.externalSubProcess.bpmn20.xml`)).start(
    'miSequentialCallActivity',
  );
  for (let i = 0; i < 3; i++) {
    expect(h.taskIds()).toEqual(['task1', 'task2']);
    h.completeTask('task1');
    h.completeTask('task2');
  }
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testParallelCallActivity', async () => {
  const h = (await camunda(`${MI}.testParallelCallActivity.bpmn20.xml`, `${MI}.externalSubProcess.bpmn20.xml`)).start(
    'miParallelCallActivity',
  );
  expect(h.taskIds()).toHaveLength(12);
  while (h.userTasks().length > 0) h.completeTask(h.userTasks()[0]!.elementId);
  expect(h.state.status).toBe('completed');
});
scenario('MultiInstanceTest.testParallelUserTasksWithTimer', async () => {
  const h = (await camunda(`${MI}.testParallelUserTasksWithTimer.bpmn20.xml`)).start();
  expect(h.taskIds()).toHaveLength(3);
  h.completeTask('miTasks');
  h.fireTimer('timer');
  expect(h.taskIds()).toEqual(['taskAfterTimer']);
  h.completeTask('taskAfterTimer');
  expect(h.state.status).toBe('completed');
});

// ---- subprocess/SubProcessTest -----------------------------------------------------------------
const SUB = 'subprocess/SubProcessTest';
scenario('SubProcessTest.testSimpleSubProcess', async () => {
  const h = (await camunda(`${SUB}.testSimpleSubProcess.bpmn20.xml`)).start();
  expect(h.active()).toEqual(['subProcess', 'subProcessTask']);
  h.completeTask('subProcessTask');
  expect(h.state.status).toBe('completed');
});
scenario('SubProcessTest.testSimpleAutomaticSubProcess', async () => {
  const h = (await camunda(`${SUB}.testSimpleAutomaticSubProcess.bpmn20.xml`)).start();
  expect(h.state.status).toBe('completed');
});
scenario('SubProcessTest.testSimpleSubProcessWithTimer', async () => {
  const h = (await camunda(`${SUB}.testSimpleSubProcessWithTimer.bpmn20.xml`)).start();
  expect(h.jobs()).toHaveLength(1);
  h.fireTimer('escalationTimer');
  expect(h.taskIds()).toEqual(['escalationTask']);
  expect(h.state.scopes).toHaveLength(1);
});
scenario('SubProcessTest.testTwoSubProcessInParallel', async () => {
  const h = (await camunda(`${SUB}.testTwoSubProcessInParallel.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['subProcessATask', 'subProcessBTask']);
  h.completeTask('subProcessATask');
  expect(h.taskIds()).toEqual(['subProcessBTask', 'taskAfterSubProcessA']);
  h.completeTask('subProcessBTask');
  h.completeTask('taskAfterSubProcessA');
  h.completeTask('taskAfterSubProcessB');
  expect(h.state.status).toBe('completed');
});

// ---- event/* ----------------------------------------------------------------------------------
scenario('MessageBoundaryEventTest.testSingleBoundaryMessageEvent', async () => {
  const h = (await camunda('event/message/MessageBoundaryEventTest.testSingleBoundaryMessageEvent.bpmn20.xml')).start();
  h.correlate('messageName');
  expect(h.taskIds()).toEqual(['taskAfterMessage']);
  const h2 = (
    await camunda('event/message/MessageBoundaryEventTest.testSingleBoundaryMessageEvent.bpmn20.xml')
  ).start();
  h2.completeTask('task');
  expect(h2.taskIds()).toEqual(['taskAfterTask']);
  expect(h2.subscriptions()).toEqual([]);
});
scenario('MessageBoundaryEventTest.testDoubleBoundaryMessageEvent', async () => {
  const h = (await camunda('event/message/MessageBoundaryEventTest.testDoubleBoundaryMessageEvent.bpmn20.xml')).start();
  expect(h.subscriptions().map((s) => s.messageName)).toEqual(['messageName_1', 'messageName_2']);
  h.correlate('messageName_2');
  expect(h.taskIds()).toEqual(['taskAfterMessage_2']);
  expect(h.subscriptions()).toEqual([]);
});
scenario('MessageEventSubprocessTest.testInterruptingUnderProcessDefinition', async () => {
  const h = (
    await camunda('event/message/MessageEventSubprocessTest.testInterruptingUnderProcessDefinition.bpmn20.xml')
  ).start();
  h.correlate('newMessage');
  expect(h.taskIds()).toEqual(['eventSubProcessTask']);
  h.completeTask('eventSubProcessTask');
  expect(h.state.status).toBe('completed');
});
scenario('MessageEventSubprocessTest.testNonInterruptingUnderProcessDefinition', async () => {
  const h = (
    await camunda('event/message/MessageEventSubprocessTest.testNonInterruptingUnderProcessDefinition.bpmn20.xml')
  ).start();
  h.correlate('newMessage');
  h.correlate('newMessage');
  expect(h.taskIds()).toEqual(['eventSubProcessTask', 'eventSubProcessTask', 'task']);
  h.completeTask('task');
  h.completeTask('eventSubProcessTask');
  h.completeTask('eventSubProcessTask');
  expect(h.state.status).toBe('completed');
});
scenario('TerminateEndEventTest.testProcessTerminate', async () => {
  const h = (await camunda('event/end/TerminateEndEventTest.testProcessTerminate.bpmn')).start();
  h.completeTask('preTerminateTask');
  expect(h.state.status).toBe('terminated');
  expect(h.effectsOf('task.cancelled').map((t) => t.elementId)).toEqual(['preNormalTerminateTask']);
});
scenario('TerminateEndEventTest.testTerminateInSubProcess', async () => {
  const h = (await camunda('event/end/TerminateEndEventTest.testTerminateInSubProcess.bpmn')).start();
  expect(h.taskIds()).toEqual(['preNormalEnd']);
  h.completeTask('preNormalEnd');
  expect(h.state.status).toBe('completed');
});
scenario('BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess', async () => {
  const h = (await camunda('event/error/BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess.bpmn20.xml')).start();
  h.completeTask('subprocessTask');
  expect(h.taskIds()).toEqual(['taskAfterErrorCatch']);
});
scenario('BoundaryErrorEventTest.testCatchErrorOfInnerSubprocessOnOuterSubprocess', async () => {
  const h = (
    await camunda('event/error/BoundaryErrorEventTest.testCatchErrorOfInnerSubprocessOnOuterSubprocess.bpmn20.xml')
  ).start();
  expect(h.taskIds()).toEqual(['innerTask1', 'innerTask2']);
  h.completeTask('innerTask2'); // leads to the error end event; the inner boundary catches another code
  expect(h.taskIds()).toEqual(['taskAfterErrorCatch']);
});
scenario('ErrorEventSubProcessTest.testCatchErrorInEmbeddedSubProcess', async () => {
  const h = (
    await camunda('event/error/ErrorEventSubProcessTest.testCatchErrorInEmbeddedSubProcess.bpmn20.xml')
  ).start();
  expect(h.taskIds()).toEqual(['taskAfterErrorCatch']);
  h.completeTask('taskAfterErrorCatch');
  expect(h.state.status).toBe('completed');
});
scenario('ErrorEventSubProcessTest.testEventSubprocessTakesPrecedence', async () => {
  const h = (
    await camunda('event/error/ErrorEventSubProcessTest.testEventSubprocessTakesPrecedence.bpmn20.xml')
  ).start();
  expect(h.taskIds()).toEqual(['taskAfterErrorCatch']);
});

// ---- callactivity/CallActivity -----------------------------------------------------------------
scenario('CallActivity.testCallSimpleSubProcess', async () => {
  const h = (
    await camunda(
      'callactivity/CallActivity.testCallSimpleSubProcess.bpmn20.xml',
      'callactivity/simpleSubProcess.bpmn20.xml',
    )
  ).start('callSimpleSubProcess');
  h.completeTask('taskBeforeSubProcess');
  expect(h.taskIds()).toEqual(['task']);
  expect(h.instances).toHaveLength(2);
  h.completeTask('task');
  expect(h.taskIds()).toEqual(['taskAfterSubProcess']);
  h.completeTask('taskAfterSubProcess');
  expect(h.state.status).toBe('completed');
});

describeWithCorpora('Camunda 7 engine-test reproductions', ENGINE_TESTS_DIR, () => {
  it('covers at least 40 upstream tests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
  it.each(cases)('%s', async (_name, run) => {
    await run();
  });
});
