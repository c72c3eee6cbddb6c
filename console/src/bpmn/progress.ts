/**
 * Where a case has been, for marking its diagram. The timeline records tasks, decisions, calls, clock
 * markers and ends (not every gateway pass), so gateways and other unrecorded pass-through nodes are
 * put on the path when they connect two recorded nodes, and a flow is "taken" when it lies on such a
 * connection. A loop walked twice is marked once. Where an exclusive choice leads straight to a
 * recorded node, that branch is taken to be the one chosen (a return loop passed through earlier may
 * then go unmarked: the timeline does not say which flow a gateway took).
 */
export interface GraphNode {
  id: string;
  type: string;
  outgoing: { id: string; target: string }[];
}

export interface Progress {
  done: Set<string>;
  active: Set<string>;
  flows: Set<string>;
}

const PASS_THROUGH = /Gateway$|IntermediateThrowEvent$/;
const CHOICE = /(ExclusiveGateway|EventBasedGateway)$/;

export function caseProgress(
  nodes: GraphNode[],
  recorded: readonly string[],
  active: Iterable<string>,
  ended = false,
): Progress {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const act = new Set([...active].filter((id) => byId.has(id)));
  const seen = new Set(recorded.filter((id) => byId.has(id)));
  // A plain end event leaves no entry of its own (only one that sets a case status does): an ended
  // case reached the end events that its last recorded node leads to.
  const ends = nodes.filter((n) => n.type === 'bpmn:EndEvent');
  const last = [...recorded].reverse().find((id) => byId.has(id));
  if (ended && last && !ends.some((e) => seen.has(e.id))) for (const id of reachable(byId, last, ends)) seen.add(id);
  for (const id of act) seen.add(id);
  // The case started, so a plain start event was passed even though no entry names it.
  const hasIncoming = new Set(nodes.flatMap((n) => n.outgoing.map((o) => o.target)));
  const starts = nodes.filter((n) => n.type === 'bpmn:StartEvent' && !hasIncoming.has(n.id));
  if (seen.size > 0 && !starts.some((s) => seen.has(s.id))) for (const s of starts) seen.add(s.id);

  const flows = new Set<string>();
  const passed = new Set<string>();
  // An active node has not been left yet: nothing flows out of it.
  for (const from of [...seen].filter((id) => !act.has(id))) {
    // Depth-first through pass-through nodes, remembering the flows walked to reach each one.
    const stack: { node: string; flows: string[]; via: string[] }[] = [{ node: from, flows: [], via: [] }];
    const visited = new Set<string>([from]);
    while (stack.length) {
      const cur = stack.pop()!;
      const node = byId.get(cur.node);
      let outgoing = node?.outgoing ?? [];
      // A choice (exclusive or event-based gateway) passed on to a recorded node directly took that
      // branch: do not also credit a longer way round through other pass-through nodes.
      if (node && cur.node !== from && CHOICE.test(node.type) && outgoing.some((o) => seen.has(o.target)))
        outgoing = outgoing.filter((o) => seen.has(o.target));
      for (const out of outgoing) {
        const target = byId.get(out.target);
        if (!target) continue;
        const path = [...cur.flows, out.id];
        if (seen.has(target.id)) {
          path.forEach((f) => flows.add(f));
          cur.via.forEach((v) => passed.add(v));
        } else if (PASS_THROUGH.test(target.type) && !visited.has(target.id)) {
          visited.add(target.id);
          stack.push({ node: target.id, flows: path, via: [...cur.via, target.id] });
        }
      }
    }
  }
  const done = new Set([...seen, ...passed].filter((id) => !act.has(id)));
  return { done, active: act, flows };
}

/** End events reachable from a node through pass-through nodes only. */
function reachable(byId: Map<string, GraphNode>, from: string, ends: GraphNode[]): string[] {
  const endIds = new Set(ends.map((e) => e.id));
  const found: string[] = [];
  const visited = new Set([from]);
  const stack = [from];
  while (stack.length) {
    for (const out of byId.get(stack.pop()!)?.outgoing ?? []) {
      const target = byId.get(out.target);
      if (!target || visited.has(target.id)) continue;
      visited.add(target.id);
      if (endIds.has(target.id)) found.push(target.id);
      else if (PASS_THROUGH.test(target.type)) stack.push(target.id);
    }
  }
  return found;
}
