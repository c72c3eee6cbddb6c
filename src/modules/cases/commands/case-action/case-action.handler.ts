import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ItemRepository } from '../../../../persistence/repositories/item.repository.js';
import { CaseViewCommand } from '../../application/case-view-command.js';
import type { CaseSession } from '../../domain/case-session.js';
import type { CaseView } from '../../dtos/case.view.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import type { Action } from '../../../../shared/auth/authorisation-table.js';
import { cancel, withdraw } from './lifecycle.actions.js';
import { decideExtension, requestExtension } from './extension.actions.js';
import { requestCorrection, resume, submitCorrection, suspend } from './pause.actions.js';
import { endSpecialProcedure, startSpecialProcedure } from './time-limit.actions.js';
import { type CaseAction, CaseActionCommand } from './case-action.command.js';
import { requireNoPendingWithdrawal } from '../decide-withdrawal/withdrawal-guard.js';

const ACTIONS: Record<CaseAction['kind'], Action> = {
  withdraw: 'case.withdraw',
  suspend: 'case.suspend',
  resume: 'case.resume',
  cancel: 'case.cancel',
  extend: 'case.extend',
  decideExtension: 'case.extension.decide',
  requestCorrection: 'case.correction.request',
  submitCorrection: 'case.correction.submit',
  startSpecialProcedure: 'case.special-procedure.start',
  endSpecialProcedure: 'case.special-procedure.end',
};

/** Case actions: each is one command in one transaction, with a timeline entry and a status change (domain.md §3.3). */
@CommandHandler(CaseActionCommand)
export class CaseActionHandler implements ICommandHandler<CaseActionCommand> {
  constructor(
    private readonly command: CaseViewCommand,
    private readonly items: ItemRepository,
  ) {}

  execute({ caseId, action, principal }: CaseActionCommand): Promise<CaseView> {
    return this.command.run(caseId, principal, ACTIONS[action.kind], async (s) => {
      requireNoPendingWithdrawal(s, action.kind);
      await this.apply(s, action, principal);
    });
  }

  private async apply(s: CaseSession, a: CaseAction, p: CaseActionCommand['principal']): Promise<void> {
    switch (a.kind) {
      case 'withdraw':
        return withdraw(s, a.reason);
      case 'cancel':
        return cancel(s, a.reason, p);
      case 'suspend':
        return suspend(s, a.reason);
      case 'resume':
        return resume(s, a.reason ?? null);
      case 'startSpecialProcedure': {
        await startSpecialProcedure(s, a.type, a.reason, a.plannedDays, await this.procedureDefs(s));
        return;
      }
      case 'endSpecialProcedure':
        return endSpecialProcedure(s, a.procedureId, a.result);
      case 'extend':
        await requestExtension(s, a.days, a.reason, p);
        return;
      case 'requestCorrection': {
        const pauses = s.timing?.correctionPausesClock ?? true;
        await requestCorrection(s, a.reason, a.materials, pauses);
        return;
      }
      case 'submitCorrection':
        return submitCorrection(s, a.correctionId, a.note);
      case 'decideExtension':
        return decideExtension(s, a.extensionId, a.approve, a.opinion, p);
    }
  }

  /** The item's special procedure definitions; null (anything goes) for a case run without an item. */
  private async procedureDefs(
    s: CaseSession,
  ): Promise<{ type: string; name?: string; countsInLegalLimit?: boolean }[] | null> {
    if (!s.row.item_code) return null;
    const item = await this.items.findByCode(s.row.item_code);
    if (!item) throw AppError.conflict('ITEM.NOT_FOUND', `The case's item ${s.row.item_code} no longer exists`);
    return (item.data.specialProcedures as { type: string }[] | undefined) ?? [];
  }
}
