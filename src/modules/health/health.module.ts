import { Global, Module } from '@nestjs/common';
import { BusinessMetrics } from './business-metrics.js';
import { HealthHttpController } from './health.http.controller.js';
import { MetricsRegistry } from './metrics.registry.js';

@Global()
@Module({
  controllers: [HealthHttpController],
  providers: [MetricsRegistry, BusinessMetrics],
  exports: [MetricsRegistry],
})
export class HealthModule {}
