import { Module } from '@nestjs/common';
import { SupervisionHttpController } from './supervision.http.controller.js';
import { SupervisionReader } from './supervision.reader.js';

/** E-supervision reads; alerts themselves are raised inside case commands (timing/domain/sync-time-limits). */
@Module({ controllers: [SupervisionHttpController], providers: [SupervisionReader] })
export class SupervisionModule {}
