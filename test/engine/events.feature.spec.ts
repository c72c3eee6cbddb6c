import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '../../src/engine/index.js';
import { Harness } from './support/harness.js';

describe('Feature: boundary events', () => {
  it('Scenario: an interrupting timer cancels the task and takes the escalation path', async () => {
    const h = (await Harness.fromFixtures('boundary-event/timer-interrupting')).start();
    const created = h.effectsOf('task.created')[0]!;
    expect(h.jobs().map((j) => j.dueAt)).toEqual(['2025-03-03T05:00:00.000Z']);
    const effects = h.fireTimer('timer');
    expect(effects).toContainEqual({ type: 'task.cancelled', taskId: created.taskId, elementId: 'review' });
    expect(h.taskIds()).toEqual(['escalate']);
  });

  it('Scenario: completing the task first cancels the boundary timer (no lingering jobs)', async () => {
    const h = (await Harness.fromFixtures('boundary-event/timer-interrupting')).start();
    const jobId = h.jobs()[0]!.jobId;
    const effects = h.completeTask('review');
    expect(effects).toContainEqual({ type: 'job.cancelled', jobId, elementId: 'timer' });
    expect(h.state.status).toBe('completed');
    expect(h.state.jobs).toEqual([]);
  });

  it('Scenario: a non-interrupting timer adds a reminder path and a parallel join after it waits for both', async () => {
    const h = (await Harness.fromFixtures('boundary-event/timer-non-interrupting-join')).start();
    h.fireTimer('timer');
    expect(h.taskIds()).toEqual(['remind', 'review']);
    h.completeTask('remind');
    expect(h.ended).toBe(false);
    h.completeTask('review');
    expect(h.state.status).toBe('completed');
  });

  it('Scenario: an interrupting message boundary (withdrawal) closes the review', async () => {
    const h = (await Harness.fromFixtures('boundary-event/message-interrupting')).start();
    h.correlate('withdrawn', { reason: 'applicant' });
    expect(h.taskIds()).toEqual(['closeCase']);
    expect(h.state.variables.reason).toBe('applicant');
  });

  it('Scenario: an external task BPMN error is caught by a catch-all error boundary', async () => {
    const h = (await Harness.fromFixtures('service-task/external-task')).start();
    const ext = h.effectsOf('externalTask.created')[0]!;
    expect(ext).toMatchObject({ topic: 'sms', elementId: 'notify' });
    h.trigger({ type: 'throwBpmnError', taskId: ext.taskId, errorCode: 'SMS_DOWN' });
    expect(h.taskIds()).toEqual(['manual']);
  });

  it('Scenario: external task failure with no retries raises an incident, completion continues', async () => {
    const h = (await Harness.fromFixtures('service-task/external-task')).start();
    const ext = h.effectsOf('externalTask.created')[0]!;
    const fx = h.trigger({ type: 'failExternalTask', taskId: ext.taskId, retries: 0, errorMessage: 'gateway timeout' });
    expect(fx).toEqual([
      { type: 'incident.raised', elementId: 'notify', taskId: ext.taskId, message: 'gateway timeout' },
    ]);
    h.completeExternal('notify', { sent: true });
    expect(h.state.status).toBe('completed');
    expect(h.state.variables.sent).toBe(true);
  });
});

describe('Feature: subprocesses', () => {
  it('Scenario: an error end event in a subprocess is caught by the boundary on the subprocess', async () => {
    const h = (await Harness.fromFixtures('sub-process/error-end-caught-by-boundary')).start();
    h.completeTask('check', { outcome: 'fail' });
    expect(h.taskIds()).toEqual(['handleError']);
    expect(h.state.scopes).toHaveLength(1);
  });

  it('Scenario: the normal end of the subprocess continues after it', async () => {
    const h = (await Harness.fromFixtures('sub-process/error-end-caught-by-boundary')).start();
    h.completeTask('check', { outcome: 'ok' });
    expect(h.taskIds()).toEqual(['afterSub']);
  });

  it('Scenario: terminate inside a subprocess ends only the subprocess', async () => {
    const h = (await Harness.fromFixtures('sub-process/terminate-inside')).start();
    expect(h.taskIds()).toEqual(['a', 'b', 'parallelOutside']);
    const fx = h.completeTask('a');
    expect(fx.filter((e) => e.type === 'task.cancelled').map((e) => (e as { elementId: string }).elementId)).toEqual([
      'b',
    ]);
    expect(h.taskIds()).toEqual(['parallelOutside']);
    h.completeTask('parallelOutside');
    expect(h.taskIds()).toEqual(['after']);
  });
});

describe('Feature: event subprocesses', () => {
  it('Scenario: a non-interrupting message event subprocess runs beside the main flow, more than once', async () => {
    const h = (await Harness.fromFixtures('event-sub-process/non-interrupting-message')).start();
    h.correlate('query');
    h.correlate('query');
    expect(h.taskIds()).toEqual(['answerQuery', 'answerQuery', 'work']);
    h.completeTask('answerQuery');
    h.completeTask('work');
    expect(h.ended).toBe(false);
    h.completeTask('answerQuery');
    expect(h.state.status).toBe('completed');
    expect(h.effectsOf('subscription.closed')).toHaveLength(1);
  });

  it('Scenario: an interrupting timer event subprocess cancels the main flow', async () => {
    const h = (await Harness.fromFixtures('event-sub-process/interrupting-timer')).start();
    h.fireTimer('espStart');
    expect(h.taskIds()).toEqual(['overdue']);
    h.completeTask('overdue');
    expect(h.state.status).toBe('completed');
  });
});

describe('Feature: message and timer waits', () => {
  it('Scenario: a receive task subscribes with a correlation key and continues on the message', async () => {
    const h = (await Harness.fromFixtures('receive-task/wait-for-message')).start(undefined, {
      variables: { caseNo: 'C-1' },
    });
    expect(h.effectsOf('subscription.opened')[0]).toMatchObject({ messageName: 'payment', correlationKey: 'C-1' });
    h.correlate('payment', { paid: true });
    expect(h.state.status).toBe('completed');
  });

  it('Scenario: a timer cycle R3/PT10M fires three times, rescheduling after each', async () => {
    const h = (await Harness.fromFixtures('intermediate-event/timer-cycle')).start();
    const due: string[] = [];
    for (let i = 0; i < 3; i++) {
      due.push(h.jobs()[0]!.dueAt);
      h.fireTimer('urge');
    }
    expect(due).toEqual(['2025-03-03T01:10:00.000Z', '2025-03-03T01:20:00.000Z', '2025-03-03T01:30:00.000Z']);
    expect(h.jobs()).toEqual([]);
    expect(h.taskIds()).toEqual(['work']);
  });

  it('Scenario: a working-day timer counts working days through the calendar', async () => {
    const h = await Harness.fromFixtures('intermediate-event/working-day-timer');
    h.clock.calendar = new WorkingCalendar({ holidays: [], makeupWorkdays: [], timeZoneOffsetMinutes: 480 });
    h.clock.now = '2025-03-07T02:00:00.000Z'; // Friday 10:00 Beijing
    h.start();
    expect(h.jobs()[0]!.dueAt).toBe('2025-03-12T15:59:59.999Z'); // end of Wed 12 March, Beijing
  });

  it('Scenario: a working-day timer without a calendar is refused (ENGINE.CALENDAR_MISSING)', async () => {
    const h = await Harness.fromFixtures('intermediate-event/working-day-timer');
    expect(() => h.start()).toThrow(expect.objectContaining({ code: 'ENGINE.CALENDAR_MISSING' }));
  });

  it('Scenario: message and timer start events', async () => {
    const h = await Harness.fromFixtures('start-event/message-and-timer');
    h.start(undefined, { startEventId: 'byMessage', variables: { applicant: 'x' } });
    expect(h.taskIds()).toEqual(['t']);
    expect(() => h.start(undefined, { startEventId: 'nope' })).toThrow(
      expect.objectContaining({ code: 'ENGINE.INVALID_START' }),
    );
  });
});
