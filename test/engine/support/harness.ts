/**
 * Test harness: loads fixtures, runs instances with a fake context (fixed clock, counter ids), and runs
 * call activities' child processes from a registry of models (like Camunda's deployment of several files).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  advance,
  compile,
  openWaits,
  start,
  activeElements,
  type Calendar,
  type Effect,
  type EngineContext,
  type EngineState,
  type ProcessModel,
  type StartOptions,
  type Trigger,
  type Variables,
} from '../../../src/engine/index.js';

export const PROJECT_ROOT = process.cwd();
export const FIXTURES = path.resolve(PROJECT_ROOT, 'test/fixtures/bpmn');
export { CORPORA_DIR as CORPORA } from '../../support/corpora.js';

export function fixtureXml(name: string): string {
  return readFileSync(path.join(FIXTURES, name.endsWith('.bpmn') ? name : `${name}.bpmn`), 'utf8');
}

export async function compileOk(xml: string): Promise<ProcessModel[]> {
  const r = await compile(xml);
  if (r.errors) throw new Error(`compile failed: ${JSON.stringify(r.errors, null, 1)}`);
  return r.models;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class FakeContext {
  private counter = 0;
  now = '2025-03-03T01:00:00.000Z';
  calendar?: Calendar;

  ctx(): EngineContext {
    return { now: this.now, newId: () => `id-${++this.counter}`, calendar: this.calendar };
  }
}

export interface Instance {
  model: ProcessModel;
  state: EngineState;
  parent: { instance: Instance; callId: string } | null;
}

export class Harness {
  readonly clock = new FakeContext();
  readonly log: Effect[] = [];
  readonly instances: Instance[] = [];
  root!: Instance;

  constructor(readonly models: Map<string, ProcessModel>) {}

  static async fromXml(...xmls: string[]): Promise<Harness> {
    const models = new Map<string, ProcessModel>();
    for (const xml of xmls) for (const m of await compileOk(xml)) models.set(m.key, m);
    return new Harness(models);
  }

  static async fromFixtures(...names: string[]): Promise<Harness> {
    return Harness.fromXml(...names.map(fixtureXml));
  }

  start(key?: string, options: StartOptions = {}): this {
    const model = key ? this.models.get(key) : this.models.values().next().value;
    if (!model) throw new Error(`no model ${key ?? ''}`);
    const r = start(model, options, this.clock.ctx());
    this.root = { model, state: r.state, parent: null };
    this.instances.push(this.root);
    this.absorb(this.root, r.effects);
    return this;
  }

  get state(): EngineState {
    return this.root.state;
  }

  advance(instance: Instance, trigger: Trigger): Effect[] {
    // advance() never writes to its input (it copies on write): a frozen state proves it, a write would throw.
    deepFreeze(instance.state);
    const r = advance(instance.model, instance.state, trigger, this.clock.ctx());
    instance.state = r.state;
    this.absorb(instance, r.effects);
    return r.effects;
  }

  private absorb(instance: Instance, effects: Effect[]): void {
    this.log.push(...effects);
    for (const e of effects) {
      // As the case service does: an escalation nothing caught in a called instance goes to its call activity.
      if (e.type === 'escalation.raised' && e.caughtBy === null && instance.parent) {
        const { instance: p, callId } = instance.parent;
        if (p.state.status === 'running' && p.state.calls.some((c) => c.callId === callId))
          this.advance(p, { type: 'escalateCall', callId, escalationCode: e.escalationCode });
      }
      if (e.type === 'callActivity.cancelled') {
        const child = this.instances.find((i) => i.parent?.callId === e.callId && i.state.status === 'running');
        if (child) {
          child.parent = null;
          this.advance(child, { type: 'cancel' });
        }
      }
      if (e.type === 'callActivity.started') {
        const model = this.models.get(e.processKey);
        if (!model) continue;
        const r = start(model, { variables: e.variables, businessKey: e.businessKey }, this.clock.ctx());
        const child: Instance = { model, state: r.state, parent: { instance, callId: e.callId } };
        this.instances.push(child);
        this.absorb(child, r.effects);
      }
    }
    if (instance.state.status === 'completed' && instance.parent) {
      const { instance: p, callId } = instance.parent;
      instance.parent = null;
      if (p.state.status === 'running' && p.state.calls.some((c) => c.callId === callId)) {
        this.advance(p, { type: 'completeCallActivity', callId, variables: instance.state.variables });
      }
    }
  }

  private running(): Instance[] {
    return this.instances.filter((i) => i.state.status === 'running');
  }

  /** Open user tasks of all running instances: [elementId, taskId, instance]. */
  userTasks(): { elementId: string; taskId: string; instance: Instance }[] {
    return this.running().flatMap((i) =>
      openWaits(i.state).userTasks.map((t) => ({ elementId: t.elementId, taskId: t.taskId, instance: i })),
    );
  }

  taskIds(): string[] {
    return this.userTasks()
      .map((t) => t.elementId)
      .sort();
  }

  active(): string[] {
    return activeElements(this.root.model, this.root.state)
      .map((a) => a.elementId)
      .sort();
  }

  completeTask(
    elementId: string,
    extra: Omit<Extract<Trigger, { type: 'completeTask' }>, 'type' | 'taskId'> = {},
  ): Effect[] {
    const t = this.userTasks().find((x) => x.elementId === elementId);
    if (!t) throw new Error(`no open task at ${elementId}; open: ${this.taskIds().join(', ')}`);
    return this.advance(t.instance, { type: 'completeTask', taskId: t.taskId, ...extra });
  }

  completeExternal(elementId: string, variables?: Variables): Effect[] {
    const i = this.running().find((x) => openWaits(x.state).externalTasks.some((t) => t.elementId === elementId));
    const t = i ? openWaits(i.state).externalTasks.find((x) => x.elementId === elementId) : undefined;
    if (!i || !t) throw new Error(`no external task at ${elementId}`);
    return this.advance(i, { type: 'completeExternalTask', taskId: t.taskId, variables });
  }

  jobs(): { jobId: string; elementId: string; dueAt: string; instance: Instance }[] {
    return this.running().flatMap((i) => openWaits(i.state).jobs.map((j) => ({ ...j, instance: i })));
  }

  fireTimer(elementId: string): Effect[] {
    const j = this.jobs().find((x) => x.elementId === elementId);
    if (!j) throw new Error(`no job at ${elementId}`);
    this.clock.now = j.dueAt;
    return this.advance(j.instance, { type: 'fireTimer', jobId: j.jobId });
  }

  subscriptions(): { subscriptionId: string; elementId: string; messageName: string; instance: Instance }[] {
    return this.running().flatMap((i) => openWaits(i.state).subscriptions.map((s) => ({ ...s, instance: i })));
  }

  correlate(messageName: string, variables?: Variables): Effect[] {
    const s = this.subscriptions().find((x) => x.messageName === messageName);
    if (!s) throw new Error(`no subscription for ${messageName}`);
    return this.advance(s.instance, { type: 'correlateMessage', subscriptionId: s.subscriptionId, variables });
  }

  /**
   * A signal broadcast as the service makes it: every running instance with an open subscription to it
   * gets one delivery with the subscriptions open now; signals thrown by the deliveries are broadcast after.
   */
  broadcast(name: string, variables?: Variables): Effect[] {
    const out: Effect[] = [];
    const pending = [{ name, variables }];
    for (let s = pending.shift(); s; s = pending.shift()) {
      const targets = this.running().map((i) => ({
        i,
        ids: openWaits(i.state)
          .subscriptions.filter((x) => x.kind === 'signal' && x.messageName === s.name)
          .map((x) => x.subscriptionId),
      }));
      for (const { i, ids } of targets.filter((t) => t.ids.length > 0)) {
        const fx = this.advance(i, {
          type: 'broadcastSignal',
          name: s.name,
          variables: s.variables,
          subscriptionIds: ids,
        });
        out.push(...fx);
        for (const e of fx) if (e.type === 'signal.thrown') pending.push({ name: e.signalName, variables: undefined });
      }
    }
    return out;
  }

  trigger(trigger: Trigger): Effect[] {
    return this.advance(this.root, trigger);
  }

  get ended(): boolean {
    return this.root.state.status !== 'running';
  }

  effectsOf<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.log.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }
}

/** Minimal BPMN document around process content. */
export function bpmn(body: string, id = 'p', extraNs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tb="urn:tongban:bpmn" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ${extraNs} id="defs" targetNamespace="urn:test">
<bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

/** Sequence flow shorthand. */
export function flow(id: string, from: string, to: string, condition?: string): string {
  if (!condition) return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression>${condition
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}
