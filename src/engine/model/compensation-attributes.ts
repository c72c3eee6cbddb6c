/**
 * Reads compensation (and link names) from the XML: the throw/end event's compensateEventDefinition (activityRef,
 * waitForCompletion) and the associations that tie a compensation boundary event to its handler.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { str } from './namespaces.js';
import { eventDefinitions, type UnresolvedRefs } from './node-attributes.js';
import type { CompensationDef, FlowNode } from './process-model.js';

/** Throw and end events only; a compensation boundary or start event catches and has no definition to read. */
export function readCompensation(el: ModdleElement, unresolved: UnresolvedRefs): CompensationDef | null {
  if (el.$type !== 'bpmn:IntermediateThrowEvent' && el.$type !== 'bpmn:EndEvent') return null;
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:CompensateEventDefinition');
  if (!def) return null;
  const ref = def.activityRef as ModdleElement | undefined;
  // An activityRef that names nothing is kept as written so that the compensation rule can refuse it.
  const activityRef = str(ref?.id) ?? unresolved.get(def)?.get('bpmn:activityRef') ?? null;
  return { activityRef, waitForCompletion: def.waitForCompletion !== false };
}

/** A link event's name (the linkEventDefinition's, else the event's own); '' when it has none. */
export function readLinkName(el: ModdleElement): string {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:LinkEventDefinition');
  return str(def?.name) ?? str(el.name) ?? '';
}

/** Associations (bpmn:artifacts) of a process or subprocess: source and target ids. */
export function readAssociations(container: ModdleElement): { sourceId: string; targetId: string }[] {
  const artifacts = (container.artifacts as ModdleElement[] | undefined) ?? [];
  return artifacts
    .filter((a) => a.$type === 'bpmn:Association')
    .map((a) => ({
      sourceId: str((a.sourceRef as ModdleElement | undefined)?.id) ?? '',
      targetId: str((a.targetRef as ModdleElement | undefined)?.id) ?? '',
    }));
}

/**
 * A compensation boundary event's association names the handler: recorded on the activity it is attached
 * to (the runtime looks the handler up from the activity that completed). The compensation rule checks
 * that there is exactly one and that it is an isForCompensation activity.
 */
export function linkCompensationHandlers(
  nodes: Map<string, FlowNode>,
  associations: readonly { sourceId: string; targetId: string }[],
): Map<string, string[]> {
  const handlersOf = new Map<string, string[]>();
  for (const a of associations) {
    const [boundary, handler] = [nodes.get(a.sourceId), nodes.get(a.targetId)];
    // Associations may be drawn either way round.
    const [b, h] = boundary?.eventKind === 'compensate' ? [boundary, handler] : [handler, boundary];
    if (b?.type !== 'boundaryEvent' || b.eventKind !== 'compensate' || !h) continue;
    handlersOf.set(b.id, [...(handlersOf.get(b.id) ?? []), h.id]);
    const host = nodes.get(b.attachedTo ?? '');
    // The draft's nodes are still being built (frozen by compile() afterwards).
    if (host) Object.assign(host, { compensationHandler: h.id });
  }
  return handlersOf;
}
