import { describe, expect, it } from '@jest/globals';
import { bpmn, flow, Harness } from './support/harness.js';

describe('smoke', () => {
  it('runs start → user task → end', async () => {
    const h = await Harness.fromXml(
      bpmn(
        `<bpmn:startEvent id="s"/><bpmn:userTask id="t" tb:outcomes="approve,reject"/><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      ),
    );
    h.start();
    expect(h.taskIds()).toEqual(['t']);
    h.completeTask('t', { outcome: 'approve' });
    expect(h.state.status).toBe('completed');
    expect(h.state.variables.outcome).toBe('approve');
  });
});
