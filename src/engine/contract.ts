/**
 * The engine's public contract: the only shapes the rest of Tongban sees (re-exported by index.ts).
 * Field names here are relied on by the persistence and HTTP layers: add freely, rename none.
 * Everything is plain JSON so that state and effects can be stored as jsonb and compared byte for byte.
 */

export type Variables = Record<string, unknown>;

/** Coded error returned by compile() — never thrown for user input. */
export interface CompileError {
  code: string; // e.g. BPMN.UNSUPPORTED_ELEMENT, BPMN.UNREACHABLE_NODE, EXPR.UNSUPPORTED, EXPR.INVALID
  message: string;
  elementId?: string;
  elementType?: string;
}

/**
 * Returned by compile() next to the models: the file compiles, but something may not mean what its author
 * thinks (e.g. BPMN.UNRESOLVED_ERROR_REF). The service shows them in the deploy answer.
 */
export interface CompileWarning {
  code: string;
  message: string;
  elementId?: string;
}

/** Working-day arithmetic the engine needs for `tb:calendar="working"` timers and `tb:timeLimit` in WD/WH. */
export interface Calendar {
  /** Adds n working days to an instant (ISO string) and returns the ISO instant of the due time. */
  addWorkingDays(fromIso: string, days: number): string;
  /** Adds n working hours to an instant and returns the ISO instant. */
  addWorkingHours(fromIso: string, hours: number): string;
}

/**
 * Work limits of one start()/advance() call. A command that would exceed one is refused with a coded
 * EngineError and changes nothing (the engine works on a copy), so a looping model cannot hang its node.
 */
export interface EngineLimits {
  /** Element entries one command may make (ENGINE.STEP_BUDGET_EXCEEDED). */
  maxSteps?: number;
  /** Iterations (`for`, `some`, `every`, filters) one FEEL expression may take (EXPR.BUDGET_EXCEEDED). */
  maxFeelIterations?: number;
  /** Iterations all the expressions of one command may take together (EXPR.BUDGET_EXCEEDED). */
  maxFeelIterationsPerCommand?: number;
}

export const DEFAULT_ENGINE_LIMITS: Readonly<Required<EngineLimits>> = {
  maxSteps: 10_000,
  maxFeelIterations: 10_000,
  maxFeelIterationsPerCommand: 100_000,
};

/** What the caller injects: the clock, ids and the calendar. The engine reads nothing else from the world. */
export interface EngineContext {
  now: string; // ISO-8601 instant
  newId: () => string;
  calendar?: Calendar;
  /** Optional; DEFAULT_ENGINE_LIMITS apply to what is not given. */
  limits?: EngineLimits;
}

export type StepKind =
  'receive' | 'inspect' | 'review' | 'approve' | 'certify' | 'seal' | 'issue' | 'publish' | 'archive' | 'other';
export type ClockAction = 'start' | 'pause' | 'resume' | 'stop';

export interface ActiveElement {
  elementId: string;
  name: string | null;
  type: string; // BPMN local type name, e.g. userTask, receiveTask, subProcess
}

/** A user task the handler must create (one per multi-instance inner activity). */
export interface TaskCreatedEffect {
  type: 'task.created';
  taskId: string;
  elementId: string;
  name: string | null;
  step: StepKind | null;
  candidateDepartments: string[];
  candidateRoles: string[];
  candidateUsers: string[];
  assignee: string | null;
  outcomes: string[];
  dueAt: string | null; // from tb:timeLimit / camunda:dueDate
  silenceConsent: boolean;
  /** Joint approval: the co-department this instance belongs to (element variable) and index. */
  multiInstance: { index: number; elementVariable: string | null; element: unknown } | null;
  /** For a task following a joint approval body: the collected opinions. */
  jointOpinions: JointOpinion[] | null;
  /** On an added signer's task (加签): the task it signs and how. */
  sign?: { of: string; mode: 'before' | 'after' | 'parallel' };
}

/** What a task's signers look like now (加签): before-signers holding it, after-signers queued behind it. */
export interface TaskSignState {
  heldBy: string[];
  after: { assignee: string; department: string | null }[];
}

export interface JointOpinion {
  department: string | null;
  assignee: string | null;
  outcome: string | null;
  opinion: string | null;
  completedAt: string;
}

export type Effect =
  | TaskCreatedEffect
  | { type: 'task.cancelled'; taskId: string; elementId: string }
  | { type: 'task.signersChanged'; taskId: string; elementId: string; signers: TaskSignState }
  | { type: 'task.completed'; taskId: string; elementId: string; outcome: string | null; opinion: string | null }
  | { type: 'externalTask.created'; taskId: string; elementId: string; topic: string; name: string | null }
  | { type: 'externalTask.cancelled'; taskId: string; elementId: string }
  | { type: 'job.scheduled'; jobId: string; kind: 'timer'; elementId: string; dueAt: string }
  | { type: 'job.cancelled'; jobId: string; elementId: string }
  | {
      type: 'subscription.opened';
      subscriptionId: string;
      elementId: string;
      messageName: string;
      correlationKey: string | null;
    }
  | { type: 'subscription.closed'; subscriptionId: string; elementId: string }
  /** A signal catch (intermediate, boundary, event-subprocess start) waits for a broadcast of this name. */
  | { type: 'signal.subscribed'; subscriptionId: string; elementId: string; signalName: string }
  | { type: 'signal.unsubscribed'; subscriptionId: string; elementId: string }
  /** A signal throw event (intermediate or end): the caller broadcasts it (it reaches this case too). */
  /** variables: what the throw sends (camunda:in / zeebe:input), absent when it sends none. */
  | { type: 'signal.thrown'; elementId: string; signalName: string; variables?: Variables }
  /** A broadcast reached one signal subscription of the instance. */
  | { type: 'signal.received'; subscriptionId: string; elementId: string; signalName: string }
  /**
   * An escalation was thrown; caughtBy is the boundary or event-subprocess start that caught it, or null
   * when nothing in the instance did (the instance goes on; a child case's caller escalates to its parent).
   */
  | { type: 'escalation.raised'; elementId: string; escalationCode: string | null; caughtBy: string | null }
  /** A conditional event's condition became true and it fired. */
  | { type: 'condition.met'; elementId: string }
  | { type: 'status.changed'; status: string; elementId: string | null }
  | { type: 'clock'; action: ClockAction; elementId: string | null }
  | { type: 'element.entered'; elementId: string; name: string | null; elementType: string }
  | { type: 'element.left'; elementId: string; name: string | null; elementType: string }
  | {
      type: 'callActivity.started';
      callId: string;
      elementId: string;
      processKey: string;
      variables: Variables;
      businessKey: string | null;
    }
  | { type: 'callActivity.cancelled'; callId: string; elementId: string }
  | { type: 'incident.raised'; elementId: string; taskId: string | null; message: string }
  /**
   * A completed activity is being compensated: its handler (or, for a subprocess without one, its compensation
   * event subprocess or its own compensable activities) started, thrown by `thrownBy` (a compensation throw or
   * end event, or a transaction's cancel end event). One per compensated instance.
   */
  | { type: 'compensation.started'; elementId: string; handlerId: string | null; thrownBy: string }
  | { type: 'compensation.completed'; elementId: string; handlerId: string | null }
  /** A transaction reached a cancel end event: its completed activities were compensated, the cancel boundary follows. */
  | { type: 'transaction.cancelled'; elementId: string; cancelEventId: string }
  | { type: 'case.ended'; outcome: 'completed' | 'terminated' | 'error' | 'cancelled'; elementId: string | null };

export type Trigger =
  | {
      type: 'completeTask';
      taskId: string;
      outcome?: string;
      opinion?: string;
      variables?: Variables;
      actor?: { id: string; department?: string };
    }
  | { type: 'correlateMessage'; subscriptionId: string; variables?: Variables }
  | { type: 'fireTimer'; jobId: string }
  | { type: 'completeExternalTask'; taskId: string; variables?: Variables }
  | { type: 'failExternalTask'; taskId: string; retries: number; errorMessage: string }
  | { type: 'throwBpmnError'; taskId: string; errorCode: string; errorMessage?: string; variables?: Variables }
  /**
   * The called case ended with `variables`. `protectedVariables` names variables of this case that the
   * out-mappings may not write (its routing variables): the child's are not the parent's.
   */
  | { type: 'completeCallActivity'; callId: string; variables?: Variables; protectedVariables?: readonly string[] }
  /**
   * A signal broadcast: every open signal subscription of that name fires once (optionally only those
   * listed, the ones that were open when the broadcast was made). None open is not an error.
   */
  | { type: 'broadcastSignal'; name: string; variables?: Variables; subscriptionIds?: string[] }
  /** An escalation nothing caught in a called case, raised at its call activity in this (the parent) case. */
  | { type: 'escalateCall'; callId: string; escalationCode: string | null }
  | { type: 'cancel'; reason?: string }
  | { type: 'modify'; fromElementIds: string[]; toElementId: string; variables?: Variables }
  | { type: 'setVariables'; variables: Variables }
  /**
   * 加签 on a joint step: new instances of the multi-instance activity `elementId` (running exactly once),
   * counted by its policy. `element` is the element variable's value (a co-department); `assignee` names a person.
   */
  | { type: 'addJointInstances'; elementId: string; instances: { element: unknown; assignee?: string | null }[] }
  /**
   * 拿回 of a joint instance's answer while the step still runs: its opinion is withdrawn from the counts and
   * a new instance for the same co-department opens, assigned to `assignee`.
   */
  | { type: 'reopenJointInstance'; taskId: string; assignee: string | null }
  /** 减签 on a joint step: the open instance holding `taskId` is cancelled and the policy recounted. */
  | { type: 'removeJointInstance'; taskId: string }
  /** 加签 of a person on an ordinary user task: before (reviews first), after (reviews next), parallel (both). */
  | {
      type: 'addSigner';
      taskId: string;
      mode: 'before' | 'after' | 'parallel';
      assignee: string;
      department?: string | null;
    }
  /** 减签 of an added signer whose task is still open (or still queued, for an after-signer). */
  | { type: 'removeSigner'; taskId: string; signerTaskId?: string; assignee?: string };

export interface StartOptions {
  variables?: Variables;
  businessKey?: string | null;
  /** For a message or timer start event; default: the none start event. */
  startEventId?: string;
}
