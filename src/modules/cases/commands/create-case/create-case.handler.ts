import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { start } from '../../../../engine/index.js';
import type { ServiceItemOrm } from '../../../../persistence/entities/index.js';
import { ItemRepository } from '../../../../persistence/repositories/item.repository.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { DefinitionModels } from '../../../definitions/domain/definition-models.js';
import { applyEffects } from '../../domain/effect-writer.js';
import { CalendarProvider } from '../../domain/calendar-provider.js';
import { nextCaseNo, newQueryCode } from '../../domain/case-number.js';
import type { CaseRow } from '../../domain/case-row.js';
import { CaseRunner } from '../../domain/case-runner.js';
import type { CaseDomainEvent } from '../../domain/case-events.js';
import { CaseReader } from '../../queries/get-case/case.reader.js';
import type { CaseView } from '../../dtos/case.view.js';
import { CreateCaseCommand } from './create-case.command.js';

/** 接件: opens a case for an item (or a bare process), numbers it and starts the engine, in one transaction. */
@CommandHandler(CreateCaseCommand)
export class CreateCaseHandler implements ICommandHandler<CreateCaseCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly items: ItemRepository,
    private readonly models: DefinitionModels,
    private readonly runner: CaseRunner,
    private readonly reader: CaseReader,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ request: req, principal }: CreateCaseCommand): Promise<CaseView> {
    const item = req.itemCode ? await this.usableItem(req.itemCode) : null;
    const processKey = item?.processKey ?? req.processKey;
    if (!processKey) throw AppError.badRequest('CASE.ITEM_OR_PROCESS_REQUIRED', 'Give itemCode or processKey');
    const { row: def, model } = await this.models.latest(processKey);
    const department = req.department ?? item?.department ?? principal.dept;
    if (!department) throw AppError.badRequest('CASE.DEPARTMENT_REQUIRED', 'No handling department: give `department`');
    const region = req.regionCode ?? item?.regionCode ?? principal.region ?? department.slice(0, 6);
    if (!/^\d{6}$/.test(region))
      throw AppError.badRequest('CASE.REGION_REQUIRED', 'No 6-digit region code: give `regionCode`');
    const variables = { ...itemVariables(item, department, region), ...(req.variables ?? {}) };
    const id = randomUUID();
    let events: CaseDomainEvent[] = [];
    const calendar = await this.calendars.forRegion(region);

    await this.uow.run(async (tx) => {
      const now = this.clock.now();
      const started = start(
        model,
        { variables, businessKey: req.businessKey ?? null },
        { now: now.toISOString(), newId: randomUUID, calendar },
      );
      const caseNo = await nextCaseNo(tx, this.config.caseNoPattern, region, now);
      const [row] = await tx.query<CaseRow>(
        `INSERT INTO approval_case (id, case_no, query_code, region_code, department, item_code, item_name, item_version,
           process_definition_id, process_key, process_version, business_key, status, status_code, handling_type, channel,
           applicant, agent, materials, engine_state, received_at, created_by, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,'RECEIVED',1,$13,$14,$15,$16,$17,$18,$19,$20,$19,$19)
         RETURNING *`,
        [
          id,
          caseNo,
          newQueryCode(),
          region,
          department,
          item?.code ?? null,
          item?.name ?? null,
          item?.version ?? null,
          def.id,
          def.key,
          def.version,
          req.businessKey ?? null,
          item?.handlingType ?? null,
          req.channel ?? 'WINDOW',
          JSON.stringify(req.applicant),
          req.agent ? JSON.stringify(req.agent) : null,
          JSON.stringify(req.materials ?? []),
          JSON.stringify(started.state),
          now,
          principal.id,
        ],
      );
      if (!row) throw new Error('insert returned no row');
      const session = await this.runner.session(
        tx,
        row,
        { id: principal.id, name: principal.name, department: principal.dept },
        principal.kind === 'system' ? 'DEPT_PUSH' : 'UI',
      );
      await session.timeline({
        type: 'case.created',
        data: { caseNo, itemCode: item?.code ?? null, processKey: def.key, processVersion: def.version },
      });
      await session.emit('case.created', {
        itemCode: item?.code ?? null,
        processKey: def.key,
        department,
        status: 'RECEIVED',
      });
      await applyEffects(session, started.effects);
      await session.save();
      events = session.events;
    });
    this.runner.publish(events);
    return this.reader.get(id, principal);
  }

  private async usableItem(code: string): Promise<(ServiceItemOrm['data'] & ItemFields) | null> {
    const row = await this.items.findByCode(code);
    if (!row) throw AppError.notFound('ITEM.NOT_FOUND', `No approval item ${code}`);
    if (row.status !== 'IN_USE') throw AppError.conflict('ITEM.NOT_IN_USE', `Item ${code} is ${row.status}`);
    return {
      ...row.data,
      code: row.code,
      name: row.name,
      version: row.version,
      processKey: row.processKey,
      department: row.department,
      regionCode: row.regionCode,
      handlingType: row.handlingType,
    };
  }
}

interface ItemFields {
  code: string;
  name: string;
  version: number;
  processKey: string;
  department: string;
  regionCode: string;
  handlingType: string;
  leadDepartment?: string;
  jointDepartments?: { code: string }[];
  jointPolicy?: string;
  toleranceAllowed?: boolean;
  processVariables?: Record<string, unknown>;
}

/** What the shipped workflows expect from the item: departments for assignment, and tolerance. */
function itemVariables(item: ItemFields | null, department: string, region: string): Record<string, unknown> {
  const base: Record<string, unknown> = { department, regionCode: region };
  if (!item) return base;
  return {
    ...base,
    itemCode: item.code,
    leadDepartment: item.leadDepartment ?? department,
    departments: (item.jointDepartments ?? []).map((d) => d.code),
    jointPolicy: item.jointPolicy ?? 'ALL',
    toleranceAllowed: item.toleranceAllowed ?? false,
    ...(item.processVariables ?? {}),
  };
}

export type { Principal };
