/**
 * Reproductions of Camunda 7 engine tests for escalation, signal and conditional events
 * (camunda/camunda-bpm-platform @ 3dd653fe, engine/src/test/java/org/camunda/bpm/engine/test/bpmn/event/**)
 * on their own BPMN files, loaded from the shared corpora outside this repository. Each scenario names the
 * upstream JUnit test whose assertions it reproduces. Camunda's `runtimeService.setVariable` is the
 * `setVariables` trigger; `signalEventReceived` is a broadcast (Harness.broadcast does what the service does).
 * When the corpora folder is absent, one test says so and nothing else runs.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../../src/engine/index.js';
import { CORPORA, Harness } from './support/harness.js';

const EVENTS = path.join(CORPORA, 'camunda-bpm-platform/engine-tests/bpmn/event');
const available = existsSync(EVENTS);
const xml = (f: string): string => readFileSync(path.join(EVENTS, f), 'utf8');
const camunda = (...files: string[]): Promise<Harness> => Harness.fromXml(...files.map(xml));

type Case = [name: string, run: () => Promise<void>];
const cases: Case[] = [];
const scenario = (name: string, run: () => Promise<void>): void => {
  cases.push([name, run]);
};

// ---- escalation/EscalationEventTest ----------------------------------------------------------------
const ESC = 'escalation/EscalationEventTest';
scenario('EscalationEventTest.testThrowEscalationEventFromEmbeddedSubprocess (boundary with code)', async () => {
  const h = (await camunda(`${ESC}.testBoundaryEventWithEscalationCode.bpmn20.xml`)).start();
  // the non-interrupting boundary for code 1 caught it, the one for code 2 did not
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation1', 'taskInSubprocess']);
});
scenario('EscalationEventTest.testBoundaryEventWithoutEscalationCode / WithoutEscalationRef', async () => {
  for (const f of ['testBoundaryEventWithoutEscalationCode', 'testBoundaryEventWithoutEscalationRef']) {
    const h = (await camunda(`${ESC}.${f}.bpmn20.xml`)).start();
    expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation', 'taskInSubprocess']);
  }
});
scenario('EscalationEventTest.testBoundaryEventWithEmptyEscalationCode', async () => {
  const h = (await camunda(`${ESC}.testBoundaryEventWithEmptyEscalationCode.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation', 'taskInSubprocess']);
});
scenario('EscalationEventTest.testInterruptingEscalationBoundaryEvent', async () => {
  const h = (await camunda(`${ESC}.testInterruptingEscalationBoundaryEvent.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation']);
});
scenario('EscalationEventTest.testEscalationEndEvent', async () => {
  const h = (await camunda(`${ESC}.testEscalationEndEvent.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation']);
  h.completeTask('taskAfterCatchedEscalation');
  expect(h.state.status).toBe('completed');
});
scenario('EscalationEventTest.testParallelEscalationEndEvent', async () => {
  const h = (await camunda(`${ESC}.testParallelEscalationEndEvent.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation', 'taskInSubprocess']);
});
scenario('EscalationEventTest.testInterruptingEscalationBoundaryEventOnMultiInstanceSubprocess', async () => {
  const h = (
    await camunda(`${ESC}.testInterruptingEscalationBoundaryEventOnMultiInstanceSubprocess.bpmn20.xml`)
  ).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation']);
});
scenario('EscalationEventTest.testNonInterruptingEscalationBoundaryEventOnMultiInstanceSubprocess', async () => {
  const h = (
    await camunda(`${ESC}.testNonInterruptingEscalationBoundaryEventOnMultiInstanceSubprocess.bpmn20.xml`)
  ).start();
  const tasks = h.taskIds();
  // every instance of the subprocess goes on, and each escalation took the boundary once
  expect(tasks.filter((t) => t === 'taskInSubprocess')).toHaveLength(5);
  expect(tasks.filter((t) => t === 'taskAfterCatchedEscalation')).toHaveLength(5);
});
scenario('EscalationEventTest.testThrowEscalationEventFromCallActivity (non-interrupting)', async () => {
  const h = (
    await camunda(
      `${ESC}.nonInterruptingEscalationBoundaryEventOnCallActivity.bpmn20.xml`,
      `${ESC}.throwEscalationEvent.bpmn20.xml`,
    )
  ).start('catchEscalationProcess');
  expect(h.taskIds()).toEqual(['task', 'taskAfterCatchedEscalation']);
});
scenario('EscalationEventTest.testInterruptingEscalationBoundaryEventOnCallActivity', async () => {
  const h = (
    await camunda(
      `${ESC}.interruptingEscalationBoundaryEventOnCallActivity.bpmn20.xml`,
      `${ESC}.throwEscalationEvent.bpmn20.xml`,
    )
  ).start('catchEscalationProcess');
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation']);
});

// ---- escalation/EscalationEventSubprocessTest ---------------------------------------------------
const ESP = 'escalation/EscalationEventSubprocessTest';
scenario('EscalationEventSubprocessTest.testCatchEscalationEventInsideSubprocess', async () => {
  const h = (await camunda(`${ESP}.testCatchEscalationEventInsideSubprocess.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation', 'taskInSubprocess']);
});
scenario('EscalationEventSubprocessTest.testPreferEscalationEventSubprocessToBoundaryEvent', async () => {
  const h = (await camunda(`${ESP}.testPreferEscalationEventSubprocessToBoundaryEvent.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalationInsideSubprocess', 'taskInSubprocess']);
});
scenario('EscalationEventSubprocessTest.testReThrowEscalationEventIsNotCatched', async () => {
  const h = (await camunda(`${ESP}.testReThrowEscalationEventIsNotCatched.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalationInsideSubprocess', 'taskInSubprocess']);
  h.completeTask('taskAfterCatchedEscalationInsideSubprocess');
  expect(h.taskIds()).toEqual(['taskInSubprocess']);
  expect(h.state.status).toBe('running');
});
scenario('EscalationEventSubprocessTest.testInterruptionEscalationEventSubprocess', async () => {
  const h = (await camunda(`${ESP}.testInterruptionEscalationEventSubprocess.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskAfterCatchedEscalation']);
});
scenario('EscalationEventParseInvalidProcessTest (duplicate catchers, throw without code)', async () => {
  for (const f of [
    'multipleEscalationBoundaryEventsWithSameEscalationCode',
    'multipleEscalationBoundaryEventsWithoutEscalationCode',
    'multipleEscalationEventSubprocessWithSameEscalationCode',
    'missingEscalationCodeOnEscalationEndEvent',
  ]) {
    const r = await compile(xml(`escalation/EscalationEventParseInvalidProcessTest.${f}.bpmn20.xml`));
    expect(r.errors?.map((e) => e.code)).toContain('BPMN.INVALID_ESCALATION');
  }
});

// ---- signal/SignalEventTest ----------------------------------------------------------------------
const SIG = 'signal/SignalEventTests';
/** Camunda's throwSignal process: started, its thrown signal is broadcast as the service does. */
function throwFrom(h: Harness, key: string): void {
  h.start(key);
  for (const e of h.root.state.status === 'completed' ? h.effectsOf('signal.thrown') : []) h.broadcast(e.signalName);
}
scenario('SignalEventTest.testSignalCatchIntermediate', async () => {
  const h = await camunda(`${SIG}.catchAlertSignal.bpmn20.xml`, `${SIG}.throwAlertSignal.bpmn20.xml`);
  h.start('catchSignal');
  const catcher = h.root;
  expect(h.subscriptions()).toHaveLength(1);
  throwFrom(h, 'throwSignal');
  expect(catcher.state.status).toBe('completed');
  expect(h.subscriptions()).toHaveLength(0);
});
scenario('SignalEventTest.testSignalCatchBoundary', async () => {
  const h = await camunda(`${SIG}.catchAlertSignalBoundary.bpmn20.xml`, `${SIG}.throwAlertSignal.bpmn20.xml`);
  h.start('catchSignal');
  const catcher = h.root;
  throwFrom(h, 'throwSignal');
  expect(catcher.state.status).toBe('completed');
});
scenario('SignalEventTest.testSignalCatchDifferentSignals', async () => {
  const h = await camunda(`${SIG}.catchMultipleSignals.bpmn20.xml`);
  h.start('catchSignal');
  expect(h.subscriptions()).toHaveLength(2);
  h.broadcast('abort');
  expect(h.subscriptions()).toHaveLength(1);
  expect(h.taskIds()).toEqual(['task', 'taskAfterAbort']);
  h.completeTask('taskAfterAbort');
  h.broadcast('alert');
  expect(h.subscriptions()).toHaveLength(0);
  expect(h.state.status).toBe('completed');
});
scenario('SignalEventTest.testSignalCatchIntermediateActsOnlyOnce / catchAlertTwiceAndTerminate', async () => {
  const h = (await camunda(`${SIG}.catchAlertTwiceAndTerminate.bpmn20.xml`)).start();
  h.broadcast('alert');
  expect(h.state.status).toBe('terminated');
});
scenario('SignalEventTest.testNonInterruptingSignal', async () => {
  const h = (await camunda('signal/SignalEventTest.testNonInterruptingSignal.bpmn20.xml')).start();
  expect(h.taskIds()).toEqual(['theUserTask']);
  h.broadcast('alert');
  expect(h.taskIds()).toEqual(['theUserTask', 'theUserTask2']);
  h.completeTask('theUserTask');
  expect(h.taskIds()).toEqual(['theUserTask2']);
});
scenario('SignalEventTest.testSignalBoundaryOnSubProcess', async () => {
  const h = (await camunda('signal/SignalEventTest.testSignalBoundaryOnSubProcess.bpmn20.xml')).start();
  expect(h.jobs()).toHaveLength(1);
  h.broadcast('stopSignal');
  expect(h.state.status).toBe('completed');
  expect(h.jobs()).toHaveLength(0);
});
// ---- conditional/* --------------------------------------------------------------------------------
const ICE = 'conditional/IntermediateConditionalEventTest';
scenario('IntermediateConditionalEventTest.testTrueCondition', async () => {
  const h = (await camunda(`${ICE}.testTrueCondition.bpmn20.xml`)).start();
  h.completeTask('Task_1jt1cm7');
  expect(h.taskIds()).toEqual(['Task_0nt9cn4']);
});
scenario('IntermediateConditionalEventTest.testFalseCondition', async () => {
  const h = (await camunda(`${ICE}.testFalseCondition.bpmn20.xml`)).start();
  h.completeTask('Task_1jt1cm7');
  expect(h.taskIds()).toEqual([]);
  expect(h.active()).toEqual(['conditionalEvent']);
});
scenario('IntermediateConditionalEventTest.testVariableValue', async () => {
  const h = (await camunda(`${ICE}.testVariableValue.bpmn20.xml`)).start();
  expect(h.active()).toEqual(['conditionalEvent']);
  h.trigger({ type: 'setVariables', variables: { variable: 1 } });
  expect(h.state.status).toBe('completed');
});
scenario('IntermediateConditionalEventTest.testParallelVariableValue', async () => {
  const h = (await camunda(`${ICE}.testParallelVariableValue.bpmn20.xml`)).start();
  expect(h.active()).toEqual(['conditionalEvent1', 'conditionalEvent2']);
  h.trigger({ type: 'setVariables', variables: { variable: 1 } });
  expect(h.active()).toEqual(['conditionalEvent2']);
  h.trigger({ type: 'setVariables', variables: { variable: 2 } });
  expect(h.state.status).toBe('completed');
});
const BCE = 'conditional/BoundaryConditionalEventTest';
scenario('BoundaryConditionalEventTest.testTrueCondition', async () => {
  const h = (await camunda(`${BCE}.testTrueCondition.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['Task_0edqijt']);
});
scenario('BoundaryConditionalEventTest.testNonInterruptingVariableCondition', async () => {
  const h = (await camunda(`${BCE}.testNonInterruptingVariableCondition.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['taskWithCondition']);
  h.trigger({ type: 'setVariables', variables: { variable: 1 } });
  expect(h.taskIds()).toEqual(['taskAfterCondition', 'taskWithCondition']);
});
const ESC_START = 'conditional/EventSubProcessStartConditionalEventTest';
scenario('EventSubProcessStartConditionalEventTest.testTrueCondition', async () => {
  const h = (await camunda(`${ESC_START}.testTrueCondition.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['Task_1k0ye5k']);
});
scenario('EventSubProcessStartConditionalEventTest.testNonInterruptingVariableCondition', async () => {
  const h = (await camunda(`${ESC_START}.testNonInterruptingVariableCondition.bpmn20.xml`)).start();
  expect(h.taskIds()).toEqual(['Task_0grf7zs']);
  h.trigger({ type: 'setVariables', variables: { variable: 1 } });
  expect(h.taskIds()).toEqual(['Task_0grf7zs', 'Task_1k0ye5k']);
});
scenario('EventSubProcessStartConditionalEventTest.testFalseCondition', async () => {
  const h = (await camunda(`${ESC_START}.testFalseCondition.bpmn20.xml`)).start();
  h.trigger({ type: 'setVariables', variables: { variable: 1 } });
  expect(h.taskIds()).toHaveLength(1);
  expect(h.state.status).toBe('running');
});

describe('Camunda 7 engine-test reproductions: escalation, signal and conditional events', () => {
  if (!available) {
    it('needs ../shared/corpora (absent: nothing to reproduce)', () => {
      console.warn(`corpora not found at ${EVENTS}: Camunda reproductions not run`);
      expect(available).toBe(false);
    });
    return;
  }
  it('covers at least 15 upstream tests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });
  it.each(cases)('%s', async (_name, run) => {
    await run();
  });
});
