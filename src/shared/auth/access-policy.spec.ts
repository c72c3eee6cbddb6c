import { caseRelations, caseActionSql, taskRelations, type TaskFacts } from './access-policy.js';
import { isAllowed, routeRoles } from './authorisation-table.js';
import type { Principal } from './principal.js';

const user = (id: string, roles: string[], dept: string | null): Principal => ({
  kind: 'user',
  id,
  name: id,
  roles,
  dept,
  region: null,
  scopes: [],
});
const task = (over: Partial<TaskFacts>): TaskFacts => ({
  candidate_departments: ['LEAD'],
  candidate_roles: [],
  candidate_users: [],
  assignee: null,
  owner: null,
  completed_by: null,
  ...over,
});
const jointCase = {
  department: 'LEAD',
  created_by: 'clerk',
  workItems: [{ candidate_departments: ['CO'], assignee: null, owner: null }],
};

describe('access policy relations', () => {
  it('tells the handling department from a co-department, and neither acts as the other', () => {
    const coLeader = user('l2', ['leader'], 'CO');
    const leadLeader = user('l1', ['leader'], 'LEAD');
    expect([...caseRelations(coLeader, jointCase)]).toEqual(['co']);
    expect([...caseRelations(leadLeader, jointCase)]).toEqual(['handling']);
    for (const action of ['case.suspend', 'case.resume', 'case.extend', 'case.withdraw'] as const) {
      expect(isAllowed(action, coLeader.roles, caseRelations(coLeader, jointCase))).toBe(false);
    }
    expect(isAllowed('case.suspend', leadLeader.roles, caseRelations(leadLeader, jointCase))).toBe(true);
    expect(isAllowed('case.pii', ['window'], caseRelations(user('w2', ['window'], 'CO'), jointCase))).toBe(false);
  });

  it('makes an assignee from outside the task department a participant, who may not complete it', () => {
    const stranger = user('s', ['handler'], 'OTHER');
    const rel = taskRelations(stranger, task({ assignee: 's', owner: 'h1' }));
    expect([...rel]).toEqual(['participant']);
    expect(isAllowed('task.complete', stranger.roles, rel)).toBe(false);
    expect([...taskRelations(user('s', ['handler'], 'LEAD'), task({ assignee: 's' }))]).toEqual(['assignee']);
  });

  it('offers an unassigned task only to its candidate roles; others of the department are colleagues', () => {
    const t = task({ candidate_roles: ['leader'] });
    expect([...taskRelations(user('a', ['leader'], 'LEAD'), t)]).toEqual(['candidate']);
    expect([...taskRelations(user('b', ['window'], 'LEAD'), t)]).toEqual(['colleague']);
    expect([...taskRelations(user('c', ['window'], 'CO'), t)]).toEqual([]);
    expect([...taskRelations(user('o', ['handler'], 'LEAD'), task({ assignee: 'x', owner: 'o' }))]).toEqual([
      'owner',
      'colleague',
    ]);
  });

  it('builds the id-number filter from the table: nothing for a co-department, everything for an admin', () => {
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    expect(caseActionSql('case.pii', user('s', ['supervisor'], null), param)).toBe('false');
    expect(caseActionSql('case.pii', user('a', ['admin'], null), param)).toBe('true');
    expect(params).toEqual([]);
    expect(caseActionSql('case.pii', user('w', ['window'], 'CO'), param)).toBe(
      '(c.department = $1 OR c.created_by = $2)',
    );
    expect(params).toEqual(['CO', 'w']);
  });

  it("derives a route's roles from the relations the table grants", () => {
    expect(routeRoles('case.suspend')).toEqual(['admin', 'leader', 'supervisor']);
    expect(routeRoles('case.cancel')).toEqual(['admin']);
  });
});
