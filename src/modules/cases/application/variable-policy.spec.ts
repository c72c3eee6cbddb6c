import type { ProcessModel } from '../../../engine/index.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { protectedIn } from '../domain/protected-variables.js';
import { VariablePolicy } from './variable-policy.js';

const policy = new VariablePolicy({ variablesMaxBytes: 1024 });
const model = { protectedVariables: ['feeAmount'] } as unknown as ProcessModel;

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : String(e);
  }
}

describe('VariablePolicy', () => {
  it('measures the JSON in UTF-8 bytes against the limit', () => {
    expect(codeOf(() => policy.checkShape({ a: 'x'.repeat(1000) }))).toBeNull();
    expect(codeOf(() => policy.checkShape({ a: '字'.repeat(400) }))).toBe('400 VARIABLES.TOO_LARGE');
  });

  it('refuses blank, long, control-character and prototype names', () => {
    for (const name of ['', '   ', 'n'.repeat(129), 'a\nb', '__proto__', 'constructor', 'prototype']) {
      const vars = Object.defineProperty({}, name, { value: 1, enumerable: true }) as Record<string, unknown>;
      expect(codeOf(() => policy.checkShape(vars))).toBe('400 VARIABLES.INVALID_NAME');
    }
    expect(codeOf(() => policy.checkShape({ 申请编号: 1, ['n'.repeat(128)]: 2 }))).toBeNull();
  });

  it('protects the routing variables and those the process declares', () => {
    expect(protectedIn({ department: 1, feeAmount: 2, note: 3 }, model)).toEqual(['department', 'feeAmount']);
    expect(codeOf(() => policy.checkWrite({ jointPolicy: 'ANY' }))).toBe('400 VARIABLES.PROTECTED');
    expect(codeOf(() => policy.checkWrite({ feeAmount: 1 }))).toBeNull();
    expect(codeOf(() => policy.checkWrite({ feeAmount: 1 }, model))).toBe('400 VARIABLES.PROTECTED');
  });

  it('lets case creation repeat its own department, not contradict it', () => {
    const fixed = { department: '410100-SJJ', itemCode: null };
    expect(codeOf(() => policy.checkOpening({ department: '410100-SJJ', leadDepartment: 'X' }, fixed))).toBeNull();
    expect(codeOf(() => policy.checkOpening({ department: '410100-GAJ' }, fixed))).toBe('400 VARIABLES.PROTECTED');
    expect(codeOf(() => policy.checkOpening({ itemCode: 'X' }, fixed))).toBe('400 VARIABLES.PROTECTED');
  });
});
