/**
 * Timeout policies of a user task (issue 13): `tb:timeout="2WD"` (working days) or `"4WH"` (working hours),
 * counted on the case's region calendar from the task's creation, with `tb:timeoutAction`:
 * `remind` (again every `tb:timeoutRepeat`, at most `tb:timeoutMaxReminders` times), `escalate` (to the
 * leaders of the task's department), `autoApprove`, `autoReject` (with a system opinion) or `transfer` (to
 * the department `tb:timeoutTarget`). Every mistake is a coded compile error (BPMN.INVALID_TIMEOUT).
 */
import { CompileCode } from '../errors/compile-codes.js';
import { isRejectOutcome, outcomeKind } from '../runtime/outcomes.js';
import type { ModdleElement } from 'bpmn-moddle';
import { NS, type NamespaceResolver } from './namespaces.js';

/** An attribute problem (the shape node-attributes collects). */
type Problem = { code: string; message: string };

export const TIMEOUT_ACTIONS = ['remind', 'escalate', 'autoApprove', 'autoReject', 'transfer'] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

export interface WorkingAmount {
  readonly amount: number;
  readonly unit: 'WD' | 'WH';
}

export interface TimeoutPolicy {
  readonly after: WorkingAmount;
  readonly action: TimeoutAction;
  /** remind: the interval of further reminders (null: one reminder). */
  readonly repeat: WorkingAmount | null;
  /** remind: how many reminders at most (the first included). */
  readonly maxReminders: number;
  /** transfer: the department the task goes to. */
  readonly target: string | null;
  /** autoApprove / autoReject: the outcome the task is completed with. */
  readonly outcome: string | null;
}

const AMOUNT = /^([1-9]\d{0,3})(WD|WH)$/;
const DEPARTMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const DEFAULT_MAX_REMINDERS = 5;

function amount(text: string | undefined): WorkingAmount | null {
  const m = text === undefined ? null : AMOUNT.exec(text.trim());
  return m ? { amount: Number(m[1]), unit: m[2] as 'WD' | 'WH' } : null;
}

function decisionOutcome(outcomes: readonly string[], reject: boolean): string | null {
  if (outcomes.length === 0) return reject ? 'reject' : 'approve';
  return outcomes.find((o) => (reject ? isRejectOutcome(o) : outcomeKind(o) === 'approved')) ?? null;
}

export function readTimeoutPolicy(
  el: ModdleElement,
  ns: NamespaceResolver,
  isUserTask: boolean,
  outcomes: readonly string[],
  problems: Problem[],
): TimeoutPolicy | null {
  const raw = ns.attr(el, NS.TB, 'timeout');
  const actionText = ns.attr(el, NS.TB, 'timeoutAction');
  const bad = (message: string): null => {
    problems.push({ code: CompileCode.INVALID_TIMEOUT, message });
    return null;
  };
  if (raw === undefined) {
    if (actionText !== undefined) return bad('tb:timeoutAction needs tb:timeout (e.g. "2WD")');
    return null;
  }
  if (!isUserTask) return bad('tb:timeout is allowed on user tasks only');
  const after = amount(raw);
  if (!after) return bad(`tb:timeout '${raw}' is not nWD (working days) or nWH (working hours), n from 1 to 9999`);
  if (actionText === undefined || !TIMEOUT_ACTIONS.includes(actionText as TimeoutAction))
    return bad(`tb:timeoutAction '${actionText ?? ''}' is not one of ${TIMEOUT_ACTIONS.join('|')}`);
  const action = actionText as TimeoutAction;
  const repeatText = ns.attr(el, NS.TB, 'timeoutRepeat');
  const maxText = ns.attr(el, NS.TB, 'timeoutMaxReminders');
  const target = ns.attr(el, NS.TB, 'timeoutTarget')?.trim() ?? null;
  if (action !== 'remind' && (repeatText !== undefined || maxText !== undefined))
    return bad('tb:timeoutRepeat and tb:timeoutMaxReminders are for tb:timeoutAction="remind" only');
  const repeat = repeatText === undefined ? null : amount(repeatText);
  if (repeatText !== undefined && !repeat) return bad(`tb:timeoutRepeat '${repeatText}' is not nWD or nWH`);
  const max = maxText === undefined ? (repeat ? DEFAULT_MAX_REMINDERS : 1) : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 100)
    return bad(`tb:timeoutMaxReminders '${maxText ?? ''}' is not a whole number from 1 to 100`);
  if (action === 'transfer' && (!target || !DEPARTMENT.test(target)))
    return bad('tb:timeoutAction="transfer" needs tb:timeoutTarget, a department code');
  if (action !== 'transfer' && target !== null) return bad('tb:timeoutTarget is for tb:timeoutAction="transfer" only');
  let outcome: string | null = null;
  if (action === 'autoApprove' || action === 'autoReject') {
    outcome = decisionOutcome(outcomes, action === 'autoReject');
    if (!outcome)
      return bad(
        `tb:timeoutAction="${action}" needs an ${action === 'autoReject' ? 'reject' : 'approve'} outcome among tb:outcomes`,
      );
  }
  return { after, action, repeat, maxReminders: max, target, outcome };
}
