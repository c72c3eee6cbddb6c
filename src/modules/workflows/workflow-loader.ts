import fs from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CalendarRepository, type CalendarYear } from '../../persistence/repositories/calendar.repository.js';
import { DeployDefinitionCommand } from '../definitions/commands/deploy-definition/deploy-definition.command.js';
import { SaveItemCommand } from '../items/commands/save-item/save-item.command.js';
import { ItemRequestDto } from '../items/dtos/item.request.dto.js';

export interface LoadSummary {
  definitions: { file: string; key: string; version: number; created: boolean }[];
  items: number;
  calendars: number;
}

/** Held for the whole load, on its own connection: the loads of nodes started together take turns. */
const LOAD_LOCK = 7274624;

/**
 * Loads the shipped content of `workflows/` at start-up: BPMN files, then the item catalogue (which
 * refers to process keys), then holiday calendars. Idempotent: unchanged files create no versions.
 * Nodes started together on one database load one after another (a session advisory lock), so the
 * second finds everything in place instead of racing the first to insert it.
 * A broken shipped file stops the start-up — shipping one is a bug, not something to run around.
 */
@Injectable()
export class WorkflowLoader {
  private readonly logger = new Logger('Workflows');

  constructor(
    private readonly commands: CommandBus,
    private readonly calendars: CalendarRepository,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async load(dir = this.config.workflowsDir): Promise<LoadSummary> {
    const lock = this.db.createQueryRunner();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [LOAD_LOCK]);
      try {
        return await this.loadLocked(dir);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [LOAD_LOCK]);
      }
    } finally {
      await lock.release();
    }
  }

  private async loadLocked(dir: string): Promise<LoadSummary> {
    const summary: LoadSummary = { definitions: [], items: 0, calendars: 0 };
    if (!fs.existsSync(dir)) {
      this.logger.warn(`no workflows folder at ${dir}; nothing shipped is loaded`);
      return summary;
    }
    for (const file of listFiles(dir, '.bpmn')) {
      const xml = fs.readFileSync(path.join(dir, file), 'utf8');
      const result = await this.commands.execute(new DeployDefinitionCommand(xml, file, false, 'system', 'workflows'));
      for (const d of result.definitions)
        summary.definitions.push({ file, key: d.key, version: d.version, created: d.created });
    }
    // The shipped items are samples (Zhengzhou's catalogue): production loads them only when asked.
    const itemFiles = this.config.loadSamples ? listFiles(path.join(dir, 'items'), '.json') : [];
    for (const file of itemFiles) {
      const item = plainToInstance(ItemRequestDto, readJson(path.join(dir, 'items', file)));
      const errors = await validate(item, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0)
        throw new Error(`workflows/items/${file} is not a valid item: ${errors.map((e) => e.property).join(', ')}`);
      await this.commands.execute(new SaveItemCommand(item, 'upsert', 'system'));
      summary.items++;
    }
    for (const file of listFiles(path.join(dir, 'calendars'), '.json')) {
      const cal = readJson(path.join(dir, 'calendars', file)) as CalendarYear;
      await this.calendars.upsert({ ...cal, source: cal.source ?? file });
      summary.calendars++;
    }
    return summary;
  }
}

function listFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort();
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}
