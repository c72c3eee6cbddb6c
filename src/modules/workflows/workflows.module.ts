import { Module } from '@nestjs/common';
import { WorkflowLoader } from './workflow-loader.js';

@Module({ providers: [WorkflowLoader], exports: [WorkflowLoader] })
export class WorkflowsModule {}
