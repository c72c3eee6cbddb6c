import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal.js';

export const PUBLIC_KEY = 'tongban:public';
export const ROLES_KEY = 'tongban:roles';
export const SCOPES_KEY = 'tongban:scopes';
export const BASIC_API_KEY = 'tongban:basic-api-key';

/** No authentication (health, docs, public case query). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Any of these roles may call the route; `admin` always may. */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** API keys need one of these scopes (users are checked by role instead). */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator => SetMetadata(SCOPES_KEY, scopes);

/**
 * The route also accepts an API key as `Authorization: Basic base64(keyId:secret)`, the way Camunda 7
 * clients authenticate (their BasicAuthInterceptor); only the Camunda-compatible routes opt in.
 */
export const AllowBasicApiKey = (): MethodDecorator & ClassDecorator => SetMetadata(BASIC_API_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
  return req.principal;
});
