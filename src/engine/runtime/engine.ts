/**
 * start() and advance(): pure functions of (model, state, trigger, ctx). advance() works on a deep copy, so
 * the caller's state is untouched when an EngineError is thrown. Ids come only from ctx.newId and time only
 * from ctx.now, so the same inputs give byte-identical state and effects.
 */
import type { Effect, EngineContext, StartOptions, Trigger } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import type { ProcessModel } from '../model/process-model.js';
import { Execution } from './execution.js';
import { HOOKS } from './lifecycle.js';
import { modify } from './modify.js';
import { broadcastSignal } from './signals.js';
import { cloneState, type EngineState } from './state.js';
import { pruneCompensations } from './compensation.js';
import * as S from './signers.js';
import * as T from './triggers.js';
import { startScope } from './waits.js';

export interface AdvanceResult {
  state: EngineState;
  effects: Effect[];
}

export function start(model: ProcessModel, options: StartOptions, ctx: EngineContext): AdvanceResult {
  const startId = options.startEventId ?? model.startEvents.find((s) => s.kind === 'none')?.id;
  if (!startId || !model.startEvents.some((s) => s.id === startId)) {
    throw new EngineError(
      EngineErrorCode.INVALID_START,
      `process ${model.key} has no start event ${startId ?? '(none)'}`,
      startId,
    );
  }
  const state: EngineState = {
    schemaVersion: 1,
    processKey: model.key,
    status: 'running',
    businessKey: options.businessKey ?? null,
    variables: structuredClone(options.variables ?? {}),
    startedAt: ctx.now,
    endedAt: null,
    rootScopeId: '',
    scopes: [],
    tokens: [],
    tasks: [],
    jobs: [],
    subscriptions: [],
    calls: [],
    error: null,
  };
  const exec = new Execution(model, state, ctx, HOOKS);
  const root = exec.createScope('process', model.key, null, null);
  state.rootScopeId = root.id;
  startScope(exec, root, startId);
  exec.run();
  pruneCompensations(exec.state);
  return { state: exec.state, effects: exec.effects };
}

export function advance(model: ProcessModel, state: EngineState, trigger: Trigger, ctx: EngineContext): AdvanceResult {
  if (state.status !== 'running')
    throw new EngineError(EngineErrorCode.INSTANCE_ENDED, `the instance is ${state.status}`);
  if (state.processKey !== model.key) {
    throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `state belongs to ${state.processKey}, not ${model.key}`);
  }
  const exec = new Execution(model, cloneState(state), ctx, HOOKS);
  switch (trigger.type) {
    case 'completeTask':
      T.completeTask(exec, trigger);
      break;
    case 'completeExternalTask':
      T.completeExternalTask(exec, trigger);
      break;
    case 'failExternalTask':
      T.failExternalTask(exec, trigger);
      break;
    case 'throwBpmnError':
      T.throwError(exec, trigger);
      break;
    case 'completeCallActivity':
      T.completeCallActivity(exec, trigger);
      break;
    case 'fireTimer':
      T.fireTimer(exec, trigger);
      break;
    case 'correlateMessage':
      T.correlateMessage(exec, trigger);
      break;
    case 'broadcastSignal':
      broadcastSignal(exec, trigger);
      break;
    case 'escalateCall':
      T.escalateCall(exec, trigger);
      break;
    case 'modify':
      modify(exec, trigger);
      break;
    case 'setVariables':
      exec.setVariables(exec.state.rootScopeId, trigger.variables);
      break;
    case 'addJointInstances':
      S.addJointInstances(exec, trigger);
      break;
    case 'removeJointInstance':
      S.removeJointInstance(exec, trigger);
      break;
    case 'reopenJointInstance':
      S.reopenJointInstance(exec, trigger);
      break;
    case 'addSigner':
      S.addSigner(exec, trigger);
      break;
    case 'removeSigner':
      S.removeSigner(exec, trigger);
      break;
    case 'cancel':
      exec.endInstance('cancelled', 'cancelled', null);
      break;
  }
  exec.run();
  pruneCompensations(exec.state);
  return { state: exec.state, effects: exec.effects };
}
