import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import type { ProcessModel } from '../../../engine/index.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { protectedError, protectedIn, ROUTING_VARIABLES, type Variables } from '../domain/protected-variables.js';

export const MAX_VARIABLE_NAME_LENGTH = 128;

/** OpenAPI text for the 400s of an entry point that takes `variables`. */
export const VARIABLES_ERRORS_DOC =
  'VARIABLES.TOO_LARGE (the variables JSON is over VARIABLES_MAX_BYTES, default 64 KB), ' +
  'VARIABLES.INVALID_NAME (a blank, over-long or control-character name), ' +
  'VARIABLES.PROTECTED (a routing variable — department, leadDepartment, departments, jointPolicy, itemCode, ' +
  'regionCode or one the process declares in tb:protectedVariables — named in errors[])';

/** Names that would reach an object's prototype when a value is assigned rather than defined. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
// eslint-disable-next-line no-control-regex -- control characters are exactly what the rule is about
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * The one check every entry point that takes `variables` calls: size and names for all of them, and
 * for anything but case creation, no protected (routing) variable. Throws a coded 400; never trims.
 */
@Injectable()
export class VariablePolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'variablesMaxBytes'>) {}

  /** Size and names; for case creation, and as the first step of every other entry point. */
  checkShape(variables: Variables): void {
    if (!variables) return;
    const bytes = jsonBytes(variables);
    const max = this.config.variablesMaxBytes;
    if (bytes > max) {
      throw new AppError(
        'VARIABLES.TOO_LARGE',
        400,
        `The variables take ${bytes} bytes as JSON; at most ${max} are allowed per command`,
        [{ code: 'VARIABLES.TOO_LARGE', message: `at most ${max} bytes`, path: 'variables' }],
        { maxBytes: max },
      );
    }
    const bad = Object.keys(variables).filter((name) => !validName(name));
    if (bad.length > 0) {
      throw AppError.badRequest(
        'VARIABLES.INVALID_NAME',
        `Variable names are 1 to ${MAX_VARIABLE_NAME_LENGTH} characters, not blank, without control characters, and not ${[...RESERVED_NAMES].join(', ')}`,
        bad.map((name) => ({
          code: 'VARIABLES.INVALID_NAME',
          message: 'not a usable variable name',
          path: `variables.${printable(name)}`,
        })),
      );
    }
  }

  /**
   * A command on a running case (task completion, message, external task): shape, then no variable that
   * routes the case — built in, or declared by the process with `tb:protectedVariables`.
   * Without a model only the built-in routing variables are known (checked before any case is chosen).
   */
  checkWrite(variables: Variables, model?: ProcessModel): void {
    this.checkShape(variables);
    const names = model
      ? protectedIn(variables, model)
      : Object.keys(variables ?? {}).filter((n) => (ROUTING_VARIABLES as readonly string[]).includes(n));
    if (names.length > 0) throw protectedError(names);
  }

  /**
   * Case creation sets the routing variables, but those that repeat a field of the case itself
   * (department, region, item) must agree with it: the row and the engine would otherwise route apart.
   */
  checkOpening(variables: Variables, fixed: Record<string, string | null>): void {
    this.checkShape(variables);
    const names = Object.entries(fixed)
      .filter(([name, value]) => variables && name in variables && variables[name] !== value)
      .map(([name]) => name);
    if (names.length > 0) {
      throw AppError.badRequest(
        'VARIABLES.PROTECTED',
        `${names.join(', ')} must match the case's own ${names.length > 1 ? 'fields' : 'field'}; give them as request fields instead`,
        names.map((name) => ({
          code: 'VARIABLES.PROTECTED',
          message: `differs from the case's ${name}`,
          path: `variables.${name}`,
        })),
      );
    }
  }
}

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function validName(name: string): boolean {
  return (
    name.trim() !== '' &&
    name.length <= MAX_VARIABLE_NAME_LENGTH &&
    !CONTROL_CHARS.test(name) &&
    !RESERVED_NAMES.has(name)
  );
}

/** A name as it may appear in an error: cut short and without control characters. */
function printable(name: string): string {
  return [...name.slice(0, 64)].map((c) => (CONTROL_CHARS.test(c) ? '?' : c)).join('');
}
