import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { resolveJwtKey } from '../../../../shared/auth/auth-keys.js';
import { Public } from '../../../../shared/auth/decorators.js';
import { signHs256 } from '../../../../shared/auth/jwt.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { DevLoginRequestDto, DevLoginResponseDto } from './dev-login.dto.js';

/** A working day: long enough for a development session, short enough that a leaked token dies soon. */
const TOKEN_SECONDS = 8 * 3600;

/**
 * Whether this node may mint tokens for anyone who asks (ADR 0019): only in development, with the
 * secret the service generated itself. An operator's AUTH_JWT_SECRET or AUTH_PUBLIC_KEY, or
 * NODE_ENV=production, switches it off for good — those tokens come from the operator's identity provider.
 */
export function devLoginEnabled(config: Pick<AppConfig, 'production' | 'jwtSecret' | 'jwtPublicKey'>): boolean {
  return !config.production && !config.jwtSecret && !config.jwtPublicKey;
}

/** Loopback only: HOST defaults to 0.0.0.0, and a development node on a shared network must not hand out admin. */
function fromLoopback(req: Request): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
}

@ApiTags('auth')
@Public()
@Controller('auth/dev-login')
export class DevLoginHttpController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Development only: mint a token for the roles asked for (the console sign-in)',
    description:
      'Exists only while the service verifies tokens with the secret it generated under DATA_DIR (no ' +
      'AUTH_JWT_SECRET, no AUTH_PUBLIC_KEY) and NODE_ENV is not production; otherwise 404 ' +
      'AUTH.DEV_LOGIN_DISABLED. Answers only requests from the same machine (loopback). The token is signed ' +
      'with that local secret and expires after 8 hours (or AUTH_MAX_TOKEN_LIFETIME_SECONDS if shorter); it ' +
      'carries AUTH_JWT_AUDIENCE and AUTH_JWT_ISSUER when they are set.',
  })
  @ApiOkResponse({ type: DevLoginResponseDto })
  @ApiResponse({ status: 403, description: 'AUTH.DEV_LOGIN_LOCAL_ONLY: the request did not come from loopback' })
  @ApiResponse({ status: 404, description: 'AUTH.DEV_LOGIN_DISABLED: production, or an operator-provided key' })
  login(@Body() b: DevLoginRequestDto, @Req() req: Request): DevLoginResponseDto {
    if (!devLoginEnabled(this.config))
      throw AppError.notFound(
        'AUTH.DEV_LOGIN_DISABLED',
        'Development sign-in exists only with the generated local secret outside production',
      );
    if (!fromLoopback(req))
      throw AppError.forbidden(
        'AUTH.DEV_LOGIN_LOCAL_ONLY',
        'Development sign-in answers only requests from this machine',
      );
    const key = resolveJwtKey(this.config);
    if (key.kind !== 'hs256') throw AppError.notFound('AUTH.DEV_LOGIN_DISABLED', 'No local secret to sign with');
    // The token must pass the same checks as any other: audience, issuer and longest lifetime when configured.
    const iat = Math.floor(Date.now() / 1000);
    const max = this.config.jwtMaxLifetimeSeconds;
    const exp = iat + (max > 0 ? Math.min(TOKEN_SECONDS, max) : TOKEN_SECONDS);
    const claims = {
      sub: b.sub ?? `dev-${b.roles[0]}`,
      name: b.name ?? b.sub ?? `dev-${b.roles[0]}`,
      roles: b.roles,
      ...(b.dept ? { dept: b.dept } : {}),
      ...(b.region ? { region: b.region } : {}),
      ...(this.config.jwtAudience ? { aud: this.config.jwtAudience } : {}),
      ...(this.config.jwtIssuer ? { iss: this.config.jwtIssuer } : {}),
      iat,
      exp,
    };
    return { token: signHs256(claims, key.secret), expiresAt: new Date(exp * 1000).toISOString() };
  }
}
