/**
 * Reads the element-specific parts of a flow node: events, timers, messages, user-task assignment,
 * external-task topic, call-activity mappings and multi-instance, from BPMN + tb:/camunda:/zeebe: extensions.
 */
import type { ModdleElement } from 'bpmn-moddle';
import type { ClockAction, StepKind } from '../contract.js';
import { CompileCode } from '../errors/compile-codes.js';
import { compileExpression, literalOrExpression, type Expr } from '../expressions/expression.js';
import { NS, str, type NamespaceResolver } from './namespaces.js';
import type {
  ConditionDef,
  CopyDef,
  EmptyAssigneePolicy,
  EventKind,
  JointPolicy,
  MessageDef,
  MultiInstanceDef,
  TimerDef,
  UserTaskDef,
  ValueSpec,
} from './process-model.js';

export type Problem = { code: string; message: string };

const STEPS: readonly StepKind[] = [
  'receive',
  'inspect',
  'review',
  'approve',
  'certify',
  'seal',
  'issue',
  'publish',
  'archive',
  'other',
];
const CLOCKS: readonly ClockAction[] = ['start', 'pause', 'resume', 'stop'];
const TIME_LIMIT = /^(\d+(\.\d+)?(WD|WH)|P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?)$/;

function body(el: unknown): string | undefined {
  if (!el || typeof el !== 'object') return undefined;
  return str((el as ModdleElement).body)?.trim();
}

export function eventDefinitions(el: ModdleElement): ModdleElement[] {
  return (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
}

export function eventKindOf(el: ModdleElement): { kind: EventKind | null; unsupported: string | null } {
  const defs = eventDefinitions(el);
  if (defs.length === 0) return { kind: 'none', unsupported: null };
  if (defs.length > 1) return { kind: null, unsupported: 'multiple event definitions' };
  const t = defs[0]?.$type ?? '';
  const map: Record<string, EventKind> = {
    'bpmn:MessageEventDefinition': 'message',
    'bpmn:TimerEventDefinition': 'timer',
    'bpmn:ErrorEventDefinition': 'error',
    'bpmn:TerminateEventDefinition': 'terminate',
    'bpmn:EscalationEventDefinition': 'escalation',
    'bpmn:SignalEventDefinition': 'signal',
    'bpmn:ConditionalEventDefinition': 'conditional',
    'bpmn:CompensateEventDefinition': 'compensate',
    'bpmn:CancelEventDefinition': 'cancel',
    'bpmn:LinkEventDefinition': 'link',
  };
  const kind = map[t];
  return kind ? { kind, unsupported: null } : { kind: null, unsupported: t.replace('bpmn:', '') };
}

export function readTimer(el: ModdleElement, ns: NamespaceResolver): TimerDef | null {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:TimerEventDefinition');
  if (!def) return null;
  const working = (ns.attr(def, NS.TB, 'calendar') ?? ns.attr(el, NS.TB, 'calendar')) === 'working';
  const entries: [TimerDef['kind'], unknown][] = [
    ['date', def.timeDate],
    ['duration', def.timeDuration],
    ['cycle', def.timeCycle],
  ];
  for (const [kind, raw] of entries) {
    const text = body(raw);
    if (text === undefined) continue;
    const v = literalOrExpression(text);
    return 'literal' in v
      ? { kind, literal: v.literal, expr: null, working }
      : { kind, literal: null, expr: v.expr, working };
  }
  return { kind: 'duration', literal: '', expr: null, working };
}

export function readMessage(el: ModdleElement, ns: NamespaceResolver): MessageDef | null {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:MessageEventDefinition');
  const ref = (def?.messageRef ?? el.messageRef) as ModdleElement | undefined;
  if (!def && el.$type !== 'bpmn:ReceiveTask') return null;
  // A receive task without messageRef (Camunda's plain wait state) waits for a message named after its id.
  const name = str(ref?.name) ?? str(ref?.id) ?? (el.$type === 'bpmn:ReceiveTask' ? (str(el.id) ?? '') : '');
  const zeebeKey = ref ? ns.extensions(ref, NS.ZEEBE, 'subscription')[0] : undefined;
  const keyText = ns.attr(el, NS.TB, 'correlationKey') ?? str(zeebeKey?.correlationKey);
  return { name, correlationKey: keyText ? compileExpression(keyText) : null };
}

/**
 * The error code an error event throws or catches. An errorRef naming no bpmn:error of the file is read as
 * the code itself, as Camunda 7 does (compile() reports it as a warning), never as "catch everything".
 */
export function readErrorCode(el: ModdleElement, unresolved?: UnresolvedRefs): string | null {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:ErrorEventDefinition');
  const ref = def?.errorRef as ModdleElement | undefined;
  if (!ref && def) return unresolved?.get(def)?.get('bpmn:errorRef') ?? null;
  return str(ref?.errorCode) ?? null;
}

/** References bpmn-moddle could not resolve, by element and property (e.g. 'bpmn:errorRef'): the id as written. */
export type UnresolvedRefs = ReadonlyMap<ModdleElement, ReadonlyMap<string, string>>;

export function unresolvedRefs(
  warnings: readonly { message: string; element?: ModdleElement; property?: string }[],
): UnresolvedRefs {
  const out = new Map<ModdleElement, Map<string, string>>();
  for (const w of warnings) {
    const id = /^unresolved reference <([^>]*)>/.exec(w.message)?.[1];
    if (id === undefined || !w.element || !w.property) continue;
    const byProperty = out.get(w.element) ?? new Map<string, string>();
    byProperty.set(w.property, id);
    out.set(w.element, byProperty);
  }
  return out;
}

function spec(text: string | undefined): ValueSpec {
  if (!text || text.trim() === '') return { kind: 'list', values: [] };
  const v = literalOrExpression(text);
  if ('expr' in v) return { kind: 'expr', expr: v.expr };
  return {
    kind: 'list',
    values: v.literal
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

const EMPTY_ASSIGNEE: readonly EmptyAssigneePolicy[] = ['admin', 'autoApprove', 'error'];

/** tb:cc: comma list of `user:<id>` and `dept:<code>` (a bare entry is a department); tb:ccNote the note. */
export function readCc(el: ModdleElement, ns: NamespaceResolver, problems: Problem[]): CopyDef | null {
  const text = ns.attr(el, NS.TB, 'cc');
  if (text === undefined) return null;
  const users: string[] = [];
  const departments: string[] = [];
  for (const raw of text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const m = /^(user|dept):(.*)$/.exec(raw);
    const value = (m ? m[2] : raw)?.trim() ?? '';
    if (value === '' || value.length > 200) {
      problems.push({
        code: CompileCode.INVALID_ATTRIBUTE,
        message: `tb:cc entry '${raw}' is not user:<id> or dept:<code>`,
      });
      continue;
    }
    const list = m?.[1] === 'user' ? users : departments;
    if (!list.includes(value)) list.push(value);
  }
  if (users.length + departments.length === 0)
    problems.push({ code: CompileCode.INVALID_ATTRIBUTE, message: 'tb:cc names nobody' });
  return { users, departments, note: ns.attr(el, NS.TB, 'ccNote')?.trim() || null };
}

export function readUserTask(el: ModdleElement, ns: NamespaceResolver, problems: Problem[] = []): UserTaskDef {
  const zeebe = ns.extensions(el, NS.ZEEBE, 'assignmentDefinition')[0];
  const outcomes = ns.attr(el, NS.TB, 'outcomes');
  const empty = ns.attr(el, NS.TB, 'emptyAssignee')?.trim();
  if (empty !== undefined && !EMPTY_ASSIGNEE.includes(empty as EmptyAssigneePolicy))
    problems.push({
      code: CompileCode.INVALID_ATTRIBUTE,
      message: `tb:emptyAssignee '${empty}' is not one of ${EMPTY_ASSIGNEE.join('|')}`,
    });
  const skip = ns.attr(el, NS.TB, 'skipSameAssignee')?.trim();
  if (skip !== undefined && skip !== 'true' && skip !== 'false')
    problems.push({
      code: CompileCode.INVALID_ATTRIBUTE,
      message: `tb:skipSameAssignee '${skip}' is not true or false`,
    });
  return {
    emptyAssignee: EMPTY_ASSIGNEE.includes(empty as EmptyAssigneePolicy) ? (empty as EmptyAssigneePolicy) : null,
    skipSameAssignee: skip === 'true',
    candidateDepartments: spec(
      ns.anyAttr(el, 'candidateDepartments', [NS.TB]) ??
        ns.attr(el, NS.CAMUNDA, 'candidateGroups') ??
        str(zeebe?.candidateGroups),
    ),
    candidateRoles: spec(ns.attr(el, NS.TB, 'candidateRoles')),
    candidateUsers: spec(
      ns.attr(el, NS.TB, 'candidateUsers') ?? ns.attr(el, NS.CAMUNDA, 'candidateUsers') ?? str(zeebe?.candidateUsers),
    ),
    assignee: spec(ns.attr(el, NS.TB, 'assignee') ?? ns.attr(el, NS.CAMUNDA, 'assignee') ?? str(zeebe?.assignee)),
    outcomes: (outcomes ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    silenceConsent: ns.attr(el, NS.TB, 'silenceConsent') === 'true',
  };
}

export function readTopic(
  el: ModdleElement,
  ns: NamespaceResolver,
): { topic: string | null; implementation: 'none' | 'external' | 'other' } {
  const tb = ns.attr(el, NS.TB, 'topic');
  if (tb) return { topic: tb, implementation: 'external' };
  const camType = ns.attr(el, NS.CAMUNDA, 'type');
  const camTopic = ns.attr(el, NS.CAMUNDA, 'topic');
  if (camType === 'external' && camTopic) return { topic: camTopic, implementation: 'external' };
  const zeebe = ns.extensions(el, NS.ZEEBE, 'taskDefinition')[0];
  const zType = str(zeebe?.type);
  if (zType) return { topic: zType, implementation: 'external' };
  const other =
    camType !== undefined ||
    ['class', 'expression', 'delegateExpression', 'decisionRef'].some(
      (a) => ns.attr(el, NS.CAMUNDA, a) !== undefined,
    ) ||
    ns.extensions(el, NS.CAMUNDA, 'connector').length > 0 ||
    (str(el.implementation) !== undefined &&
      str(el.implementation) !== '##WebService' &&
      str(el.implementation) !== '##unspecified');
  return { topic: null, implementation: other ? 'other' : 'none' };
}

/** Parses ALL | ANY | VETO | QUORUM:n; also used at run time for an `=expr` policy's value. */
export function parseJointPolicy(text: string): Exclude<JointPolicy, { kind: 'EXPR' }> | null {
  const t = text.trim().toUpperCase();
  if (t === 'ALL' || t === 'ANY' || t === 'VETO') return { kind: t };
  const q = /^QUORUM:(\d+)$/.exec(t);
  return q ? { kind: 'QUORUM', n: Number(q[1]) } : null;
}

function policy(text: string | undefined, problems: Problem[]): JointPolicy {
  if (text?.trim().startsWith('=')) return { kind: 'EXPR', expr: compileExpression(text.trim()) };
  const t = (text ?? 'ALL').trim().toUpperCase();
  if (t === 'ALL' || t === 'ANY' || t === 'VETO') return { kind: t };
  const q = /^QUORUM:(\d+)$/.exec(t);
  if (q) return { kind: 'QUORUM', n: Number(q[1]) };
  problems.push({
    code: CompileCode.INVALID_JOINT_POLICY,
    message: `tb:jointPolicy '${text ?? ''}' is not ALL, ANY, QUORUM:n or VETO`,
  });
  return { kind: 'ALL' };
}

export function readMultiInstance(
  el: ModdleElement,
  ns: NamespaceResolver,
  problems: Problem[],
): MultiInstanceDef | null {
  const lc = el.loopCharacteristics as ModdleElement | undefined;
  if (!lc) return null;
  const zeebe = ns.extensions(lc, NS.ZEEBE, 'loopCharacteristics')[0];
  const collText = ns.anyAttr(lc, 'collection') ?? ns.anyAttr(el, 'collection', [NS.TB]) ?? str(zeebe?.inputCollection);
  const elementVariable =
    ns.anyAttr(lc, 'elementVariable') ?? ns.anyAttr(el, 'elementVariable', [NS.TB]) ?? str(zeebe?.inputElement) ?? null;
  const card = body(lc.loopCardinality);
  const cond = body(lc.completionCondition) ?? str(zeebe?.completionCondition);
  let collection: Expr | null = null;
  if (collText)
    collection = compileExpression(/^[A-Za-z_][\w.]*$/.test(collText.trim()) ? `=${collText.trim()}` : collText);
  return {
    sequential: lc.isSequential === true,
    collection,
    elementVariable,
    cardinality: card ? compileExpression(card) : null,
    completionCondition: cond ? compileExpression(cond) : null,
    policy: policy(ns.attr(el, NS.TB, 'jointPolicy') ?? ns.attr(lc, NS.TB, 'jointPolicy'), problems),
  };
}

export function readCommon(el: ModdleElement, ns: NamespaceResolver, problems: Problem[]) {
  const step = ns.attr(el, NS.TB, 'step');
  const clock = ns.attr(el, NS.TB, 'clock');
  const timeLimit = ns.attr(el, NS.TB, 'timeLimit')?.trim() ?? null;
  if (step !== undefined && !STEPS.includes(step as StepKind)) {
    problems.push({
      code: CompileCode.INVALID_ATTRIBUTE,
      message: `tb:step '${step}' is not one of ${STEPS.join('|')}`,
    });
  }
  if (clock !== undefined && !CLOCKS.includes(clock as ClockAction)) {
    problems.push({
      code: CompileCode.INVALID_ATTRIBUTE,
      message: `tb:clock '${clock}' is not one of ${CLOCKS.join('|')}`,
    });
  }
  if (timeLimit !== null && !TIME_LIMIT.test(timeLimit)) {
    problems.push({
      code: CompileCode.INVALID_ATTRIBUTE,
      message: `tb:timeLimit '${timeLimit}' is not nWD, nWH or an ISO-8601 duration`,
    });
  }
  return {
    step: step !== undefined && STEPS.includes(step as StepKind) ? (step as StepKind) : null,
    clock: clock !== undefined && CLOCKS.includes(clock as ClockAction) ? (clock as ClockAction) : null,
    timeLimit,
    caseStatus: ns.attr(el, NS.TB, 'caseStatus') ?? null,
  };
}

/** Escalation code of the escalationRef (null: none, which on a catch event means "catch all"). */
export function readEscalation(
  el: ModdleElement,
  ns: NamespaceResolver,
): { code: string | null; variable: string | null } {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:EscalationEventDefinition');
  const ref = def?.escalationRef as ModdleElement | undefined;
  const code = str(ref?.escalationCode)?.trim();
  const variable = def ? ns.attr(def, NS.CAMUNDA, 'escalationCodeVariable') : undefined;
  return { code: code === undefined || code === '' ? null : code, variable: variable ?? null };
}

/** The signal's name (Camunda's key), else its id; '' when the event names no signal. */
export function readSignalName(el: ModdleElement): string {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:SignalEventDefinition');
  const ref = def?.signalRef as ModdleElement | undefined;
  return (str(ref?.name) ?? str(ref?.id) ?? '').trim();
}

/** The condition of a conditional event and its camunda:variableName filter. */
export function readCondition(el: ModdleElement, ns: NamespaceResolver): ConditionDef | null {
  const def = eventDefinitions(el).find((d) => d.$type === 'bpmn:ConditionalEventDefinition');
  const text = body(def?.condition);
  if (!def || text === undefined || text === '') return null;
  const names = ns.attr(def, NS.CAMUNDA, 'variableName');
  const list = (names ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return { condition: compileExpression(text), variableNames: list.length > 0 ? list : null };
}
