import { CompileCode } from '../../errors/compile-codes.js';
import { isGateway } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

/** A gateway with no outgoing flow would swallow tokens. */
export const gatewayWithoutOutgoingRule: ValidationRule = {
  name: 'gateway-without-outgoing',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => isGateway(n) && n.outgoing.length === 0)
      .map((n) => nodeError(CompileCode.GATEWAY_WITHOUT_OUTGOING, n, `gateway ${n.id} has no outgoing sequence flow`)),
};
