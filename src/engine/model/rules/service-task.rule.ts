import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/**
 * Service/send/business-rule tasks run as external tasks (tb:topic, camunda:type="external" + camunda:topic,
 * zeebe:taskDefinition). One with another implementation (Java class, expression, delegate, connector,
 * DMN decisionRef) cannot run here and is refused; one with no implementation at all is a pass-through.
 */
export const serviceTaskRule: ValidationRule = {
  name: 'service-task',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.implementation === 'other')
      .map((n) =>
        nodeError(
          CompileCode.SERVICE_TASK_WITHOUT_TOPIC,
          n,
          `${n.id}: only external tasks with a topic are supported (tb:topic)`,
        ),
      ),
};
