import { ambiguousExclusiveGatewayRule } from './ambiguous-exclusive-gateway.rule.js';
import { attributesRule } from './attributes.rule.js';
import { boundaryRule } from './boundary.rule.js';
import { callActivityRule } from './call-activity.rule.js';
import { conditionalRule } from './conditional.rule.js';
import { compensationRule } from './compensation.rule.js';
import { cycleWithoutWaitStateRule } from './cycle-without-wait-state.rule.js';
import { escalationRule } from './escalation.rule.js';
import { eventGatewayRule } from './event-gateway.rule.js';
import { eventSubProcessRule } from './event-subprocess.rule.js';
import { expressionsRule } from './expressions.rule.js';
import { gatewayWithoutOutgoingRule } from './gateway-without-outgoing.rule.js';
import { invalidFlowReferenceRule } from './invalid-flow-reference.rule.js';
import { linkRule } from './link.rule.js';
import { messageRule } from './message.rule.js';
import { multiInstanceRule } from './multi-instance.rule.js';
import type { ValidationRule } from './rule.js';
import { serviceTaskRule } from './service-task.rule.js';
import { signalRule } from './signal.rule.js';
import { startEventsRule } from './start-events.rule.js';
import { timerRule } from './timer.rule.js';
import { transactionRule } from './transaction.rule.js';
import { unreachableNodeRule } from './unreachable-node.rule.js';
import { unsupportedElementRule } from './unsupported-element.rule.js';

export const RULES: readonly ValidationRule[] = [
  unsupportedElementRule,
  invalidFlowReferenceRule,
  startEventsRule,
  eventSubProcessRule,
  boundaryRule,
  compensationRule,
  transactionRule,
  linkRule,
  gatewayWithoutOutgoingRule,
  eventGatewayRule,
  ambiguousExclusiveGatewayRule,
  unreachableNodeRule,
  cycleWithoutWaitStateRule,
  timerRule,
  messageRule,
  escalationRule,
  signalRule,
  conditionalRule,
  multiInstanceRule,
  callActivityRule,
  serviceTaskRule,
  attributesRule,
  expressionsRule,
];
