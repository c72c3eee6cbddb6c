import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Principal } from '../../../shared/auth/principal.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { DefinitionModels } from '../../definitions/application/definition-models.js';
import { CaseOpener } from './case-opener.js';
import { CaseRunner } from './case-runner.js';
import type { CallStarted, CaseSession } from '../domain/case-session.js';
import { protectedVariablesOf } from '../domain/protected-variables.js';
import type { Trigger } from '../../../engine/index.js';

/**
 * Call activities as child cases (ADR 0012: the one path that locks a second case). When a command
 * saves, in its transaction: each call it started
 * opens a child case (latest version of the called process, same department and applicant); each
 * call it cancelled cancels its child; and a child that ended answers its parent's call with its
 * variables (the engine applies the out-mappings); an escalation nothing caught in a child is raised
 * at its call activity in the parent (escalateCall), before the child's end is answered. A child opened
 * by the parent in this very command is answered by the parent directly, since the parent's session is
 * the one in hand; likewise a parent whose escalation boundary interrupts the call cancels the child
 * in hand rather than locking it again.
 */
@Injectable()
export class CallActivities implements OnModuleInit {
  constructor(
    private readonly models: DefinitionModels,
    private readonly opener: CaseOpener,
    private readonly runner: CaseRunner,
  ) {}

  onModuleInit(): void {
    this.runner.useCallSettler((s) => this.settle(s));
  }

  async settle(s: CaseSession): Promise<void> {
    for (let call = s.calls.started.shift(); call; call = s.calls.started.shift()) {
      const child = await this.openChild(s, call);
      for (const esc of child.calls.escalated.splice(0)) {
        if (!callOpen(s, call.callId)) break;
        await s.advance({ type: 'escalateCall', callId: call.callId, escalationCode: esc.escalationCode });
      }
      if (child.row.ended_at && callOpen(s, call.callId)) {
        await s.advance(callCompleted(s, call.callId, child));
      }
    }
    if (s.row.parent_case_id && !s.openedBy && (s.endedNow || s.calls.escalated.length > 0)) await this.toParent(s);
    s.calls.escalated.length = 0;
    for (const callId of s.calls.cancelled.splice(0)) await this.cancelChild(s, callId);
  }

  private async openChild(s: CaseSession, call: CallStarted): Promise<CaseSession> {
    const called = await this.models.latest(call.processKey).catch(() => {
      throw AppError.invalid(
        'CASE.CALLED_PROCESS_NOT_FOUND',
        `${call.elementId} calls ${call.processKey}, which is not deployed`,
      );
    });
    const principal: Principal = {
      kind: 'user',
      id: s.actor.id,
      name: s.actor.name,
      roles: [],
      dept: s.actor.department,
      region: null,
      scopes: [],
    };
    const child = await this.opener.open(
      s.tx,
      {
        id: randomUUID(),
        definition: called.row,
        model: called.model,
        department: s.row.department,
        region: s.row.region_code,
        item: null,
        businessKey: call.businessKey,
        channel: s.row.channel,
        applicant: s.row.applicant,
        agent: s.row.agent,
        materials: [],
        variables: call.variables,
        parent: { caseId: s.row.id, callId: call.callId },
      },
      principal,
    );
    child.openedBy = s;
    await child.save();
    s.events.push(...child.events);
    await s.timeline({
      type: 'call.case_opened',
      elementId: call.elementId,
      data: { callId: call.callId, caseId: child.row.id, caseNo: child.row.case_no, processKey: call.processKey },
    });
    return child;
  }

  private async cancelChild(s: CaseSession, callId: string): Promise<void> {
    await s.tx.flush(); // a child opened by this very command is found too
    const [found] = await s.tx.query<{ id: string }>(
      'SELECT id FROM approval_case WHERE parent_case_id = $1 AND parent_call_id = $2',
      [s.row.id, callId],
    );
    const child = found ? await this.runner.lockCase(s.tx, found.id, s.actor, 'SYSTEM') : null;
    if (!child || child.row.ended_at) return;
    child.openedBy = s;
    await child.timeline({ type: 'case.cancelled', opinion: '上级办件的调用已取消', data: { parentCaseId: s.row.id } });
    await child.setStatus('REVOKED', null, { reason: 'parent call cancelled' });
    await child.advance({ type: 'cancel', reason: 'parent call cancelled' });
    await child.save();
    s.events.push(...child.events);
  }

  /** Raises this case's uncaught escalations at the parent's call, then answers the call if this case ended. */
  private async toParent(s: CaseSession): Promise<void> {
    const callId = s.row.parent_call_id;
    if (!s.row.parent_case_id || !callId) return;
    const parent = await this.runner.lockCase(s.tx, s.row.parent_case_id, s.actor, 'SYSTEM');
    if (!parent || parent.row.ended_at) return;
    for (const esc of s.calls.escalated.splice(0)) {
      if (!callOpen(parent, callId)) break;
      await parent.timeline({
        type: 'call.escalated',
        data: { callId, caseId: s.row.id, elementId: esc.elementId, escalationCode: esc.escalationCode },
      });
      await parent.advance({ type: 'escalateCall', callId, escalationCode: esc.escalationCode });
    }
    const interrupted = parent.calls.cancelled.indexOf(callId);
    if (interrupted >= 0) {
      // The parent's interrupting boundary cancelled the call: this case is the one in hand, cancel it here.
      parent.calls.cancelled.splice(interrupted, 1);
      if (!s.row.ended_at) {
        await s.timeline({
          type: 'case.cancelled',
          opinion: '上级办件的调用已取消',
          data: { parentCaseId: parent.row.id },
        });
        await s.setStatus('REVOKED', null, { reason: 'parent call cancelled' });
        await s.advance({ type: 'cancel', reason: 'parent call cancelled' });
      }
    } else if (s.endedNow && callOpen(parent, callId)) {
      await parent.timeline({ type: 'call.case_ended', data: { callId, caseId: s.row.id, status: s.row.status } });
      await parent.advance(callCompleted(parent, callId, s));
    }
    await parent.save();
    s.events.push(...parent.events);
  }
}

function callOpen(s: CaseSession, callId: string): boolean {
  return s.state.status === 'running' && s.state.calls.some((c) => c.callId === callId);
}

/** The child's variables return through the out-mappings, but never over the parent's routing variables. */
function callCompleted(parent: CaseSession, callId: string, child: CaseSession): Trigger {
  return {
    type: 'completeCallActivity',
    callId,
    variables: child.state.variables,
    protectedVariables: [...protectedVariablesOf(parent.model)],
  };
}
