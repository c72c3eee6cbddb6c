import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { DatabaseHealth } from '../../persistence/database-health.js';
import { Public } from '../../shared/auth/decorators.js';
import { DB_RETRY_AFTER_SECONDS } from '../../shared/errors/database-unavailable.js';
import { HttpDrain } from '../../shared/http/http-drain.js';
import { MetricsRegistry } from './metrics.registry.js';

@ApiTags('ops')
@Public()
@Controller()
export class HealthHttpController {
  constructor(
    private readonly db: DatabaseHealth,
    private readonly metrics: MetricsRegistry,
    private readonly dataSource: DataSource,
    private readonly drain: HttpDrain,
  ) {}

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @ApiOperation({
    summary: 'Readiness: the database answers and the node is not stopping',
    description:
      'A node that received SIGTERM answers 503 `{"status":"stopping"}` while it finishes the requests in flight, ' +
      'so a load balancer routes new work elsewhere. ' +
      '`calendars` says which years have a holiday calendar loaded, per region (CN = national). Working-day ' +
      'arithmetic in other years is refused by the calendar endpoints and flagged on cases (ADR 0015).',
  })
  @ApiOkResponse({
    schema: {
      example: { status: 'ok', database: 'ok', calendars: { CN: [2025, 2026] } },
      properties: {
        status: { type: 'string' },
        database: { type: 'string' },
        calendars: { type: 'object', additionalProperties: { type: 'array', items: { type: 'integer' } } },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'The database does not answer, or the node is stopping (with `Retry-After`)',
    schema: {
      example: { status: 'unavailable', database: 'down' },
      properties: { status: { type: 'string', enum: ['unavailable', 'stopping'] }, database: { type: 'string' } },
    },
  })
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: string; database?: string; calendars?: Record<string, number[]> }> {
    const stopping = this.drain.draining;
    if (!stopping && (await this.db.ping()))
      return { status: 'ok', database: 'ok', calendars: await this.calendarYears() };
    res.status(503).setHeader('Retry-After', String(DB_RETRY_AFTER_SECONDS));
    return stopping ? { status: 'stopping' } : { status: 'unavailable', database: 'down' };
  }

  private async calendarYears(): Promise<Record<string, number[]>> {
    const rows = await this.dataSource
      .query<{ region: string; years: number[] }[]>(
        'SELECT region, array_agg(year ORDER BY year) AS years FROM holiday_calendar GROUP BY region ORDER BY region',
      )
      .catch(() => []);
    return Object.fromEntries(rows.map((r) => [r.region, r.years.map(Number)]));
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
