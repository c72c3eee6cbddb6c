import { isRejectOutcome, type ProcessModel } from '../../../engine/index.js';
import type { TaskRow } from './task-row.js';

/** What the service does with a co-department's 不同意 that gives no reasons (configuration). */
export type UnreasonedReject = 'consent' | 'refuse';

export const UNREASONED_REJECT_OPINION = '不同意但未说明理由，视为同意';

const isParallel = (type: string): boolean => type === 'parallelGateway' || type === 'inclusiveGateway';

function reaches(model: ProcessModel, from: string, hit: (id: string) => boolean): boolean {
  const seen = new Set<string>([from]);
  const queue = [...(model.nodes.get(from)?.outgoing ?? [])];
  while (queue.length > 0) {
    const flow = model.flows.get(queue.shift() as string);
    if (!flow || seen.has(flow.targetId)) continue;
    if (hit(flow.targetId)) return true;
    seen.add(flow.targetId);
    queue.push(...(model.nodes.get(flow.targetId)?.outgoing ?? []));
  }
  return false;
}

/** Is the element on a branch of a parallel split that a join gathers again (a parallel-gateway co-review)? */
export function onParallelBranch(model: ProcessModel, elementId: string): boolean {
  const node = model.nodes.get(elementId);
  if (!node) return false;
  const splitBefore = [...model.nodes.values()].some(
    (n) =>
      isParallel(n.type) &&
      n.outgoing.length > 1 &&
      n.scopeId === node.scopeId &&
      reaches(model, n.id, (id) => id === elementId),
  );
  if (!splitBefore) return false;
  return reaches(model, elementId, (id) => {
    const n = model.nodes.get(id);
    return !!n && isParallel(n.type) && n.incoming.length > 1;
  });
}

/**
 * A joint review (会签): one opinion of several departments reviewing the same case at the same time, as the
 * instances of a multi-instance task or as the branches of a parallel gateway. Only opinions (outcomes that
 * approve or reject) count: a task without them is work, not an opinion.
 */
export function isJointReview(
  model: ProcessModel,
  task: Pick<TaskRow, 'element_id' | 'multi_instance' | 'outcomes'>,
): boolean {
  if (!task.outcomes.some((o) => isRejectOutcome(o))) return false;
  return task.multi_instance !== null || onParallelBranch(model, task.element_id);
}

/**
 * domain.md §6.2 (协办意见): a co-department answers 同意 or 不同意; a 不同意 without reasons counts as 同意
 * (the responsibility stays with that department), or, configured so, is refused (422). One rule for both
 * kinds of joint review. Returns the outcome and opinion to record.
 */
export function normaliseJointOpinion(
  task: Pick<TaskRow, 'outcomes'>,
  outcome: string | undefined,
  opinion: string | undefined,
  mode: UnreasonedReject,
): { outcome: string | undefined; opinion: string | undefined; normalised: boolean } | 'REASON_REQUIRED' {
  if (!outcome || !isRejectOutcome(outcome) || opinion?.trim()) return { outcome, opinion, normalised: false };
  if (mode === 'refuse') return 'REASON_REQUIRED';
  return {
    outcome: task.outcomes.find((o) => !isRejectOutcome(o)) ?? 'approve',
    opinion: UNREASONED_REJECT_OPINION,
    normalised: true,
  };
}

export interface JointOpinionEntry {
  elementId: string;
  department: string | null;
  outcome: string | null;
  opinion: string | null;
}

/** The reasoned dissents (不同意 with reasons) among the joint opinions on the case's current path. */
export function reasonedDissents(opinions: readonly JointOpinionEntry[]): JointOpinionEntry[] {
  return opinions.filter((o) => isRejectOutcome(o.outcome) && !!o.opinion?.trim());
}
