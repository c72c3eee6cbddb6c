import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { ProxyDirectory } from '../../application/proxy-directory.js';
import { SetProxyCommand } from './set-proxy.command.js';
import { proxyView } from './set-proxy.handler.js';
import { ProxyView, SetProxyRequestDto } from './set-proxy.request.dto.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/proxy')
export class ProxyHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: ProxyDirectory,
    private readonly clock: ClockService,
  ) {}

  @Get()
  @Authorise('me.proxy')
  @ApiOperation({
    summary: 'Your standing proxy (代理)',
    description:
      'The declaration that is in force or still to come; 404 PROXY.NOT_FOUND when there is none (or it ended).',
  })
  @ApiOkResponse({ type: ProxyView })
  @ApiResponse({ status: 404, description: 'PROXY.NOT_FOUND' })
  get(@CurrentPrincipal() p: Principal): ProxyView {
    const now = this.clock.now();
    const d = this.directory.declarations().find((x) => x.userId === p.id && x.endsAt.getTime() > now.getTime());
    if (!d) throw AppError.notFound('PROXY.NOT_FOUND', 'You have no proxy');
    return proxyView(d, now);
  }

  @Put()
  @Authorise('me.proxy')
  @ApiOperation({
    summary: 'Declare a standing proxy for a period (代理, out of office)',
    description:
      'While the period runs, tasks that would be assigned to you or that you claim go to the proxy, who acts on ' +
      'your behalf (the timeline names both). It ends by itself at `until` (service clock). Replaces an earlier ' +
      'declaration. Refused: yourself (422 PROXY.SELF), a period that ended, is reversed or longer than 366 days ' +
      '(422 PROXY.INVALID_PERIOD), a proxy who is away then or whom you cover for then (409 PROXY.CHAIN).',
  })
  @ApiOkResponse({ type: ProxyView })
  @ApiResponse({ status: 409, description: 'PROXY.CHAIN' })
  @ApiResponse({ status: 422, description: 'PROXY.SELF, PROXY.INVALID_PERIOD' })
  async put(@Body() body: SetProxyRequestDto, @CurrentPrincipal() p: Principal): Promise<ProxyView> {
    return (await this.commands.execute(new SetProxyCommand(body, p))) as ProxyView;
  }

  @Delete()
  @Authorise('me.proxy')
  @HttpCode(204)
  @ApiOperation({ summary: 'End your proxy now (back in office)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiResponse({ status: 404, description: 'PROXY.NOT_FOUND' })
  async remove(@CurrentPrincipal() p: Principal): Promise<void> {
    await this.commands.execute(new SetProxyCommand(null, p));
  }
}
