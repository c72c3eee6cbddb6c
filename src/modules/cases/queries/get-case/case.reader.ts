import { Injectable } from '@nestjs/common';
import { activeElements } from '../../../../engine/index.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import {
  authoriseCase,
  type CaseFacts,
  loadCaseFacts,
  mayCase,
  type WorkItemFacts,
} from '../../../../shared/auth/access-policy.js';
import type { Action } from '../../../../shared/auth/authorisation-table.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { DefinitionModels } from '../../../definitions/application/definition-models.js';
import type { CaseRow } from '../../domain/case-row.js';
import type { TaskRow } from '../../../tasks/domain/task-row.js';
import type { CaseSession } from '../../domain/case-session.js';
import type {
  CaseView,
  ClockViewDto,
  DeliveryClockDto,
  ExtensionViewDto,
  OpenTaskRefDto,
  PauseViewDto,
} from '../../dtos/case.view.js';

interface OpenTaskRow {
  id: string;
  case_id: string;
  element_id: string;
  name: string | null;
  step: string | null;
  candidate_departments: string[];
  assignee: string | null;
  due_at: Date | null;
}

/** What `planned` needs of a command's session. */
export type PlannedCase = Pick<CaseSession, 'row' | 'tasks' | 'openTasks'>;

/** Reads cases as the caller may see them: department isolation, and applicant masking. */
@Injectable()
export class CaseReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
  ) {}

  /**
   * The case as the caller may see it; `action` is the read the route performs (the table decides).
   * A command's answer is built from its plan instead (`planned`).
   */
  async get(id: string, p: Principal, action: Action = 'case.read'): Promise<CaseView> {
    const [row] = await this.uow.query<CaseRow>('SELECT * FROM approval_case WHERE id = $1', [id]);
    // Invisible and missing look the same, so ids of other departments' cases cannot be probed.
    if (!row) throw AppError.notFound('CASE.NOT_FOUND', `No case ${id}`);
    authoriseCase(action, p, id, await loadCaseFacts(this.uow, row));
    const [view] = await this.toViews([row], p);
    return view!;
  }

  /**
   * The view of a case as a command has just planned it (its rows in hand, not yet written): the
   * answer of creation and of the case actions, built without reading back what the command writes.
   * `before`: the case's facts the command read under its lock (none for a case it opens); the work
   * items the command read or created replace theirs. A new case's number may still be a
   * placeholder, replaced once the write takes it.
   */
  async planned(s: PlannedCase, p: Principal, before?: CaseFacts): Promise<CaseView> {
    const { row } = s;
    const touched = s.tasks();
    const ids = new Set(touched.map((t) => t.id));
    const facts: CaseFacts = {
      department: row.department,
      created_by: row.created_by,
      workItems: [...(before?.workItems ?? []).filter((w) => !w.id || !ids.has(w.id)), ...touched],
      ...(before?.copies ? { copies: before.copies } : {}),
    };
    authoriseCase('case.read', p, row.id, facts);
    // The session holds every open item of the case (the lock reads them all) and those it created.
    return this.view(
      row,
      p,
      facts,
      s.openTasks().filter((t) => t.kind === 'user'),
    );
  }

  async toViews(rows: CaseRow[], p: Principal): Promise<CaseView[]> {
    if (rows.length === 0) return [];
    // One read of every item of these cases (through work_item_case): the authorisation facts need
    // them all, the view only the open user tasks.
    const items = await this.uow.query<OpenTaskRow & WorkItemFacts & { state: string; kind: string }>(
      `SELECT id, case_id, element_id, name, step, candidate_departments, assignee, owner, due_at, state, kind
         FROM work_item WHERE case_id = ANY($1::uuid[]) ORDER BY seq`,
      [rows.map((r) => r.id)],
    );
    const tasks = items.filter((t) => t.state === 'open' && t.kind === 'user');
    const views: CaseView[] = [];
    for (const row of rows) {
      const facts: CaseFacts = {
        department: row.department,
        created_by: row.created_by,
        workItems: items.filter((w) => w.case_id === row.id),
      };
      views.push(
        await this.view(
          row,
          p,
          facts,
          tasks.filter((t) => t.case_id === row.id),
        ),
      );
    }
    return views;
  }

  /** One case's view: `open` its open user tasks in order; the facts decide whether the applicant is masked. */
  private async view(
    row: CaseRow,
    p: Principal,
    facts: CaseFacts,
    open: readonly (OpenTaskRow | TaskRow)[],
  ): Promise<CaseView> {
    const { model } = await this.models.byId(row.process_definition_id);
    const active = activeElements(model, row.engine_state);
    return toView(row, p, active, open.map(toTaskRef), mayCase('case.pii', p, facts));
  }
}

function toTaskRef(t: OpenTaskRow | TaskRow): OpenTaskRefDto {
  return {
    id: t.id,
    elementId: t.element_id,
    name: t.name,
    step: t.step,
    candidateDepartments: t.candidate_departments,
    assignee: t.assignee,
    dueAt: t.due_at?.toISOString() ?? null,
  };
}

function toView(
  row: CaseRow,
  p: Principal,
  active: CaseView['activeElements'],
  openTasks: OpenTaskRefDto[],
  full: boolean,
): CaseView {
  const clocks = row.clocks as {
    legal?: ClockViewDto;
    promised?: ClockViewDto;
    pauses?: PauseViewDto[];
    extensions?: ExtensionViewDto[];
    delivery?: DeliveryClockDto | null;
    calendarFallbackYears?: number[];
  };
  return {
    id: row.id,
    caseNo: row.case_no,
    ...(p.kind === 'user' ? { queryCode: row.query_code } : {}),
    status: row.status,
    statusCode: row.status_code,
    resultPhase: row.result_phase,
    itemCode: row.item_code,
    itemName: row.item_name,
    processKey: row.process_key,
    processVersion: row.process_version,
    businessKey: row.business_key,
    department: row.department,
    regionCode: row.region_code,
    channel: row.channel,
    applicant: full ? row.applicant : maskPerson(row.applicant),
    agent: row.agent ? (full ? row.agent : maskPerson(row.agent)) : null,
    materials: row.materials,
    isTolerance: row.is_tolerance,
    ...rulesOf(row.clocks),
    variables: row.engine_state.variables,
    activeElements: active,
    openTasks,
    clocks: {
      legal: clocks.legal ?? emptyClock(),
      promised: clocks.promised ?? emptyClock(),
      pauses: clocks.pauses ?? [],
      extensions: clocks.extensions ?? [],
      delivery: clocks.delivery ?? null,
      calendarFallbackYears: clocks.calendarFallbackYears ?? [],
    },
    timeState: row.time_state,
    receivedAt: row.received_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    decisionAt: row.decision_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
  };
}

function emptyClock(): ClockViewDto {
  return {
    dueAt: null,
    limit: null,
    elapsedWorkingDays: 0,
    remainingWorkingDays: null,
    paused: false,
    running: false,
    extendedWorkingDays: 0,
  };
}

/** Keeps what a reviewer needs (name, type, USCC) and hides personal identifiers. */
export function maskPerson(person: Record<string, unknown>): Record<string, unknown> {
  const mask = (v: unknown): unknown =>
    typeof v === 'string' && v.length > 4 ? `${v.slice(0, 3)}${'*'.repeat(v.length - 5)}${v.slice(-2)}` : v;
  return {
    ...person,
    idNumber: mask(person.idNumber),
    phone: mask(person.phone),
    address: person.address ? '***' : undefined,
  };
}

/** The rule records kept on the case (tolerance, withdrawals, commitment), when there are any. */
function rulesOf(clocks: Record<string, unknown>): { rules?: Record<string, unknown> } {
  const rules = Object.fromEntries(
    (['tolerance', 'withdrawals', 'commitment'] as const).filter((k) => clocks[k] != null).map((k) => [k, clocks[k]]),
  );
  return Object.keys(rules).length > 0 ? { rules } : {};
}
