import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import type { Draft } from '../builder.js';
import type { FlowNode } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

/**
 * A cycle of sequence flows on which no element waits runs for ever within one command (nothing can
 * change the variables that route it: there are no script tasks), so we refuse it at deploy time and
 * name its elements, e.g. `start → gA → gB → gA`.
 *
 * Wait states: user, receive and external tasks, catch events, event-based gateways, call activities,
 * and subprocesses containing one of those (multi-instance bodies wait when their inner activity does).
 * A parallel or inclusive join fed by a flow from outside the cycle counts as a wait: the token may stop
 * there until a token arrives on that flow (or can no longer arrive), so such a loop need not spin.
 * Elements we cannot execute (script tasks, Java service tasks) are refused by their own rules and may
 * change variables, so they break a cycle here. The rule is deliberately lenient where the answer
 * depends on data; the engine's per-command step budget refuses what slips through.
 */
export const cycleWithoutWaitStateRule: ValidationRule = {
  name: 'cycle-without-wait-state',
  check(draft) {
    const waits = new WaitStates(draft);
    const candidates = new Set([...draft.nodes.values()].filter((n) => !waits.is(n)).map((n) => n.id));
    // A join with an input from outside its component may wait for that input: drop it and look again.
    for (;;) {
      const components = stronglyConnected(draft, candidates);
      const blocked = [...candidates].filter((id) => {
        const node = draft.nodes.get(id);
        const comp = components.get(id);
        return (
          (node?.type === 'parallelGateway' || node?.type === 'inclusiveGateway') &&
          node.incoming.length > 1 &&
          comp !== undefined &&
          node.incoming.some((f) => !comp.has(draft.flows.get(f)?.sourceId ?? ''))
        );
      });
      if (blocked.length === 0) return report(draft, components);
      for (const id of blocked) candidates.delete(id);
    }
  },
};

class WaitStates {
  private readonly memo = new Map<string, boolean>();

  constructor(private readonly draft: Draft) {}

  is(node: FlowNode): boolean {
    switch (node.type) {
      case 'userTask':
      case 'receiveTask':
      case 'intermediateCatchEvent':
      case 'eventBasedGateway':
      case 'callActivity':
        return true;
      case 'serviceTask':
      case 'sendTask':
      case 'businessRuleTask':
        return node.topic !== null || node.implementation === 'other';
      case 'unsupported':
        return true;
      case 'subProcess':
        return this.scopeWaits(node.id);
      case 'startEvent':
      case 'endEvent':
      case 'intermediateThrowEvent':
      case 'boundaryEvent':
      case 'task':
      case 'manualTask':
      case 'exclusiveGateway':
      case 'parallelGateway':
      case 'inclusiveGateway':
        return false;
    }
  }

  private scopeWaits(scopeId: string): boolean {
    const hit = this.memo.get(scopeId);
    if (hit !== undefined) return hit;
    this.memo.set(scopeId, false); // a malformed self-containing scope cannot recurse for ever
    const ids = this.draft.scopes.get(scopeId)?.nodeIds ?? [];
    const result = ids.some((id) => {
      const n = this.draft.nodes.get(id);
      return n !== undefined && !n.isEventSubProcess && n.type !== 'boundaryEvent' && this.is(n);
    });
    this.memo.set(scopeId, result);
    return result;
  }
}

function successors(draft: Draft, id: string, within: ReadonlySet<string>): string[] {
  return (draft.nodes.get(id)?.outgoing ?? [])
    .map((f) => draft.flows.get(f)?.targetId ?? '')
    .filter((t) => within.has(t));
}

/** Tarjan (iterative): node id → its component, for components that contain a cycle. */
function stronglyConnected(draft: Draft, within: ReadonlySet<string>): Map<string, ReadonlySet<string>> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out = new Map<string, ReadonlySet<string>>();
  let counter = 0;
  for (const root of within) {
    if (index.has(root)) continue;
    const work: { id: string; next: string[] }[] = [];
    const push = (id: string): void => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: successors(draft, id, within) });
    };
    push(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = frame.next.shift();
      if (succ !== undefined) {
        if (!index.has(succ)) push(succ);
        else if (onStack.has(succ)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(succ)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const members = new Set<string>();
      for (let m = stack.pop(); m !== undefined; m = stack.pop()) {
        onStack.delete(m);
        members.add(m);
        if (m === frame.id) break;
      }
      const cyclic = members.size > 1 || successors(draft, frame.id, within).includes(frame.id);
      if (cyclic) for (const m of members) out.set(m, members);
    }
  }
  return out;
}

function report(draft: Draft, components: Map<string, ReadonlySet<string>>): CompileError[] {
  const errors: CompileError[] = [];
  const done = new Set<ReadonlySet<string>>();
  for (const comp of components.values()) {
    if (done.has(comp)) continue;
    done.add(comp);
    const entry = entryPath(draft, comp);
    const first = entry[entry.length - 1] ?? [...comp][0] ?? '';
    const cycle = cycleFrom(draft, first, comp);
    const node = draft.nodes.get(first);
    if (!node) continue;
    const path = [...entry.slice(0, -1), ...cycle].join(' → ');
    errors.push(
      nodeError(
        CompileCode.CYCLE_WITHOUT_WAIT_STATE,
        node,
        `cycle without a wait state: ${path} (add a user task, a catch event or another wait state to the loop)`,
      ),
    );
  }
  return errors;
}

/** Shortest path from a start event of the component's scope to its first element reached (inclusive). */
function entryPath(draft: Draft, comp: ReadonlySet<string>): string[] {
  const someId = [...comp][0] ?? '';
  const scope = draft.scopes.get(draft.nodes.get(someId)?.scopeId ?? '');
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const s of [...(scope?.startEventIds ?? []), ...(scope?.eventSubProcessIds ?? [])]) {
    parent.set(s, null);
    queue.push(s);
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (comp.has(id)) {
      const path: string[] = [];
      for (let p: string | null | undefined = id; p; p = parent.get(p)) path.unshift(p);
      return path;
    }
    const node = draft.nodes.get(id);
    const next = [
      ...(node?.outgoing ?? []).map((f) => draft.flows.get(f)?.targetId ?? ''),
      ...(node?.boundaryIds ?? []),
    ];
    for (const t of next) {
      if (t !== '' && !parent.has(t)) {
        parent.set(t, id);
        queue.push(t);
      }
    }
  }
  return [];
}

/** A shortest cycle through `from` inside the component, closed: [from, …, from]. */
function cycleFrom(draft: Draft, from: string, comp: ReadonlySet<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const t of successors(draft, id, comp)) {
      if (t === from) {
        const path: string[] = [];
        for (let p: string | undefined = id; p !== undefined; p = p === from ? undefined : parent.get(p))
          path.unshift(p);
        return [...path, from];
      }
      if (!parent.has(t) && t !== from) {
        parent.set(t, id);
        queue.push(t);
      }
    }
  }
  return [from];
}
