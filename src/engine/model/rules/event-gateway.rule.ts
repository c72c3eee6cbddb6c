import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/** Each flow out of an event-based gateway leads to a message/timer/signal/conditional catch event or a receive task. */
export const eventGatewayRule: ValidationRule = {
  name: 'event-gateway',
  check(draft) {
    const errors: CompileError[] = [];
    for (const node of draft.nodes.values()) {
      if (node.type !== 'eventBasedGateway') continue;
      for (const flowId of node.outgoing) {
        const flow = draft.flows.get(flowId);
        const target = draft.nodes.get(flow?.targetId ?? '');
        const ok =
          target &&
          (target.type === 'receiveTask' ||
            (target.type === 'intermediateCatchEvent' &&
              ['message', 'timer', 'signal', 'conditional'].includes(target.eventKind ?? '')));
        if (!ok)
          errors.push(
            nodeError(
              CompileCode.INVALID_EVENT_GATEWAY,
              node,
              `flow ${flowId} must lead to a message/timer/signal/conditional catch event or receive task`,
            ),
          );
        if (flow?.condition)
          errors.push(nodeError(CompileCode.INVALID_EVENT_GATEWAY, node, `flow ${flowId} cannot have a condition`));
      }
    }
    return errors;
  },
};
