import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { type ProcessModel, start } from '../../../engine/index.js';
import type { Tx } from '../../../persistence/unit-of-work.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { CalendarProvider } from './calendar-provider.js';
import { nextCaseNo, newQueryCode } from './case-number.js';
import type { CaseRow } from './case-row.js';
import { CaseRunner } from './case-runner.js';
import type { CaseSession } from './case-session.js';
import { applyEffects } from './effect-writer.js';

/** Everything a new case row needs; callers (接件 over REST, a message start event) resolve it first. */
export interface NewCase {
  id: string;
  definition: { id: string; key: string; version: number };
  model: ProcessModel;
  department: string;
  region: string;
  item: { code: string; name: string; version: number; handlingType: string | null } | null;
  businessKey: string | null;
  channel: string;
  applicant: object;
  agent: object | null;
  materials: unknown[];
  variables: Record<string, unknown>;
  /** A message or timer start event; default: the none start event. */
  startEventId?: string;
}

/**
 * Opens a case inside the caller's transaction: starts the engine, numbers the case, inserts the row,
 * writes case.created to the timeline and outbox and records the start effects. The caller saves the
 * returned session and publishes its events after commit, like any other case command.
 */
@Injectable()
export class CaseOpener {
  constructor(
    private readonly runner: CaseRunner,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(tx: Tx, c: NewCase, principal: Principal): Promise<CaseSession> {
    const calendar = await this.calendars.forRegion(c.region);
    const now = this.clock.now();
    const started = start(
      c.model,
      {
        variables: c.variables,
        businessKey: c.businessKey,
        ...(c.startEventId ? { startEventId: c.startEventId } : {}),
      },
      { now: now.toISOString(), newId: randomUUID, calendar },
    );
    const caseNo = await nextCaseNo(tx, this.config.caseNoPattern, c.region, now);
    const [row] = await tx.query<CaseRow>(
      `INSERT INTO approval_case (id, case_no, query_code, region_code, department, item_code, item_name, item_version,
         process_definition_id, process_key, process_version, business_key, status, status_code, handling_type, channel,
         applicant, agent, materials, engine_state, received_at, created_by, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,'RECEIVED',1,$13,$14,$15,$16,$17,$18,$19,$20,$19,$19)
       RETURNING *`,
      [
        c.id,
        caseNo,
        newQueryCode(),
        c.region,
        c.department,
        c.item?.code ?? null,
        c.item?.name ?? null,
        c.item?.version ?? null,
        c.definition.id,
        c.definition.key,
        c.definition.version,
        c.businessKey,
        c.item?.handlingType ?? null,
        c.channel,
        JSON.stringify(c.applicant),
        c.agent ? JSON.stringify(c.agent) : null,
        JSON.stringify(c.materials),
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
      data: {
        caseNo,
        itemCode: c.item?.code ?? null,
        processKey: c.definition.key,
        processVersion: c.definition.version,
        ...(c.startEventId ? { startEventId: c.startEventId } : {}),
      },
    });
    await session.emit('case.created', {
      itemCode: c.item?.code ?? null,
      processKey: c.definition.key,
      department: c.department,
      status: 'RECEIVED',
    });
    await applyEffects(session, started.effects);
    return session;
  }
}
