import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';
import { type Action, routeRoles } from './authorisation-table.js';
import { ROLES_KEY } from './decorators.js';

export const ACTION_KEY = 'tongban:action';

/**
 * The route performs this action of the authorisation table: its roles come from the table (the
 * guard answers 403 `AUTH.ROLE_MISSING` to other roles), and the handler asks the access policy
 * about the caller's relation to the case or task (403 `AUTH.FORBIDDEN_ACTION`).
 */
export const Authorise = (action: Action): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACTION_KEY, action),
    SetMetadata(
      ROLES_KEY,
      routeRoles(action).filter((r) => r !== 'system'),
    ),
    ApiExtension('x-tongban-action', action),
    ApiForbiddenResponse({
      description: `AUTH.ROLE_MISSING (role), AUTH.FORBIDDEN_ACTION (your relation to the case or task does not allow ${action})`,
    }),
  );
