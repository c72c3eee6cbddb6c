import { caseProgress, type GraphNode } from './progress.js';

// The standard approval's shape around its inspection choice and return loop (workflows/standard-approval.bpmn).
const n = (id: string, type: string, ...out: [string, string][]): GraphNode => ({
  id,
  type: `bpmn:${type}`,
  outgoing: out.map(([f, target]) => ({ id: f, target })),
});
const GRAPH = [
  n('start', 'StartEvent', ['f-start', 'receive']),
  n('receive', 'UserTask', ['f-received', 'needs']),
  n('needs', 'ExclusiveGateway', ['f-inspect', 'inspect'], ['f-skip', 'merge']),
  n('inspect', 'UserTask', ['f-inspected', 'merge']),
  n('merge', 'ExclusiveGateway', ['f-review', 'review']),
  n('review', 'UserTask', ['f-reviewed', 'approve']),
  n('approve', 'UserTask', ['f-approved', 'decide']),
  n('decide', 'ExclusiveGateway', ['f-ok', 'end'], ['f-return', 'merge']),
  n('end', 'EndEvent'),
];

describe('caseProgress (the console marks a case on its diagram)', () => {
  it('marks the branch an exclusive choice took, not the way round it', () => {
    const p = caseProgress(GRAPH, ['receive', 'inspect', 'review'], ['approve']);
    expect([...p.active]).toEqual(['approve']);
    expect([...p.done].sort()).toEqual(['inspect', 'merge', 'needs', 'receive', 'review', 'start']);
    expect([...p.flows].sort()).toEqual([
      'f-inspect',
      'f-inspected',
      'f-received',
      'f-review',
      'f-reviewed',
      'f-start',
    ]);
  });

  it('takes the other branch when the optional task never ran', () => {
    const p = caseProgress(GRAPH, ['receive', 'review'], ['approve']);
    expect(p.flows.has('f-skip')).toBe(true);
    expect(p.flows.has('f-inspect')).toBe(false);
    expect(p.done.has('inspect')).toBe(false);
  });

  it('reaches a plain end event once the case has ended, and not before', () => {
    const running = caseProgress(GRAPH, ['receive', 'review', 'approve'], []);
    expect(running.done.has('end')).toBe(false);
    const ended = caseProgress(GRAPH, ['receive', 'review', 'approve'], [], true);
    expect(ended.done.has('end')).toBe(true);
    expect(ended.flows.has('f-ok')).toBe(true);
  });

  it('ignores ids that are not on the diagram and marks nothing for a case with no entries', () => {
    const p = caseProgress(GRAPH, ['nope'], ['gone']);
    expect([p.done.size, p.active.size, p.flows.size]).toEqual([0, 0, 0]);
  });
});
