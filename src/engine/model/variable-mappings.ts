/**
 * Variable mappings as modellers write them — Camunda's `camunda:in`/`camunda:out` (variables="all",
 * source/sourceExpression → target) and Zeebe's input/output mappings — for call activities and for the
 * variables a signal throw sends.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { CompileCode } from '../errors/compile-codes.js';
import { compileExpression } from '../expressions/expression.js';
import { NS, str, type NamespaceResolver } from './namespaces.js';
import { eventDefinitions, type Problem } from './node-attributes.js';
import type { CallDef, SignalPayloadDef, VariableMapping } from './process-model.js';

function mappings(list: ModdleElement[], problems: Problem[]): { all: boolean; mappings: VariableMapping[] } {
  let all = false;
  const out: VariableMapping[] = [];
  for (const m of list) {
    if (str(m.variables) === 'all') {
      all = true;
      continue;
    }
    const target = str(m.target);
    const source = str(m.source) ?? str(m.sourceExpression);
    if (!target || !source) {
      problems.push({ code: CompileCode.INVALID_ATTRIBUTE, message: 'variable mapping needs source and target' });
      continue;
    }
    out.push({ source: compileExpression(source), target });
  }
  return { all, mappings: out };
}

/** Zeebe's input or output mappings of an element (inside its zeebe:ioMapping). */
function zeebeMappings(el: ModdleElement, ns: NamespaceResolver, kind: 'input' | 'output'): ModdleElement[] {
  const io = ns.extensions(el, NS.ZEEBE, 'ioMapping')[0];
  return io ? ns.children(io, NS.ZEEBE, kind) : [];
}

export function readCall(el: ModdleElement, ns: NamespaceResolver, problems: Problem[]): CallDef {
  const zeebe = ns.extensions(el, NS.ZEEBE, 'calledElement')[0];
  const key = str(el.calledElement) ?? str(zeebe?.processId) ?? null;
  const camIn = mappings(ns.extensions(el, NS.CAMUNDA, 'in'), problems);
  const camOut = mappings(ns.extensions(el, NS.CAMUNDA, 'out'), problems);
  const zIn = mappings(zeebeMappings(el, ns, 'input'), problems);
  const zOut = mappings(zeebeMappings(el, ns, 'output'), problems);
  const inMappings = [...camIn.mappings, ...zIn.mappings];
  const outMappings = [...camOut.mappings, ...zOut.mappings];
  const anyCamunda = ns.extensions(el, NS.CAMUNDA, 'in').length + ns.extensions(el, NS.CAMUNDA, 'out').length > 0;
  const propagate = str(zeebe?.propagateAllChildVariables);
  const bk = ns.extensions(el, NS.CAMUNDA, 'in').find((m) => str(m.businessKey) !== undefined);
  return {
    processKey: key && !key.includes('${') && !key.startsWith('=') ? key : null,
    inAll: camIn.all || (!anyCamunda && inMappings.length === 0),
    inMappings,
    outAll: camOut.all || (!anyCamunda && (propagate === undefined ? outMappings.length === 0 : propagate !== 'false')),
    outMappings,
    businessKey: bk ? compileExpression(str(bk.businessKey) ?? '') : null,
  };
}

/**
 * What a signal throw sends: Camunda's `camunda:in` (variables="all", source/sourceExpression → target)
 * inside the signalEventDefinition's extensionElements, or Zeebe's input mappings on the event.
 */
export function readSignalPayload(
  el: ModdleElement,
  ns: NamespaceResolver,
  problems: Problem[],
): SignalPayloadDef | null {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:SignalEventDefinition');
  const cam = def ? ns.extensions(def, NS.CAMUNDA, 'in') : [];
  const zeebe = zeebeMappings(el, ns, 'input');
  if (cam.length + zeebe.length === 0) return null;
  const c = mappings(cam, problems);
  const z = mappings(zeebe, problems);
  return { all: c.all, mappings: [...c.mappings, ...z.mappings] };
}
