/**
 * Check characters of the two identifiers a Chinese approval case carries. Pure: no I/O.
 *
 * - 统一社会信用代码 (USCC), GB 32100-2015: 18 characters from `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V, Z);
 *   the 18th is the check character: C18 = 31 − (Σ Ci·Wi mod 31), Wi = 3^(i−1) mod 31, 31 read as 0.
 * - 公民身份号码 (resident id), GB 11643-1999: 17 digits (6 region, 8 birth date, 3 sequence) and a check
 *   character from ISO 7064 MOD 11-2: Σ ai·Wi mod 11 indexes `10X98765432`, Wi = 2^(17−i) mod 11.
 */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character for the first 17 characters of a USCC, or null if one of them is not allowed. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i] as string);
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[i] as number);
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31] as string;
}

/** A USCC with the right shape (registration authority, type, 6-digit region) and check character. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return usccCheckCharacter(code.slice(0, 17)) === code[17];
}

/** The check character for the first 17 digits of a resident id number, or null if they are not digits. */
export function residentIdCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** An 18-character resident id number: a real birth date (not in the future) and the right check character. */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  const n = id.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(n)) return false;
  const y = Number(n.slice(6, 10));
  const m = Number(n.slice(10, 12));
  const d = Number(n.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth > today) return false;
  return residentIdCheckCharacter(n.slice(0, 17)) === n[17];
}
