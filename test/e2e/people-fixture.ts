import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, flows, startCase } from './integration-support.js';

export const D = '410100-SJJ';
export const ZJJ = '410100-ZJJ';
export const OTHER = '410100-GAJ';

/**
 * The app, processes and people the task-operation e2e tests share (issue 13, ADR 0018): a case
 * department D, its handlers A, B, C, a window clerk, an admin, a supervisor and an outsider.
 */
export class PeopleFixture {
  t!: TestApp;
  db!: pg.Client;

  async start(): Promise<void> {
    this.t = await startTestApp({ env: { TONGBAN_CLOCK_CONTROL: '1' } });
    this.db = new pg.Client({ connectionString: this.t.db.url });
    await this.db.connect();

    const review = (id: string, extra = '') =>
      `<bpmn:userTask id="${id}" name="${id}" tb:candidateDepartments="${D}" tb:outcomes="approve,reject" ${extra}/>`;
    await deploy(
      this.t,
      bpmn(
        'ppl-basic',
        `<bpmn:startEvent id="s"/>${review('review')}${review('decide')}<bpmn:endEvent id="e"/>${flows('s', 'review', 'decide', 'e')}`,
      ),
    );
    await deploy(
      this.t,
      bpmn(
        'ppl-other',
        `<bpmn:startEvent id="s"/><bpmn:userTask id="review" tb:candidateDepartments="${OTHER}"/><bpmn:endEvent id="e"/>${flows('s', 'review', 'e')}`,
      ),
    );
    await deploy(
      this.t,
      bpmn(
        'ppl-cc',
        `<bpmn:startEvent id="s"/>${review('review', `tb:cc="user:cc-reader,dept:${ZJJ}" tb:ccNote="请知悉"`)}<bpmn:endEvent id="e"/>${flows('s', 'review', 'e')}`,
      ),
    );
    await deploy(
      this.t,
      bpmn(
        'ppl-proxy',
        `<bpmn:startEvent id="s"/>${review('review', 'tb:assignee="=reviewer"')}<bpmn:endEvent id="e"/>${flows('s', 'review', 'e')}`,
      ),
    );
    for (const [key, policy] of [
      ['ppl-empty-admin', ''],
      ['ppl-empty-auto', 'tb:emptyAssignee="autoApprove"'],
      ['ppl-empty-error', 'tb:emptyAssignee="error"'],
    ] as const)
      await deploy(
        this.t,
        bpmn(
          key,
          `<bpmn:startEvent id="s"/><bpmn:userTask id="pick" name="pick" tb:candidateDepartments="=depts" ${policy}/>` +
            `${review('after')}<bpmn:endEvent id="e"/>${flows('s', 'pick', 'after', 'e')}`,
        ),
      );
    await deploy(
      this.t,
      bpmn(
        'ppl-skip',
        `<bpmn:startEvent id="s"/>${review('first', 'tb:assignee="handler-A"')}` +
          `${review('second', 'tb:assignee="handler-A" tb:skipSameAssignee="true"')}${review('third', 'tb:assignee="handler-A"')}` +
          `<bpmn:endEvent id="e"/>${flows('s', 'first', 'second', 'third', 'e')}`,
      ),
    );
  }

  async stop(): Promise<void> {
    await this.db.end();
    await this.t.close();
  }

  tok = (sub: string, roles: string[], dept?: string) => this.t.token({ roles, sub, ...(dept ? { dept } : {}) });
  handlerA = () => this.tok('handler-A', ['handler'], D);
  handlerB = () => this.tok('handler-B', ['handler'], D);
  handlerC = () => this.tok('handler-C', ['handler'], D);
  window = () => this.tok(`window-${D}`, ['window'], D);
  admin = () => this.tok('admin-1', ['admin']);
  supervisor = () => this.tok('supervisor-1', ['supervisor']);
  outsider = () => this.tok('handler-X', ['handler'], OTHER);
  as = (token: string) => ({ Authorization: `Bearer ${token}` });
  outbox = async (caseId: string) =>
    (await this.db.query('SELECT type, payload FROM outbox_event WHERE case_id = $1 ORDER BY seq', [caseId])).rows as {
      type: string;
      payload: Record<string, unknown>;
    }[];
  tasksOf = async (caseId: string) =>
    (
      await this.t
        .http()
        .get(`/api/v1/tasks?caseId=${caseId}&scope=all&state=open,completed`)
        .set(this.as(this.admin()))
    ).body.items as { id: string; elementId: string; state: string; assignee: string | null; [k: string]: unknown }[];
  openTask = async (caseId: string, elementId: string) => {
    const found = (await this.tasksOf(caseId)).find((x) => x.elementId === elementId && x.state === 'open');
    if (!found) throw new Error(`no open ${elementId}`);
    return found;
  };
  basic = () => startCase(this.t, 'ppl-basic', D);
}
