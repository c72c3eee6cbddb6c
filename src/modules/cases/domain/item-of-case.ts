import type { CaseCommand } from './case-port.js';

/** What the rules need of the case's item version (immutable per version, so read as pinned by the case). */
export interface CaseItem {
  materials: { id: string; name: string; necessity: string }[];
  toleranceAllowed: boolean;
  approvalMode: string;
  handlingType: string;
  promisedLimit: { value: number; unit: string } | null;
  commitment: { verificationWorkingDays: number } | null;
}

export async function itemOfCase(s: Pick<CaseCommand, 'tx' | 'row'>): Promise<CaseItem | null> {
  if (!s.row.item_code || s.row.item_version === null) return null;
  const [item] = await s.tx.query<{ data: Record<string, unknown> }>(
    `SELECT v.data FROM service_item_version v JOIN service_item i ON i.id = v.item_id
      WHERE i.code = $1 AND v.version = $2`,
    [s.row.item_code, s.row.item_version],
  );
  if (!item) return null;
  const d = item.data;
  const commitment = d.commitment as { verificationWorkingDays?: unknown } | undefined;
  return {
    materials: Array.isArray(d.materials) ? (d.materials as CaseItem['materials']) : [],
    toleranceAllowed: d.toleranceAllowed === true,
    approvalMode: typeof d.approvalMode === 'string' ? d.approvalMode : 'STANDARD',
    handlingType: typeof d.handlingType === 'string' ? d.handlingType : 'PROMISED',
    promisedLimit: (d.promisedLimit as CaseItem['promisedLimit']) ?? null,
    commitment:
      commitment && typeof commitment.verificationWorkingDays === 'number'
        ? { verificationWorkingDays: commitment.verificationWorkingDays }
        : null,
  };
}
