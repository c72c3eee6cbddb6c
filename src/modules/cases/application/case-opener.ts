import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { type ProcessModel, start } from '../../../engine/index.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { CalendarProvider } from './calendar-provider.js';
import { caseNoRequest, newQueryCode } from '../domain/case-number.js';
import type { CaseTx } from '../domain/case-port.js';
import type { CaseRow } from '../domain/case-row.js';
import { CaseRunner } from './case-runner.js';
import type { CaseSession } from '../domain/case-session.js';

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
  /** A child case of a call activity: its parent and the engine's call id. */
  parent?: { caseId: string; callId: string };
}

/**
 * Opens a case inside the caller's transaction, in memory: starts the engine, plans the row,
 * case.created in the timeline and outbox and the start effects. Nothing is read or written here:
 * the caller saves the returned session, and its change set inserts the row — taking the case
 * number at that moment — with the rest of the command.
 */
@Injectable()
export class CaseOpener {
  constructor(
    private readonly runner: CaseRunner,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(tx: CaseTx, c: NewCase, principal: Principal): Promise<CaseSession> {
    const calendar = await this.calendars.forRegion(c.region);
    const now = this.clock.now();
    const started = start(
      c.model,
      {
        variables: c.variables,
        businessKey: c.businessKey,
        ...(c.startEventId ? { startEventId: c.startEventId } : {}),
      },
      { now: now.toISOString(), newId: randomUUID, calendar, limits: this.config.engineLimits },
    );
    const placeholder = `#case-no:${c.id}#`;
    const row: CaseRow = {
      id: c.id,
      case_no: placeholder,
      query_code: newQueryCode(),
      region_code: c.region,
      department: c.department,
      item_code: c.item?.code ?? null,
      item_name: c.item?.name ?? null,
      item_version: c.item?.version ?? null,
      process_definition_id: c.definition.id,
      process_key: c.definition.key,
      process_version: c.definition.version,
      business_key: c.businessKey,
      status: 'RECEIVED',
      status_code: 1,
      result_phase: null,
      handling_type: c.item?.handlingType ?? null,
      is_tolerance: false,
      channel: c.channel,
      applicant: c.applicant as Record<string, unknown>,
      agent: c.agent as Record<string, unknown> | null,
      materials: c.materials,
      engine_state: started.state,
      clocks: {},
      time_state: 'NORMAL',
      legal_due_at: null,
      promised_due_at: null,
      received_at: now,
      accepted_at: null,
      decision_at: null,
      created_by: principal.id,
      created_at: now,
      updated_at: now,
      ended_at: null,
      version: 1,
      event_seq: 0,
      parent_case_id: c.parent?.caseId ?? null,
      parent_call_id: c.parent?.callId ?? null,
    };
    const session = await this.runner.session(
      tx,
      row,
      { id: principal.id, name: principal.name, department: principal.dept },
      principal.kind === 'system' ? 'DEPT_PUSH' : 'UI',
      [],
      true,
    );
    session.caseNo = caseNoRequest(this.config.caseNoPattern, c.region, now, placeholder);
    await session.timeline({
      type: 'case.created',
      data: {
        caseNo: placeholder,
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
    await session.record(started.effects);
    return session;
  }
}
