import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { compile, type CompileWarning, type ProcessModel } from '../../../engine/index.js';
import type { ProcessDefinitionOrm } from '../../../persistence/entities/index.js';
import { DefinitionRepository } from '../../../persistence/repositories/definition.repository.js';
import { AppError } from '../../../shared/errors/app-error.js';

export interface LoadedDefinition {
  row: ProcessDefinitionOrm;
  model: ProcessModel;
}

/**
 * Compiled models by definition id. Published definitions are immutable, so a model compiled once
 * stays valid for the life of the process; the XML in the database is the source of truth.
 */
@Injectable()
export class DefinitionModels {
  private readonly cache = new Map<string, ProcessModel>();
  private readonly loaded = new Map<string, LoadedDefinition>();

  constructor(
    private readonly definitions: DefinitionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compileOrThrow(xml: string): Promise<ProcessModel[]> {
    return (await this.compileWithWarnings(xml)).models;
  }

  /** As compileOrThrow, with the warnings of a file that compiles (shown in the deploy answer). */
  async compileWithWarnings(xml: string): Promise<{ models: ProcessModel[]; warnings: CompileWarning[] }> {
    if (Buffer.byteLength(xml) > this.config.maxBpmnBytes) {
      throw new AppError('BPMN.TOO_LARGE', 413, `A BPMN file may be at most ${this.config.maxBpmnBytes} bytes`);
    }
    const result = await compile(xml);
    if (result.errors) {
      const first = result.errors[0];
      const summary = first ? `${first.code}: ${first.message}` : 'invalid';
      throw AppError.invalid(
        'BPMN.INVALID',
        `The BPMN file was refused (${result.errors.length} problem(s); first: ${summary})`,
        result.errors.map((e) => ({
          code: e.code,
          message: e.message,
          ...(e.elementId ? { elementId: e.elementId } : {}),
        })),
      );
    }
    return { models: result.models, warnings: result.warnings };
  }

  /** Every command loads its case's definition: served from memory after the first time (versions never change). */
  async byId(id: string): Promise<LoadedDefinition> {
    const hit = this.loaded.get(id);
    if (hit) return hit;
    const row = await this.definitions.findById(id);
    if (!row) throw AppError.notFound('DEFINITION.NOT_FOUND', `No process definition ${id}`);
    const loaded = { row, model: await this.modelOf(row) };
    this.loaded.set(id, loaded);
    return loaded;
  }

  /**
   * A key's latest version. Only its id is read (a new version may have been deployed by any node);
   * the version itself, XML and compiled model, comes from memory after the first time.
   */
  async latest(key: string): Promise<LoadedDefinition> {
    const id = await this.definitions.findLatestId(key);
    if (!id) throw AppError.notFound('DEFINITION.NOT_FOUND', `No process definition with key ${key}`);
    return this.byId(id);
  }

  async modelOf(row: ProcessDefinitionOrm): Promise<ProcessModel> {
    const cached = this.cache.get(row.id);
    if (cached) return cached;
    const models = await this.compileOrThrow(row.xml);
    const model = models.find((m) => m.key === row.key);
    if (!model) throw new AppError('DEFINITION.CORRUPT', 500, `Stored definition ${row.id} lost process ${row.key}`);
    this.cache.set(row.id, model);
    return model;
  }
}
