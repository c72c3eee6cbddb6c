import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { ProxyView, SetProxyRequestDto } from './set-proxy.request.dto.js';

/** Declares (or replaces) the caller's standing proxy (代理); `request: null` removes it. */
export class SetProxyCommand extends Command<ProxyView | null> {
  constructor(
    readonly request: SetProxyRequestDto | null,
    readonly principal: Principal,
  ) {
    super();
  }
}
