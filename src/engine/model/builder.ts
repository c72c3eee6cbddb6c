/**
 * Builds a ProcessModel draft from one bpmn:Process. Tolerant by design: anything odd is recorded on the
 * node/flow (unsupported, brokenReference, attributeProblems, expression problems) and reported by the rules,
 * so that compile() can list every problem at once.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { readTimeoutPolicy } from './timeout-policy.js';
import { compileExpression } from '../expressions/expression.js';
import type { NamespaceResolver } from './namespaces.js';
import { NS, str } from './namespaces.js';
import {
  eventKindOf,
  readCommon,
  readCondition,
  readErrorCode,
  readEscalation,
  readMessage,
  readMultiInstance,
  readSignalName,
  readTimer,
  readTopic,
  readUserTask,
  readCc,
  type Problem,
  type UnresolvedRefs,
} from './node-attributes.js';
import { readCall, readSignalPayload } from './variable-mappings.js';
import {
  linkCompensationHandlers,
  readAssociations,
  readCompensation,
  readLinkName,
} from './compensation-attributes.js';
import type { FlowNode, NodeType, ProcessModel, ScopeDef, SequenceFlow, StartEventInfo } from './process-model.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SUPPORTED: Record<string, NodeType> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:Task': 'task',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:Transaction': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

/** Not executable and without runtime meaning: skipped. */
const IGNORED = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
]);

/** Which event kinds each event type may carry. */
const ALLOWED_EVENTS: Partial<Record<NodeType, readonly string[]>> = {
  startEvent: ['none', 'message', 'timer', 'error', 'escalation', 'signal', 'conditional', 'compensate'],
  endEvent: ['none', 'terminate', 'error', 'message', 'escalation', 'signal', 'compensate', 'cancel'],
  intermediateCatchEvent: ['message', 'timer', 'signal', 'conditional', 'link'],
  intermediateThrowEvent: ['none', 'message', 'escalation', 'signal', 'compensate', 'link'],
  boundaryEvent: ['message', 'timer', 'error', 'escalation', 'signal', 'conditional', 'compensate', 'cancel'],
};

export interface Draft {
  model: ProcessModel;
  nodes: Map<string, FlowNode>;
  flows: Map<string, SequenceFlow>;
  scopes: Map<string, ScopeDef>;
  /** Compensation boundary event id → the activities associated with it (the rule wants exactly one). */
  compensationAssociations: Map<string, string[]>;
}

export function buildProcess(
  process: ModdleElement,
  ns: NamespaceResolver,
  unresolved: UnresolvedRefs = new Map(),
): Draft {
  const key = str(process.id) ?? '';
  const nodes = new Map<string, FlowNode>();
  const flows = new Map<string, SequenceFlow>();
  const scopes = new Map<string, ScopeDef>();
  let anonymous = 0;
  const associations: { sourceId: string; targetId: string }[] = [];

  const visitScope = (container: ModdleElement, scopeId: string, kind: ScopeDef['kind']): void => {
    const nodeIds: string[] = [];
    associations.push(...readAssociations(container));
    const elements = (container.flowElements as ModdleElement[] | undefined) ?? [];
    for (const el of elements) {
      if (el.$type === 'bpmn:SequenceFlow') {
        const id = str(el.id) ?? `${key}__flow_${++anonymous}`;
        const source = el.sourceRef as ModdleElement | undefined;
        const target = el.targetRef as ModdleElement | undefined;
        const cond = str((el.conditionExpression as ModdleElement | undefined)?.body);
        const common = readCommon(el, ns, []);
        flows.set(id, {
          id,
          sourceId: str(source?.id) ?? '',
          targetId: str(target?.id) ?? '',
          scopeId,
          condition: cond !== undefined && cond.trim() !== '' ? compileExpression(cond) : null,
          isDefault: false,
          caseStatus: common.caseStatus,
          clock: common.clock,
          brokenReference: !source ? 'sourceRef' : !target ? 'targetRef' : null,
        });
        continue;
      }
      if (IGNORED.has(el.$type)) continue;
      const node = buildNode(el, scopeId, ns, unresolved);
      nodes.set(node.id, node);
      nodeIds.push(node.id);
      if (node.type === 'subProcess') visitScope(el, node.id, 'subProcess');
    }
    const direct = nodeIds.map((id) => nodes.get(id)).filter((n): n is FlowNode => n !== undefined);
    scopes.set(scopeId, {
      id: scopeId,
      kind,
      nodeIds,
      startEventIds: direct.filter((n) => n.type === 'startEvent').map((n) => n.id),
      eventSubProcessIds: direct.filter((n) => n.isEventSubProcess).map((n) => n.id),
    });
  };
  visitScope(process, key, 'process');

  // incoming/outgoing, default flows and boundary attachments are resolved once all nodes exist
  for (const flow of flows.values()) {
    (nodes.get(flow.sourceId)?.outgoing as string[] | undefined)?.push(flow.id);
    (nodes.get(flow.targetId)?.incoming as string[] | undefined)?.push(flow.id);
  }
  for (const node of nodes.values()) {
    if (node.defaultFlow) {
      const f = flows.get(node.defaultFlow);
      if (f) flows.set(f.id, { ...f, isDefault: true });
    }
    if (node.attachedTo) (nodes.get(node.attachedTo)?.boundaryIds as string[] | undefined)?.push(node.id);
  }
  const compensationAssociations = linkCompensationHandlers(nodes, associations);

  const startEvents: StartEventInfo[] = (scopes.get(key)?.startEventIds ?? []).flatMap((id) => {
    const n = nodes.get(id);
    const kind = n?.eventKind;
    if (!n || (kind !== 'none' && kind !== 'message' && kind !== 'timer' && kind !== 'signal')) return [];
    return [
      { id: n.id, name: n.name, kind, messageName: n.message?.name ?? null, timer: n.timer, signalName: n.signalName },
    ];
  });
  const model: ProcessModel = {
    key,
    name: str(process.name) ?? null,
    isExecutable: process.isExecutable === true,
    nodes,
    flows,
    scopes,
    startEvents,
    messageStartEvents: startEvents.filter((s) => s.kind === 'message'),
    timerStartEvents: startEvents.filter((s) => s.kind === 'timer'),
    signalStartEvents: startEvents.filter((s) => s.kind === 'signal'),
    protectedVariables: readNameList(ns.attr(process, NS.TB, 'protectedVariables')),
  };
  return { model, nodes, flows, scopes, compensationAssociations };
}

/** `a, b c` → ['a', 'b', 'c']: commas or blanks separate, duplicates and empty entries are dropped. */
function readNameList(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,]+/).filter((n) => n !== ''))];
}

function unsupportedReason(el: ModdleElement, type: NodeType | undefined): string | null {
  if (!type) return el.$type.replace('bpmn:', '');
  if (type === 'subProcess' && el.$type !== 'bpmn:SubProcess' && el.$type !== 'bpmn:Transaction')
    return el.$type.replace('bpmn:', '');
  const lc = el.loopCharacteristics as ModdleElement | undefined;
  if (lc && lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return 'standard loop characteristics';
  return null;
}

function buildNode(el: ModdleElement, scopeId: string, ns: NamespaceResolver, unresolved: UnresolvedRefs): FlowNode {
  const type = SUPPORTED[el.$type];
  const problems: Problem[] = [];
  const common = readCommon(el, ns, problems);
  let unsupported = unsupportedReason(el, type);
  const isEvent = type !== undefined && type.endsWith('Event');
  const ev = isEvent ? eventKindOf(el) : { kind: null, unsupported: null };
  if (!unsupported && ev.unsupported) unsupported = `${el.$type.replace('bpmn:', '')} with ${ev.unsupported}`;
  if (!unsupported && type && ev.kind && !(ALLOWED_EVENTS[type] ?? []).includes(ev.kind)) {
    unsupported = `${type} with ${ev.kind} event definition`;
  }
  const nodeType: NodeType = unsupported ? 'unsupported' : (type ?? 'unsupported');
  const impl = ['serviceTask', 'sendTask', 'businessRuleTask'].includes(nodeType)
    ? readTopic(el, ns)
    : { topic: null, implementation: 'none' as const };
  const attachedTo = el.attachedToRef as ModdleElement | undefined;
  const escalation = ev.kind === 'escalation' ? readEscalation(el, ns) : { code: null, variable: null };
  const userTask = nodeType === 'userTask' ? readUserTask(el, ns, problems) : null;
  const node: Mutable<FlowNode> = {
    id: str(el.id) ?? '',
    name: str(el.name) ?? null,
    type: nodeType,
    bpmnType: el.$type,
    scopeId,
    incoming: [],
    outgoing: [],
    eventKind: ev.kind,
    message: ev.kind === 'message' || nodeType === 'receiveTask' ? readMessage(el, ns) : null,
    timer: ev.kind === 'timer' ? readTimer(el, ns) : null,
    errorCode: ev.kind === 'error' ? readErrorCode(el, unresolved) : null,
    escalationCode: escalation.code,
    escalationCodeVariable: escalation.variable,
    signalName: ev.kind === 'signal' ? readSignalName(el) : null,
    signalPayload:
      ev.kind === 'signal' && (nodeType === 'intermediateThrowEvent' || nodeType === 'endEvent')
        ? readSignalPayload(el, ns, problems)
        : null,
    conditional: ev.kind === 'conditional' ? readCondition(el, ns) : null,
    interrupting: nodeType === 'boundaryEvent' ? el.cancelActivity !== false : el.isInterrupting !== false,
    attachedTo: nodeType === 'boundaryEvent' ? (str(attachedTo?.id) ?? '') : null,
    boundaryIds: [],
    defaultFlow: str((el.default as ModdleElement | undefined)?.id) ?? null,
    userTask,
    timeout: readTimeoutPolicy(el, ns, nodeType === 'userTask', userTask?.outcomes ?? [], problems),
    cc: readCc(el, ns, problems),
    topic: impl.topic,
    implementation: impl.implementation,
    call: nodeType === 'callActivity' ? readCall(el, ns, problems) : null,
    multiInstance: readMultiInstance(el, ns, problems),
    isEventSubProcess: nodeType === 'subProcess' && el.triggeredByEvent === true,
    step: common.step,
    timeLimit: common.timeLimit,
    caseStatus: common.caseStatus,
    clock: common.clock,
    unsupported,
    attributeProblems: problems,
    compensation: nodeType === 'unsupported' ? null : readCompensation(el, unresolved),
    compensationHandler: null,
    isForCompensation: el.isForCompensation === true,
    isTransaction: el.$type === 'bpmn:Transaction',
    linkName: ev.kind === 'link' ? readLinkName(el) : null,
  };
  return node;
}
