import { Global, Module } from '@nestjs/common';
import { HealthHttpController } from './health.http.controller.js';
import { MetricsRegistry } from './metrics.registry.js';

@Global()
@Module({ controllers: [HealthHttpController], providers: [MetricsRegistry], exports: [MetricsRegistry] })
export class HealthModule {}
