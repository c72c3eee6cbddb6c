/** A time limit as items state it (domain.md §4.1): working/natural days or hours. */
export interface TimeLimit {
  value: number;
  unit: 'WD' | 'ND' | 'WH' | 'NH';
  /**
   * What the period runs from: acceptance (受理, 行政许可法 Art.42, the default) or receipt of the
   * application (收到申请, e.g. 建筑法 Art.8 "自收到申请之日起七日"), so a late acceptance eats the period.
   */
  from?: 'ACCEPTANCE' | 'RECEIPT';
}

/** Supervision thresholds (domain.md §5.3), optional per item; defaults below. */
export interface SupervisionSettings {
  warnBeforeWD: number;
  warnAtElapsedRatio: number | null;
  yellowOn: ('PROMISED_EXCEEDED' | 'NODE_EXCEEDED')[];
  redOn: ('LEGAL_EXCEEDED' | 'YELLOW_UNRESOLVED' | 'PROMISED_EXCEEDED')[];
  redAfterYellowWD: number;
}

export const DEFAULT_SUPERVISION: SupervisionSettings = {
  warnBeforeWD: 1,
  warnAtElapsedRatio: null,
  yellowOn: ['PROMISED_EXCEEDED', 'NODE_EXCEEDED'],
  redOn: ['LEGAL_EXCEEDED', 'YELLOW_UNRESOLVED'],
  // An agency must answer an e-supervision 督办 within 5 working days (domain.md §5.4).
  redAfterYellowWD: 5,
};

/** 延期 rule of an item: how many working days in all, how many times, approved by which role. */
export interface ExtensionRule {
  maxWorkingDays: number;
  times: number;
  approverRole: string;
  /** Where the rule comes from (the item's own basis, or the Art.42 default). */
  basis: string;
}

/** 行政许可法 Art.42: +10 working days with the agency head's approval; +15 for joint handling (Art.26). */
export const ART42_EXTENSION: ExtensionRule = {
  maxWorkingDays: 10,
  times: 1,
  approverRole: 'leader',
  basis: '《中华人民共和国行政许可法》第四十二条',
};
export const ART42_JOINT_EXTENSION: ExtensionRule = { ...ART42_EXTENSION, maxWorkingDays: 15 };

/** 行政许可法 Art.44: issue or deliver the licence within 10 days of the decision (working days, Art.82). */
export const ART44_DELIVERY: TimeLimit = { value: 10, unit: 'WD' };

/** What the timing module needs from the approval item of a case (read once per item version). */
export interface ItemTiming {
  legalLimit: TimeLimit | null;
  promisedLimit: TimeLimit | null;
  handlingType: string | null;
  supervision: SupervisionSettings;
  extension: ExtensionRule;
  deliveryLimit: TimeLimit;
  /** Does waiting for a correction during review (过程补正) pause the clocks? Default yes. */
  correctionPausesClock: boolean;
}

export function itemTimingFrom(data: Record<string, unknown> | null | undefined): ItemTiming {
  const d = data ?? {};
  const limit = (v: unknown): TimeLimit | null => {
    const l = v as Partial<TimeLimit> | undefined;
    return l && typeof l.value === 'number' && ['WD', 'ND', 'WH', 'NH'].includes(String(l.unit))
      ? {
          value: l.value,
          unit: l.unit as TimeLimit['unit'],
          ...(l.from === 'RECEIPT' ? { from: 'RECEIPT' as const } : {}),
        }
      : null;
  };
  const s = (d.supervision ?? {}) as Partial<SupervisionSettings>;
  const handlingType = typeof d.handlingType === 'string' ? d.handlingType : null;
  const x = d.extension as Partial<ExtensionRule> | null | undefined;
  const fallback = handlingType === 'JOINT' ? ART42_JOINT_EXTENSION : ART42_EXTENSION;
  const extension: ExtensionRule =
    x && typeof x.maxWorkingDays === 'number' && typeof x.times === 'number'
      ? {
          maxWorkingDays: x.maxWorkingDays,
          times: x.times,
          approverRole: typeof x.approverRole === 'string' ? x.approverRole : fallback.approverRole,
          basis: typeof x.basis === 'string' ? x.basis : 'item',
        }
      : fallback;
  return {
    extension,
    deliveryLimit: limit(d.deliveryLimit) ?? ART44_DELIVERY,
    correctionPausesClock: d.correctionPausesClock !== false,
    legalLimit: limit(d.legalLimit),
    promisedLimit: limit(d.promisedLimit),
    handlingType,
    supervision: {
      warnBeforeWD: s.warnBeforeWD ?? DEFAULT_SUPERVISION.warnBeforeWD,
      warnAtElapsedRatio: s.warnAtElapsedRatio ?? DEFAULT_SUPERVISION.warnAtElapsedRatio,
      yellowOn: s.yellowOn ?? DEFAULT_SUPERVISION.yellowOn,
      redOn: s.redOn ?? DEFAULT_SUPERVISION.redOn,
      redAfterYellowWD: s.redAfterYellowWD ?? DEFAULT_SUPERVISION.redAfterYellowWD,
    },
  };
}

/** One clock as GET /cases/{id} shows it (`clocks.legal|promised`, ClockViewDto plus details). */
export interface ClockState {
  dueAt: string | null;
  limit: TimeLimit | null;
  startedAt: string | null;
  stoppedAt: string | null;
  elapsedWorkingDays: number;
  remainingWorkingDays: number | null;
  pausedWorkingDays: number;
  extendedWorkingDays: number;
  paused: boolean;
  running: boolean;
  overdue: boolean;
  deemedAcceptance: boolean;
}

export type TimeState = 'NORMAL' | 'WARNING' | 'OVERDUE';
