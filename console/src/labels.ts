import { lang } from './i18n';

/** Case statuses (domain.md §3.1) with their Chinese names. */
const STATUS_ZH: Record<string, string> = {
  RECEIVED: '已收件',
  WITHDRAWN: '已撤回',
  ACCEPTED: '已受理',
  NOT_ACCEPTED: '不受理',
  REFUSED_ACCEPTANCE: '不予受理',
  CORRECTION_REQUESTED: '待补正',
  CORRECTION_SUBMITTED: '已补正',
  IN_PROCESS: '办理中',
  SPECIAL_PROCEDURE: '特别程序',
  SPECIAL_PROCEDURE_ENDED: '特别程序结束',
  CLOSED_APPROVED: '办结（准予）',
  CLOSED_APPROVED_TOLERANCE: '办结（容缺准予）',
  CLOSED_REJECTED: '办结（不予许可）',
  RECALLED: '已撤销',
  REVOKED: '已吊销',
  WITHDRAW_PENDING: '撤回待确认',
  SUSPENDED: '已挂起',
};
export const STATUSES = Object.keys(STATUS_ZH);

export function statusLabel(s: string | null | undefined): string {
  if (!s) return '';
  return lang.value === 'zh' ? (STATUS_ZH[s] ?? s) : s;
}

export function timeStateType(s: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  return s === 'OVERDUE' ? 'danger' : s === 'WARNING' ? 'warning' : s === 'NORMAL' ? 'success' : 'info';
}

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(lang.value === 'zh' ? 'zh-CN' : 'en-GB') : '';
}

/** The shipped workflows' outcome codes (tb:outcomes) in Chinese; other codes show as they are. */
const OUTCOME_ZH: Record<string, string> = {
  accept: '受理',
  tolerance: '容缺受理',
  correction: '一次性告知补正',
  notAccept: '不受理',
  refuse: '不予受理',
  pass: '审查通过',
  fail: '审查不通过',
  approve: '准予',
  reject: '不予许可',
  return: '退回',
  agree: '同意',
  disagree: '不同意',
};

export function outcomeLabel(o: string | null | undefined): string {
  if (!o) return '';
  const zh = OUTCOME_ZH[o];
  return lang.value === 'zh' && zh ? `${zh}（${o}）` : o;
}
