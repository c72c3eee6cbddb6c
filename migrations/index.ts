// Migrations are listed by class (not by glob) so the same list works for the app, the CLI and Jest.
// Append only: never edit a migration that has shipped.
import { Foundation1764300000000 } from './1764300000000-Foundation.js';
import { ApiKeys1764300100000 } from './1764300100000-ApiKeys.js';
import { CasesAndTasks1764300200000 } from './1764300200000-CasesAndTasks.js';
import { Timing1764300400000 } from './1764300400000-Timing.js';
import { Integration1764300500000 } from './1764300500000-Integration.js';
import { CaseEventSeq1764300600000 } from './1764300600000-CaseEventSeq.js';
import { InboxIndexes1764300700000 } from './1764300700000-InboxIndexes.js';
import { CallActivities1764300800000 } from './1764300800000-CallActivities.js';
import { CaseWriteFunction1764300900000 } from './1764300900000-CaseWriteFunction.js';
import { TimelineHashChain1764300990000 } from './1764300990000-TimelineHashChain.js';
import { WebhookFanOutAndWakeUps1764302070000 } from './1764302070000-WebhookFanOutAndWakeUps.js';
import { IdempotencyInCommand1764302100000 } from './1764302100000-IdempotencyInCommand.js';
import { ChangeSetRows1764303000000 } from './1764303000000-ChangeSetRows.js';
import { NodeClockPauses1764303200000 } from './1764303200000-NodeClockPauses.js';
import { TaskSigners1764303400000 } from './1764303400000-TaskSigners.js';
import { PeopleTaskOperations1764303500000 } from './1764303500000-PeopleTaskOperations.js';
import { Signals1764303700000 } from './1764303700000-Signals.js';
import { WritePlansByIndex1764303900000 } from './1764303900000-WritePlansByIndex.js';
import { AnswerInTheWrite1764304000000 } from './1764304000000-AnswerInTheWrite.js';
import { DropDuplicateJobIndex1764304100000 } from './1764304100000-DropDuplicateJobIndex.js';

export const migrations = [
  Foundation1764300000000,
  ApiKeys1764300100000,
  CasesAndTasks1764300200000,
  Timing1764300400000,
  Integration1764300500000,
  CaseEventSeq1764300600000,
  InboxIndexes1764300700000,
  CallActivities1764300800000,
  CaseWriteFunction1764300900000,
  TimelineHashChain1764300990000,
  WebhookFanOutAndWakeUps1764302070000,
  IdempotencyInCommand1764302100000,
  ChangeSetRows1764303000000,
  NodeClockPauses1764303200000,
  TaskSigners1764303400000,
  PeopleTaskOperations1764303500000,
  Signals1764303700000,
  WritePlansByIndex1764303900000,
  AnswerInTheWrite1764304000000,
  DropDuplicateJobIndex1764304100000,
];
