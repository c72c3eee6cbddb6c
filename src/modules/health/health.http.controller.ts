import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseHealth } from '../../persistence/database-health.js';
import { Public } from '../../shared/auth/decorators.js';
import { DB_RETRY_AFTER_SECONDS } from '../../shared/errors/database-unavailable.js';
import { MetricsRegistry } from './metrics.registry.js';

@ApiTags('ops')
@Public()
@Controller()
export class HealthHttpController {
  constructor(
    private readonly db: DatabaseHealth,
    private readonly metrics: MetricsRegistry,
  ) {}

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'ok' } } })
  @ApiServiceUnavailableResponse({
    description: 'The database does not answer (with `Retry-After`)',
    schema: { example: { status: 'unavailable', database: 'down' } },
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string; database: string }> {
    if (await this.db.ping()) return { status: 'ok', database: 'ok' };
    res.status(503).setHeader('Retry-After', String(DB_RETRY_AFTER_SECONDS));
    return { status: 'unavailable', database: 'down' };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
