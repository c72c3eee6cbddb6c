/** Read-only helpers over an EngineState (no model needed except for names/types). */
import type { ActiveElement } from '../contract.js';
import type { ProcessModel } from '../model/process-model.js';
import type { EngineState } from './state.js';

/** Elements where a token waits (one entry per token; MI bodies and joins waiting for partners excluded). */
export function activeElements(model: ProcessModel, state: EngineState): ActiveElement[] {
  return state.tokens
    .filter((t) => t.wait !== 'multiInstance' && t.wait !== 'join')
    .map((t) => {
      const node = model.nodes.get(t.elementId);
      return { elementId: t.elementId, name: node?.name ?? null, type: node?.type ?? 'unknown' };
    });
}

export interface OpenWaits {
  userTasks: { taskId: string; elementId: string; outcomes: string[]; dueAt: string | null }[];
  externalTasks: { taskId: string; elementId: string; topic: string; retries: number | null }[];
  jobs: { jobId: string; elementId: string; dueAt: string }[];
  subscriptions: {
    subscriptionId: string;
    elementId: string;
    messageName: string;
    correlationKey: string | null;
    /** 'message', or 'signal' (messageName is the signal's), or 'conditional'. */
    kind: 'message' | 'signal' | 'conditional';
  }[];
  calls: { callId: string; elementId: string; processKey: string }[];
}

export function openWaits(state: EngineState): OpenWaits {
  return {
    userTasks: state.tasks
      .filter((t) => t.kind === 'user')
      .map((t) => ({ taskId: t.taskId, elementId: t.elementId, outcomes: [...t.outcomes], dueAt: t.dueAt })),
    externalTasks: state.tasks
      .filter((t) => t.kind === 'external')
      .map((t) => ({ taskId: t.taskId, elementId: t.elementId, topic: t.topic ?? '', retries: t.retries })),
    jobs: state.jobs.map((j) => ({ jobId: j.jobId, elementId: j.elementId, dueAt: j.dueAt })),
    subscriptions: state.subscriptions.map((s) => ({
      subscriptionId: s.subscriptionId,
      elementId: s.elementId,
      messageName: s.messageName,
      correlationKey: s.correlationKey,
      kind: s.kind ?? 'message',
    })),
    calls: state.calls.map((c) => ({ callId: c.callId, elementId: c.elementId, processKey: c.processKey })),
  };
}

export function isEnded(state: EngineState): boolean {
  return state.status !== 'running';
}
