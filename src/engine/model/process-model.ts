/**
 * The compiled, immutable process graph. Built once per bpmn:Process by compile(); callers cache it by
 * definition id. Everything the runtime needs is resolved here (extension attributes from tb:/camunda:/zeebe:,
 * expressions translated to FEEL), so the runtime never looks at XML.
 */
import type { TimeoutPolicy } from './timeout-policy.js';
import type { ClockAction, StepKind } from '../contract.js';
import type { Expr } from '../expressions/expression.js';

export type NodeType =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'userTask'
  | 'manualTask'
  | 'task'
  | 'serviceTask'
  | 'sendTask'
  | 'businessRuleTask'
  | 'receiveTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity'
  | 'unsupported';

export type EventKind =
  | 'none'
  | 'message'
  | 'timer'
  | 'error'
  | 'terminate'
  | 'escalation'
  | 'signal'
  | 'conditional'
  | 'compensate'
  | 'cancel'
  | 'link';

/** A compensation throw or end event (docs/engine/events.md, "Compensation"). */
export interface CompensationDef {
  /** The activity to compensate (as written; checked by the compensation rule); null = the whole scope. */
  readonly activityRef: string | null;
  /** false: the flow continues at once while the handlers run (the scope still waits for them). */
  readonly waitForCompletion: boolean;
}

export interface TimerDef {
  readonly kind: 'date' | 'duration' | 'cycle';
  /** Literal ISO text, or an expression evaluated when the timer is scheduled. */
  readonly literal: string | null;
  readonly expr: Expr | null;
  /** tb:calendar="working": day units count working days. */
  readonly working: boolean;
}

export interface MessageDef {
  readonly name: string;
  readonly correlationKey: Expr | null;
}

/** A conditional event's condition and Camunda's `camunda:variableName` filter (null: any variable). */
export interface ConditionDef {
  readonly condition: Expr;
  readonly variableNames: readonly string[] | null;
}

export type ValueSpec =
  { readonly kind: 'list'; readonly values: readonly string[] } | { readonly kind: 'expr'; readonly expr: Expr };

export interface UserTaskDef {
  readonly candidateDepartments: ValueSpec;
  readonly candidateRoles: ValueSpec;
  readonly candidateUsers: ValueSpec;
  readonly assignee: ValueSpec;
  readonly outcomes: readonly string[];
  readonly silenceConsent: boolean;
  /** tb:emptyAssignee: what happens when the candidates resolve to nobody (null: not declared, the service's default). */
  readonly emptyAssignee: EmptyAssigneePolicy | null;
  /** tb:skipSameAssignee="true": auto-approve when the person who approved the previous step gets it again. */
  readonly skipSameAssignee: boolean;
}

export type EmptyAssigneePolicy = 'admin' | 'autoApprove' | 'error';

/** tb:cc="user:id,dept:code,…" (+ tb:ccNote): the case is copied (抄送) when the node is entered. */
export interface CopyDef {
  readonly users: readonly string[];
  readonly departments: readonly string[];
  readonly note: string | null;
}

export interface VariableMapping {
  readonly source: Expr;
  readonly target: string;
}

/**
 * The variables a signal throw sends (camunda:in on its signalEventDefinition, zeebe:input on the
 * event): all the thrower's visible variables and/or mapped ones. Absent: the signal carries none.
 */
export interface SignalPayloadDef {
  readonly all: boolean;
  readonly mappings: readonly VariableMapping[];
}

export interface CallDef {
  readonly processKey: string | null;
  readonly inAll: boolean;
  readonly inMappings: readonly VariableMapping[];
  readonly outAll: boolean;
  readonly outMappings: readonly VariableMapping[];
  readonly businessKey: Expr | null;
}

export type JointPolicy =
  | { readonly kind: 'ALL' }
  | { readonly kind: 'ANY' }
  | { readonly kind: 'QUORUM'; readonly n: number }
  | { readonly kind: 'VETO' }
  /** `tb:jointPolicy="=jointPolicy"`: evaluated when the body starts, so each case can choose. */
  | { readonly kind: 'EXPR'; readonly expr: Expr };

export interface MultiInstanceDef {
  readonly sequential: boolean;
  readonly collection: Expr | null;
  readonly elementVariable: string | null;
  readonly cardinality: Expr | null;
  readonly completionCondition: Expr | null;
  readonly policy: JointPolicy;
}

export interface FlowNode {
  readonly id: string;
  readonly name: string | null;
  readonly type: NodeType;
  /** moddle type as written, e.g. bpmn:ComplexGateway (for errors and unsupported elements). */
  readonly bpmnType: string;
  /** Id of the enclosing scope: the process key or a subProcess id. */
  readonly scopeId: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly eventKind: EventKind | null;
  readonly message: MessageDef | null;
  readonly timer: TimerDef | null;
  /** Error end: code thrown. Error catch: code caught, null = catch all. */
  readonly errorCode: string | null;
  /** Escalation throw: code thrown. Escalation catch: code caught, null = catch all. */
  readonly escalationCode: string | null;
  /** Escalation catch: `camunda:escalationCodeVariable`, set to the caught code. */
  readonly escalationCodeVariable: string | null;
  /** Signal throw/catch: the signal's name ('' when the event names none). */
  readonly signalName: string | null;
  /** Throw events only: what the thrown signal carries (null: no variables). */
  readonly signalPayload: SignalPayloadDef | null;
  /** Conditional catch: the condition (null when the event has none: refused by the conditional rule). */
  readonly conditional: ConditionDef | null;
  /** Boundary cancelActivity / event-subprocess start isInterrupting. */
  readonly interrupting: boolean;
  readonly attachedTo: string | null;
  readonly boundaryIds: readonly string[];
  readonly defaultFlow: string | null;
  readonly userTask: UserTaskDef | null;
  /** tb:cc on any activity or event: who the case is copied to when it is entered. */
  readonly cc: CopyDef | null;
  /** External task topic (service/send/businessRule task). */
  readonly topic: string | null;
  /** 'none' = pass-through; 'external' = topic; 'other' = Java class/expression/connector (refused). */
  readonly implementation: 'none' | 'external' | 'other';
  readonly call: CallDef | null;
  readonly multiInstance: MultiInstanceDef | null;
  readonly isEventSubProcess: boolean;
  readonly step: StepKind | null;
  readonly timeLimit: string | null;
  /** tb:timeout + tb:timeoutAction: what happens when a user task runs out of working time (issue 13). */
  readonly timeout: TimeoutPolicy | null;
  readonly caseStatus: string | null;
  readonly clock: ClockAction | null;
  /** Why the element cannot be executed (reported by the unsupported-element rule). */
  readonly unsupported: string | null;
  /** Problems found while reading attributes (reported by the attributes rule). */
  readonly attributeProblems: readonly { readonly code: string; readonly message: string }[];
  /** Compensation throw/end event: what it compensates. */
  readonly compensation: CompensationDef | null;
  /** Activity: the handler its compensation boundary event is associated with. */
  readonly compensationHandler: string | null;
  /** isForCompensation="true": run only as a compensation handler, never by sequence flow. */
  readonly isForCompensation: boolean;
  /** bpmn:transaction (a subprocess whose cancel end event compensates it and takes the cancel boundary). */
  readonly isTransaction: boolean;
  /** Link throw/catch event: the link's name (a throw continues at the catch of that name in its scope). */
  readonly linkName: string | null;
}

export interface SequenceFlow {
  readonly id: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly scopeId: string;
  readonly condition: Expr | null;
  readonly isDefault: boolean;
  readonly caseStatus: string | null;
  readonly clock: ClockAction | null;
  /** Unresolved sourceRef/targetRef (reported by the flow-reference rule). */
  readonly brokenReference: string | null;
}

export interface ScopeDef {
  readonly id: string;
  readonly kind: 'process' | 'subProcess';
  readonly nodeIds: readonly string[];
  readonly startEventIds: readonly string[];
  readonly eventSubProcessIds: readonly string[];
}

export interface StartEventInfo {
  readonly id: string;
  readonly name: string | null;
  readonly kind: 'none' | 'message' | 'timer' | 'signal';
  readonly messageName: string | null;
  /** For a signal start event: the signal's name. */
  readonly signalName?: string | null;
  readonly timer: TimerDef | null;
}

export interface ProcessModel {
  readonly key: string;
  readonly name: string | null;
  readonly isExecutable: boolean;
  readonly nodes: ReadonlyMap<string, FlowNode>;
  readonly flows: ReadonlyMap<string, SequenceFlow>;
  readonly scopes: ReadonlyMap<string, ScopeDef>;
  readonly startEvents: readonly StartEventInfo[];
  readonly messageStartEvents: readonly StartEventInfo[];
  readonly timerStartEvents: readonly StartEventInfo[];
  /** Signal start events of the process (a broadcast of the signal starts one case at one of them). */
  readonly signalStartEvents: readonly StartEventInfo[];
  /**
   * `tb:protectedVariables="a,b"` on bpmn:process: variables the process routes by, which the service lets
   * only case creation set (never a task completion, message or external task). Empty when not declared.
   */
  readonly protectedVariables: readonly string[];
}

export function isActivity(node: FlowNode): boolean {
  return [
    'userTask',
    'manualTask',
    'task',
    'serviceTask',
    'sendTask',
    'businessRuleTask',
    'receiveTask',
    'subProcess',
    'callActivity',
  ].includes(node.type);
}

export function isGateway(node: FlowNode): boolean {
  return node.type.endsWith('Gateway');
}
