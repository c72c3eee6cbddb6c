import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ServiceItemOrm } from '../../../../persistence/entities/index.js';
import { ItemRepository } from '../../../../persistence/repositories/item.repository.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { DefinitionModels } from '../../../definitions/application/definition-models.js';
import { CaseOpener } from '../../application/case-opener.js';
import { CaseRunner } from '../../application/case-runner.js';
import { VariablePolicy } from '../../application/variable-policy.js';
import { CaseReader } from '../../queries/get-case/case.reader.js';
import type { CaseView } from '../../dtos/case.view.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { checkPartyIdentifiers } from '../../domain/party-identifiers.js';
import { CreateCaseCommand } from './create-case.command.js';

/** 接件: opens a case for an item (or a bare process), numbers it and starts the engine, in one transaction. */
@CommandHandler(CreateCaseCommand)
export class CreateCaseHandler implements ICommandHandler<CreateCaseCommand> {
  constructor(
    private readonly items: ItemRepository,
    private readonly models: DefinitionModels,
    private readonly runner: CaseRunner,
    private readonly reader: CaseReader,
    private readonly opener: CaseOpener,
    private readonly variablePolicy: VariablePolicy,
    private readonly clock: ClockService,
  ) {}

  async execute({ request: req, principal }: CreateCaseCommand): Promise<CaseView> {
    this.variablePolicy.checkShape(req.variables);
    checkPartyIdentifiers({ applicant: req.applicant, agent: req.agent }, this.clock.now());
    const item = req.itemCode ? await this.usableItem(req.itemCode) : null;
    const processKey = item?.processKey ?? req.processKey;
    if (!processKey) throw AppError.badRequest('CASE.ITEM_OR_PROCESS_REQUIRED', 'Give itemCode or processKey');
    const { row: def, model } = await this.models.latest(processKey);
    const department = req.department ?? item?.department ?? principal.dept;
    if (!department) throw AppError.badRequest('CASE.DEPARTMENT_REQUIRED', 'No handling department: give `department`');
    const region = req.regionCode ?? item?.regionCode ?? principal.region ?? department.slice(0, 6);
    if (!/^\d{6}$/.test(region))
      throw AppError.badRequest('CASE.REGION_REQUIRED', 'No 6-digit region code: give `regionCode`');
    // Creation may set the routing variables, but not against the case's own department, region or item.
    this.variablePolicy.checkOpening(req.variables, { department, regionCode: region, itemCode: item?.code ?? null });
    const variables = { ...itemVariables(item, department, region), ...(req.variables ?? {}) };
    const id = randomUUID();
    return this.runner.transaction(async (tx) => {
      const session = await this.opener.open(
        tx,
        {
          id,
          definition: def,
          model,
          department,
          region,
          item: item
            ? { code: item.code, name: item.name, version: item.version, handlingType: item.handlingType }
            : null,
          businessKey: req.businessKey ?? null,
          channel: req.channel ?? 'WINDOW',
          applicant: req.applicant,
          agent: req.agent ?? null,
          materials: req.materials ?? [],
          variables,
        },
        principal,
      );
      await session.save();
      // The answer is built from the plan, so the write (which takes the case number) goes with COMMIT
      // in the last message: concurrent creations of a region and day hold its counter only that long.
      return { out: await this.reader.planned(session, principal), events: session.events };
    });
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
