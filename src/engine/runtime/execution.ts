/**
 * The working copy of one advance()/start() call: a cloned EngineState, the effects recorded so far and
 * the agenda of tokens to execute. Owns the shared lifecycle (enter → behaviour → leave → take flows),
 * variables, token bookkeeping and scope completion; behaviours stay small (style-anchors §3.2).
 */
import { DEFAULT_ENGINE_LIMITS, type Effect, type EngineContext, type Variables } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import type { Expr } from '../expressions/expression.js';
import {
  evaluateFeel,
  type FeelVariables,
  FeelBudgetError,
  feelBudget,
  FeelEvaluationError,
  type FeelBudget,
} from '../expressions/feel.js';
import type { FlowNode, ProcessModel, SequenceFlow } from '../model/process-model.js';
import type { EngineState, ScopeInstance, ScopeKind, Token } from './state.js';

export interface Hooks {
  enter(exec: Execution, token: Token, node: FlowNode): void;
  scopeCompleted(exec: Execution, scope: ScopeInstance): void;
  /** An element is left normally (an activity completed): compensation records it when it can be undone. */
  left?(exec: Execution, token: Token, node: FlowNode): void;
  afterAgenda(exec: Execution): boolean;
  /** A signal thrown in this instance reaches its own open subscriptions of that name (runtime/signals). */
  signal(exec: Execution, name: string, variables: Variables | undefined): void;
}

export class Execution {
  readonly effects: Effect[] = [];
  private readonly agenda: string[] = [];
  private readonly maxSteps: number;
  private steps = 0;
  private readonly feel: FeelBudget;
  /** Scopes this call created or copied, which it may therefore change in place. */
  private readonly owned = new WeakSet<ScopeInstance>();
  /** Variables set since conditional events were last evaluated (runtime/conditions.ts). */
  readonly changedVariables = new Set<string>();
  /** Conditional waits opened since conditions were last evaluated: evaluated once on entry. */
  readonly freshConditions = new Set<string>();

  constructor(
    readonly model: ProcessModel,
    readonly state: EngineState,
    readonly ctx: EngineContext,
    private readonly hooks: Hooks,
  ) {
    const limits = { ...DEFAULT_ENGINE_LIMITS, ...ctx.limits };
    this.maxSteps = limits.maxSteps;
    this.feel = feelBudget(limits.maxFeelIterations, limits.maxFeelIterationsPerCommand);
  }

  /**
   * Counts element entries against the command's budget (`n` ahead of time for a fan-out such as a
   * multi-instance body, so that a huge cardinality is refused before its instances are built).
   */
  spendSteps(n: number, elementId: string): void {
    this.steps += n;
    if (this.steps > this.maxSteps) {
      throw new EngineError(
        EngineErrorCode.STEP_BUDGET_EXCEEDED,
        `the command would enter more than ${this.maxSteps.toLocaleString('en-US')} elements without reaching a wait state (last: ${elementId}); is there a loop without a wait state?`,
        elementId,
      );
    }
  }

  get now(): string {
    return this.ctx.now;
  }

  newId(): string {
    return this.ctx.newId();
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  /** A signal thrown here fires this instance's own open subscriptions of that name, now. */
  signalHere(name: string, variables: Variables | undefined): void {
    this.hooks.signal(this, name, variables);
  }

  node(id: string): FlowNode {
    const n = this.model.nodes.get(id);
    if (!n)
      throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `element ${id} is not in process ${this.model.key}`, id);
    return n;
  }

  flow(id: string): SequenceFlow {
    const f = this.model.flows.get(id);
    if (!f)
      throw new EngineError(
        EngineErrorCode.UNSUPPORTED_STATE,
        `sequence flow ${id} is not in process ${this.model.key}`,
        id,
      );
    return f;
  }

  token(id: string | null): Token | undefined {
    return id === null ? undefined : this.state.tokens.find((t) => t.id === id);
  }

  scope(id: string | null): ScopeInstance | undefined {
    return id === null ? undefined : this.state.scopes.find((s) => s.id === id);
  }

  /** The scope, copied into this call's state on first write (the caller's state shares the original). */
  writableScope(scope: ScopeInstance): ScopeInstance {
    if (this.owned.has(scope)) return scope;
    const copy: ScopeInstance = {
      ...scope,
      variables: { ...scope.variables },
      mi: scope.mi ? { ...scope.mi, opinions: [...scope.mi.opinions] } : null,
    };
    const i = this.state.scopes.indexOf(scope);
    if (i >= 0) this.state.scopes[i] = copy;
    this.owned.add(copy);
    return copy;
  }

  /** Is this token the inner instance of a multi-instance activity (not the body token)? */
  isInnerInstance(token: Token): boolean {
    const s = this.scope(token.scopeId);
    return s?.kind === 'multiInstanceItem' && s.elementId === token.elementId;
  }

  // ---- variables -------------------------------------------------------------------------------

  private chain(scopeId: string): ScopeInstance[] {
    const out: ScopeInstance[] = [];
    for (let s = this.scope(scopeId); s; s = this.scope(s.parentScopeId)) out.push(s);
    return out;
  }

  /** One variable as the scope sees it (nearest scope first), or undefined when none defines it. */
  variable(scopeId: string, name: string): unknown {
    for (let s = this.scope(scopeId); s; s = this.scope(s.parentScopeId)) {
      if (Object.hasOwn(s.variables, name)) return s.variables[name];
    }
    return Object.hasOwn(this.state.variables, name) ? this.state.variables[name] : undefined;
  }

  variables(scopeId: string): Variables {
    const merged: Variables = { ...this.state.variables };
    for (const s of this.chain(scopeId).reverse()) Object.assign(merged, s.variables);
    return merged;
  }

  /** Writes to the nearest scope that already defines the name (local MI variables), else the instance. */
  setVariable(scopeId: string, name: string, value: unknown): void {
    this.changedVariables.add(name);
    const owner = this.chain(scopeId).find((s) => s.kind !== 'process' && name in s.variables);
    if (owner) this.writableScope(owner).variables[name] = value;
    else this.state.variables[name] = value;
  }

  /** Variables from outside (triggers, messages, children) are cloned so that later changes by the caller cannot leak in. */
  setVariables(scopeId: string, vars: Variables | undefined): void {
    for (const [k, v] of Object.entries(vars ?? {})) this.setVariable(scopeId, k, structuredClone(v));
  }

  evaluate(expr: Expr, scopeId: string, elementId: string, extra?: Variables): unknown {
    try {
      const vars: FeelVariables = {
        get: (name) => (extra && Object.hasOwn(extra, name) ? extra[name] : this.variable(scopeId, name)),
        all: () => ({ ...this.variables(scopeId), ...extra }),
      };
      return evaluateFeel(expr.feel, vars, this.feel);
    } catch (e) {
      if (e instanceof FeelBudgetError)
        throw new EngineError(e.code, `${elementId}: '${expr.source}': ${e.message}`, elementId);
      const msg = e instanceof FeelEvaluationError ? e.message : String(e);
      throw new EngineError(
        EngineErrorCode.EXPRESSION_FAILED,
        `${elementId}: '${expr.source}' failed: ${msg}`,
        elementId,
      );
    }
  }

  condition(expr: Expr, scopeId: string, elementId: string, extra?: Variables): boolean {
    return this.evaluate(expr, scopeId, elementId, extra) === true;
  }

  // ---- scopes and tokens -----------------------------------------------------------------------

  createScope(
    kind: ScopeKind,
    elementId: string,
    parentScopeId: string | null,
    parentTokenId: string | null,
    variables: Variables = {},
  ): ScopeInstance {
    const scope: ScopeInstance = {
      id: this.newId(),
      elementId,
      kind,
      parentScopeId,
      parentTokenId,
      variables,
      mi: null,
    };
    this.state.scopes.push(scope);
    this.owned.add(scope);
    return scope;
  }

  /** Places a new token at an element and schedules it for execution. */
  createToken(elementId: string, scopeId: string, arrivedVia: string | null = null): Token {
    const token: Token = { id: this.newId(), elementId, scopeId, status: 'active', wait: null, arrivedVia };
    this.state.tokens.push(token);
    this.agenda.push(token.id);
    return token;
  }

  schedule(token: Token): void {
    token.status = 'active';
    token.wait = null;
    this.agenda.push(token.id);
  }

  wait(token: Token, kind: Token['wait']): void {
    token.status = 'waiting';
    token.wait = kind;
  }

  run(): void {
    for (;;) {
      while (this.agenda.length > 0) {
        const id = this.agenda.shift() ?? '';
        const token = this.token(id);
        if (!token || token.status !== 'active' || this.state.status !== 'running') continue;
        this.enter(token);
      }
      if (this.state.status !== 'running' || !this.hooks.afterAgenda(this)) return;
    }
  }

  private enter(token: Token): void {
    const node = this.node(token.elementId);
    this.spendSteps(1, node.id);
    this.emit({ type: 'element.entered', elementId: node.id, name: node.name, elementType: node.type });
    if (node.caseStatus !== null) this.emit({ type: 'status.changed', status: node.caseStatus, elementId: node.id });
    if (node.clock !== null) this.emit({ type: 'clock', action: node.clock, elementId: node.id });
    this.hooks.enter(this, token, node);
  }

  /**
   * The token leaves its element: through the given flows, or by the activity rule (all unconditional and
   * true conditional flows; the default flow only when none is true). No outgoing flow = implicit end.
   */
  leave(token: Token, flowIds?: readonly string[]): void {
    const node = this.node(token.elementId);
    this.emit({ type: 'element.left', elementId: node.id, name: node.name, elementType: node.type });
    this.closeOwnedWaits(token);
    this.hooks.left?.(this, token, node);
    if (this.isInnerInstance(token)) return this.consume(token);
    const flows = flowIds ?? this.selectFlows(node, token, false);
    if (flows.length === 0) return this.consume(token);
    this.takeFlows(token, flows);
  }

  selectFlows(node: FlowNode, token: Token, exclusive: boolean): string[] {
    if (node.outgoing.length === 0) return [];
    const chosen: string[] = [];
    for (const id of node.outgoing) {
      if (id === node.defaultFlow) continue;
      const f = this.flow(id);
      if (!f.condition || this.condition(f.condition, token.scopeId, f.id)) {
        chosen.push(id);
        if (exclusive) break;
      }
    }
    if (chosen.length === 0 && node.defaultFlow) chosen.push(node.defaultFlow);
    if (chosen.length === 0) {
      throw new EngineError(
        EngineErrorCode.NO_OUTGOING_FLOW,
        `no outgoing sequence flow of ${node.id} can be taken`,
        node.id,
      );
    }
    return chosen;
  }

  takeFlows(token: Token, flowIds: readonly string[]): void {
    flowIds.forEach((flowId, i) => {
      const f = this.flow(flowId);
      if (f.caseStatus !== null) this.emit({ type: 'status.changed', status: f.caseStatus, elementId: f.id });
      if (f.clock !== null) this.emit({ type: 'clock', action: f.clock, elementId: f.id });
      if (i === 0) {
        token.elementId = f.targetId;
        token.arrivedVia = f.id;
        this.schedule(token);
      } else {
        const t = this.createToken(f.targetId, token.scopeId, f.id);
        if (token.jointOpinions) t.jointOpinions = token.jointOpinions;
      }
    });
  }

  /** Removes a token that finished normally and completes its scope when it was the last one. */
  consume(token: Token): void {
    this.removeToken(token);
    this.checkScopeCompletion(token.scopeId);
  }

  removeToken(token: Token): void {
    this.state.tokens = this.state.tokens.filter((t) => t.id !== token.id);
  }

  checkScopeCompletion(scopeId: string): void {
    const scope = this.scope(scopeId);
    if (!scope || this.state.status !== 'running') return;
    if (this.state.tokens.some((t) => t.scopeId === scopeId)) return;
    this.closeScopeWaits(scope);
    this.state.scopes = this.state.scopes.filter((s) => s.id !== scope.id);
    this.hooks.scopeCompleted(this, scope);
  }

  // ---- cancellation ----------------------------------------------------------------------------

  /** Cancels a token and everything it owns: task, jobs, subscriptions, call, child scopes. No completion. */
  cancelToken(token: Token): void {
    if (!this.token(token.id)) return;
    this.removeToken(token);
    this.closeOwnedWaits(token);
    for (const child of this.state.scopes.filter((s) => s.parentTokenId === token.id)) this.cancelScope(child);
  }

  cancelScope(scope: ScopeInstance): void {
    for (const t of this.state.tokens.filter((x) => x.scopeId === scope.id)) this.cancelToken(t);
    for (const child of this.state.scopes.filter((s) => s.parentScopeId === scope.id)) this.cancelScope(child);
    this.closeScopeWaits(scope);
    this.state.scopes = this.state.scopes.filter((s) => s.id !== scope.id);
  }

  closeOwnedWaits(token: Token): void {
    const s = this.state;
    for (const task of s.tasks.filter((t) => t.tokenId === token.id)) {
      this.emit(
        task.kind === 'user'
          ? { type: 'task.cancelled', taskId: task.taskId, elementId: task.elementId }
          : { type: 'externalTask.cancelled', taskId: task.taskId, elementId: task.elementId },
      );
    }
    s.tasks = s.tasks.filter((t) => t.tokenId !== token.id);
    for (const call of s.calls.filter((c) => c.tokenId === token.id))
      this.emit({ type: 'callActivity.cancelled', callId: call.callId, elementId: call.elementId });
    s.calls = s.calls.filter((c) => c.tokenId !== token.id);
    this.closeWaits((owner) => owner.tokenId === token.id);
  }

  closeScopeWaits(scope: ScopeInstance): void {
    this.closeWaits((owner) => owner.tokenId === null && owner.scopeId === scope.id);
  }

  closeWaits(match: (owner: { tokenId: string | null; scopeId: string }) => boolean): void {
    const s = this.state;
    for (const job of s.jobs.filter(match))
      this.emit({ type: 'job.cancelled', jobId: job.jobId, elementId: job.elementId });
    s.jobs = s.jobs.filter((j) => !match(j));
    for (const sub of s.subscriptions.filter(match)) {
      // A conditional wait lives only in the state; a signal one has its own record outside.
      if (sub.kind === 'signal')
        this.emit({ type: 'signal.unsubscribed', subscriptionId: sub.subscriptionId, elementId: sub.elementId });
      else if (sub.kind !== 'conditional')
        this.emit({ type: 'subscription.closed', subscriptionId: sub.subscriptionId, elementId: sub.elementId });
    }
    s.subscriptions = s.subscriptions.filter((x) => !match(x));
  }

  /** Ends the instance (completed, terminated, cancelled or failed). */
  endInstance(
    status: EngineState['status'],
    outcome: 'completed' | 'terminated' | 'error' | 'cancelled',
    elementId: string | null,
  ): void {
    const root = this.scope(this.state.rootScopeId);
    if (root) this.cancelScope(root);
    this.state.status = status;
    this.state.endedAt = this.now;
    this.emit({ type: 'case.ended', outcome, elementId });
  }
}
