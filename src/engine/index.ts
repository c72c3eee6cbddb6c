/** The engine's only import surface. Pure TypeScript: no framework, no I/O, no clock, no randomness. */
export * from './contract.js';
export { compile } from './model/compile.js';
export type { CompileOptions, CompileResult } from './model/compile.js';
export type {
  CallDef,
  EventKind,
  FlowNode,
  JointPolicy,
  MessageDef,
  MultiInstanceDef,
  NodeType,
  ProcessModel,
  ScopeDef,
  SequenceFlow,
  StartEventInfo,
  TimerDef,
  UserTaskDef,
  ValueSpec,
} from './model/process-model.js';
export { TIMEOUT_ACTIONS } from './model/timeout-policy.js';
export type { TimeoutAction, TimeoutPolicy, WorkingAmount } from './model/timeout-policy.js';
export { start, advance } from './runtime/engine.js';
export type { AdvanceResult } from './runtime/engine.js';
export { activeElements, isEnded, openWaits } from './runtime/queries.js';
export { APPROVE_OUTCOMES, REJECT_OUTCOMES, isRejectOutcome, outcomeKind, outcomeProblem } from './runtime/outcomes.js';
export type { OutcomeProblem } from './runtime/outcomes.js';
export { nextCycle, planStartTimer } from './runtime/timers.js';
export type { TimerPlan } from './runtime/timers.js';
export type { OpenWaits } from './runtime/queries.js';
export type {
  CallRecord,
  EngineState,
  InstanceStatus,
  JobRecord,
  MultiInstanceState,
  QueuedSigner,
  SignMode,
  ScopeInstance,
  ScopeKind,
  SubscriptionRecord,
  TaskRecord,
  Token,
  WaitKind,
} from './runtime/state.js';
export { EngineError, EngineErrorCode } from './errors/engine-error.js';
export { CompileCode } from './errors/compile-codes.js';
export { WorkingCalendar, addDuration, parseCycle, parseDateTime, parseDuration } from './calendar/index.js';
export type { IsoCycle, IsoDuration, WorkingCalendarData, WorkingHoursRange } from './calendar/index.js';
export type { Expr } from './expressions/expression.js';
