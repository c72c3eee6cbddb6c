import type { EventKind, FlowNode, NodeType } from '../../model/process-model.js';
import type { Behaviour } from './behaviour.js';
import { boundaryEventBehaviour } from './boundary-event.behaviour.js';
import { callActivityBehaviour } from './call-activity.behaviour.js';
import { cancelEndBehaviour } from './cancel-end.behaviour.js';
import { catchEventBehaviour } from './catch-event.behaviour.js';
import { compensationThrowBehaviour } from './compensation-throw.behaviour.js';
import { endEventBehaviour } from './end-event.behaviour.js';
import { eventBasedGatewayBehaviour } from './event-based-gateway.behaviour.js';
import { exclusiveGatewayBehaviour } from './exclusive-gateway.behaviour.js';
import { externalTaskBehaviour } from './external-task.behaviour.js';
import { inclusiveGatewayBehaviour } from './inclusive-gateway.behaviour.js';
import { linkThrowBehaviour } from './link-throw.behaviour.js';
import { parallelGatewayBehaviour } from './parallel-gateway.behaviour.js';
import { passThroughBehaviour } from './pass-through.behaviour.js';
import { startEventBehaviour } from './start-event.behaviour.js';
import { subProcessBehaviour } from './sub-process.behaviour.js';
import { throwEventBehaviour } from './throw-event.behaviour.js';
import { userTaskBehaviour } from './user-task.behaviour.js';

export const BEHAVIOURS: Readonly<Record<Exclude<NodeType, 'unsupported'>, Behaviour>> = {
  startEvent: startEventBehaviour,
  endEvent: endEventBehaviour,
  intermediateCatchEvent: catchEventBehaviour,
  intermediateThrowEvent: throwEventBehaviour,
  boundaryEvent: boundaryEventBehaviour,
  userTask: userTaskBehaviour,
  manualTask: passThroughBehaviour,
  task: passThroughBehaviour,
  serviceTask: externalTaskBehaviour,
  sendTask: externalTaskBehaviour,
  businessRuleTask: externalTaskBehaviour,
  receiveTask: catchEventBehaviour,
  exclusiveGateway: exclusiveGatewayBehaviour,
  parallelGateway: parallelGatewayBehaviour,
  inclusiveGateway: inclusiveGatewayBehaviour,
  eventBasedGateway: eventBasedGatewayBehaviour,
  subProcess: subProcessBehaviour,
  callActivity: callActivityBehaviour,
};

/** Throw and end events whose event definition has a behaviour of its own. */
const THROW_BEHAVIOURS: Partial<Record<EventKind, Behaviour>> = {
  compensate: compensationThrowBehaviour,
  cancel: cancelEndBehaviour,
  link: linkThrowBehaviour,
};

/** The behaviour of an element: by its event definition for throw and end events, else by its type. */
export function behaviourOf(node: FlowNode, type: Exclude<NodeType, 'unsupported'>): Behaviour {
  const throwing = type === 'intermediateThrowEvent' || type === 'endEvent';
  return (throwing && node.eventKind ? THROW_BEHAVIOURS[node.eventKind] : undefined) ?? BEHAVIOURS[type];
}
