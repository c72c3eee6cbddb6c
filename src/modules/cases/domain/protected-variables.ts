import type { ProcessModel } from '../../../engine/index.js';
import { AppError, type ProblemDetail } from '../../../shared/errors/app-error.js';

/**
 * Variables that decide where a case goes (domain.md: the handling and lead department, the joint
 * departments and their policy, the item and the region). Only case creation sets them; every later
 * command that carries variables is refused when it names one.
 */
export const ROUTING_VARIABLES = [
  'department',
  'leadDepartment',
  'departments',
  'jointPolicy',
  'itemCode',
  'regionCode',
] as const;

export type Variables = Record<string, unknown> | undefined | null;

/** Every variable name a command may not set on a case of this process. */
export function protectedVariablesOf(model: ProcessModel): ReadonlySet<string> {
  return new Set<string>([...ROUTING_VARIABLES, ...model.protectedVariables]);
}

/** The protected names among these variables (empty: the variables may be written). */
export function protectedIn(variables: Variables, model: ProcessModel): string[] {
  const guarded = protectedVariablesOf(model);
  return Object.keys(variables ?? {}).filter((name) => guarded.has(name));
}

export function protectedError(names: readonly string[]): AppError {
  const errors: ProblemDetail[] = names.map((name) => ({
    code: 'VARIABLES.PROTECTED',
    message: `${name} routes the case: only case creation may set it`,
    path: `variables.${name}`,
  }));
  return AppError.badRequest(
    'VARIABLES.PROTECTED',
    `These variables route the case and cannot be set by this command: ${names.join(', ')}`,
    errors,
  );
}
