import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { ApiKeyVerifier } from './api-key-verifier.js';
import { BASIC_API_KEY, PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from './decorators.js';
import { verifyJwt, type JwtKey } from './jwt.js';
import type { Principal } from './principal.js';

export const JWT_KEY = Symbol('JWT_KEY');

/** Global guard: bearer JWT or X-Api-Key, then the route's roles (users) or scopes (systems). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_KEY) private readonly key: JwtKey,
    private readonly apiKeys: ApiKeyVerifier,
    @Inject(APP_CONFIG)
    private readonly config: Pick<
      AppConfig,
      'authClockSkewSeconds' | 'jwtAudience' | 'jwtIssuer' | 'jwtMaxLifetimeSeconds'
    >,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const basic = this.reflector.getAllAndOverride<boolean>(BASIC_API_KEY, targets) ?? false;
    const principal = await this.authenticate(req, basic);
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets) ?? [];
    const scopes = this.reflector.getAllAndOverride<string[] | undefined>(SCOPES_KEY, targets) ?? [];
    if (principal.kind === 'system') {
      if (!scopes.some((s) => principal.scopes.includes(s))) {
        throw AppError.forbidden(
          'AUTH.SCOPE_MISSING',
          `This API key lacks a scope for this route (${scopes.join(', ') || 'none allowed'})`,
        );
      }
      return true;
    }
    if (roles.length > 0 && !principal.roles.some((r) => r === 'admin' || roles.includes(r))) {
      throw AppError.forbidden('AUTH.ROLE_MISSING', `This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(req: Request, allowBasic: boolean): Promise<Principal> {
    const apiKey = req.header('x-api-key');
    if (apiKey) {
      const system = await this.apiKeys.verify(apiKey);
      if (!system) throw new AppError('AUTH.INVALID_API_KEY', 401, 'The API key is not valid or has been revoked');
      return system;
    }
    const header = req.header('authorization') ?? '';
    const basic = allowBasic ? /^Basic\s+([A-Za-z0-9+/=]{1,400})$/i.exec(header) : null;
    if (basic?.[1]) return this.basicApiKey(basic[1]);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('AUTH.UNAUTHENTICATED', 401, 'A bearer token or API key is required');
    const verified = verifyJwt(match[1], this.key, Math.floor(Date.now() / 1000), this.config.authClockSkewSeconds, {
      audience: this.config.jwtAudience,
      issuer: this.config.jwtIssuer,
      maxLifetimeSeconds: this.config.jwtMaxLifetimeSeconds,
    });
    if (!verified.ok) {
      throw new AppError(`AUTH.${verified.failure}`, 401, `The bearer token is refused: ${verified.reason}`);
    }
    const claims = verified.claims;
    return {
      kind: 'user',
      id: claims.sub,
      name: claims.name ?? claims.sub,
      roles: claims.roles ?? [],
      dept: claims.dept ?? null,
      region: claims.region ?? null,
      scopes: [],
    };
  }

  /** `Basic base64(keyId:secret)`: the secret must belong to that key id, so a key cannot pose as another. */
  private async basicApiKey(encoded: string): Promise<Principal> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const keyId = decoded.slice(0, colon);
    const system = colon > 0 ? await this.apiKeys.verify(decoded.slice(colon + 1)) : null;
    if (!system || system.id !== `api-key:${keyId}`) {
      throw new AppError('AUTH.INVALID_API_KEY', 401, 'The API key id and secret are not valid or have been revoked');
    }
    return system;
  }
}
