// Daigang — admin-sessions.js
// 场次: the list, the create form, and one session's detail (lifecycle buttons, copy, the viewer
// link with its QR code and poster, the job list with withdraw). The lifecycle rules are the
// server's: a refusal is shown as it comes. Opening the import is handed to admin-import.js.
//
// Element ids (admin.html): #sessions-list, #sessions-empty, #sessions-refresh, #session-create,
//   #sessions-search, #sessions-count (the list's search box: admin-list-filter.js),
//   #session-detail (data-session-id), #detail-title, #detail-status, #detail-host,
//   #detail-actions (buttons with data-status), #detail-copy, #detail-error, #detail-link,
//   #detail-link-copy, #detail-qr, #detail-poster, #detail-job-count, #detail-jobs,
//   #detail-jobs-empty, #detail-import, #detail-placeholder

import { byId, h, setChildren, setText } from './dom.js';
import { errorText } from './admin-api.js';
import { formValues, showNote, submitting } from './admin-forms.js';
import { ListFilter } from './admin-list-filter.js';
import { payText, STATUS_TEXT, viewerLink } from './admin-format.js';
import { beijingText, msFromBeijingInput } from './admin-time.js';

const STATUS_CONFIRM = {
  live: { title: '开播', text: '观众马上就能报名和排队。', ok: '开播' },
  ended: { title: '结束直播', text: '观众不能再报名，排队也会停止。之后还可以重新开播。', ok: '结束直播' },
  closed: { title: '关闭场次', text: '关闭后这个场次的一切都不能再改动，也不能重新开播。', ok: '关闭场次' },
};

export class SessionsSection {
  #api; #confirm; #onImport; #onChange;
  #sessions = [];
  #current = null;
  #filter;

  /** @param {{api, confirm, onImport: (session) => void, onChange: (sessions) => void}} options */
  constructor({ api, confirm, onImport, onChange }) {
    this.#api = api;
    this.#confirm = confirm;
    this.#onImport = onImport;
    this.#onChange = onChange;
    this.#filter = new ListFilter(byId('sessions-search'), byId('sessions-count'), () => this.#renderList());
    byId('sessions-refresh').addEventListener('click', () => this.refresh());
    byId('session-create').addEventListener('submit', (event) => { event.preventDefault(); this.#create(event.target); });
    for (const button of byId('detail-actions').querySelectorAll('[data-status]')) {
      button.addEventListener('click', () => this.#setStatus(button.dataset.status));
    }
    byId('detail-copy').addEventListener('click', () => this.#copy());
    byId('detail-import').addEventListener('click', () => this.#current && this.#onImport(this.#current));
    byId('detail-link-copy').addEventListener('click', () => navigator.clipboard?.writeText(byId('detail-link').href));
  }

  get sessions() { return this.#sessions; }

  async refresh() {
    try {
      const answer = await this.#api.get('/api/admin/sessions');
      this.#sessions = answer.sessions ?? [];
    } catch (error) {
      showNote(byId('detail-error'), errorText(error));
      return;
    }
    this.#renderList();
    this.#onChange(this.#sessions);
    if (this.#current) await this.open(this.#current.id);
  }

  #renderList() {
    byId('sessions-empty').hidden = this.#sessions.length > 0;
    const shown = this.#filter.apply(this.#sessions, (session) =>
      [session.title, session.id, session.host, STATUS_TEXT[session.status], beijingText(session.startsAt)]);
    setChildren(byId('sessions-list'), shown.map((session) => h('li', null,
      h('button', { type: 'button', class: 'admin-list__item', 'data-session-id': session.id,
                    'aria-current': this.#current?.id === session.id ? 'true' : null },
        h('span', { class: 'admin-list__title', text: session.title }),
        h('span', { class: 'status', 'data-session-status': session.status, text: STATUS_TEXT[session.status] ?? session.status }),
        h('span', { class: 'admin-list__meta', text: [beijingText(session.startsAt), `${session.jobs ?? 0} 个岗位`, `${session.applications ?? 0} 人报名`].filter(Boolean).join(' · ') })),
    )));
    for (const button of byId('sessions-list').querySelectorAll('button')) {
      button.addEventListener('click', () => this.open(button.dataset.sessionId));
    }
  }

  async #create(form) {
    const created = await submitting(form, () => {
      const body = formValues(form);
      if (body.startsAt) body.startsAt = msFromBeijingInput(body.startsAt);
      return this.#api.post('/api/admin/sessions', body);
    });
    if (!created) return;
    form.reset();
    await this.refresh();
    await this.open(created.session?.id ?? created.id);
  }

  /** Shows one session's detail. */
  async open(id) {
    let session;
    try {
      session = (await this.#api.get(`/api/admin/sessions/${encodeURIComponent(id)}`)).session;
    } catch (error) {
      showNote(byId('detail-error'), errorText(error));
      return;
    }
    this.#current = session;
    const summary = this.#sessions.find((s) => s.id === id) ?? {};
    const detail = byId('session-detail');
    detail.hidden = false;
    byId('detail-placeholder').hidden = true;
    detail.dataset.sessionId = session.id;
    detail.dataset.status = session.status;
    setText(byId('detail-title'), session.title);
    const status = byId('detail-status');
    status.dataset.sessionStatus = session.status;
    setText(status, STATUS_TEXT[session.status] ?? session.status);
    const hostName = session.hostName ?? session.host;
    const startsAt = session.startsAt ?? summary.startsAt;
    setText(byId('detail-host'), [hostName && `主播：${hostName}`, startsAt && `开始：${beijingText(startsAt)}（北京时间）`].filter(Boolean).join('　'));
    for (const button of byId('detail-actions').querySelectorAll('[data-status]')) {
      button.hidden = button.dataset.status === session.status || session.status === 'closed';
    }
    showNote(byId('detail-error'), '');
    const anchor = byId('detail-link');
    viewerLink(session.id).then((link) => {
      if (this.#current?.id !== session.id) return; // another session was opened meanwhile
      anchor.href = link;
      setText(anchor, link);
    });
    const query = encodeURIComponent(session.id);
    byId('detail-qr').src = `/qr.svg?session=${query}`;
    byId('detail-poster').href = `/api/sessions/${query}/poster.png`;
    this.#renderJobs(session);
    this.#renderList();
  }

  #renderJobs(session) {
    const jobs = session.jobs ?? [];
    setText(byId('detail-job-count'), jobs.length);
    byId('detail-jobs-empty').hidden = jobs.length > 0;
    byId('detail-import').hidden = session.status === 'closed';
    setChildren(byId('detail-jobs').tBodies[0], jobs.map((job) => h('tr', { 'data-job-id': job.id },
      h('td', { text: job.title }),
      h('td', { text: job.employerName ?? job.employerId }),
      h('td', { text: payText(job.pay) }),
      h('td', { text: job.headcount ?? '' }),
      h('td', null, session.status === 'closed' ? null
        : h('button', { type: 'button', class: 'btn btn--small', 'data-withdraw': job.id, text: '撤下' })),
    )));
    for (const button of byId('detail-jobs').querySelectorAll('[data-withdraw]')) {
      const job = jobs.find((j) => j.id === button.dataset.withdraw);
      button.addEventListener('click', () => this.#withdraw(job));
    }
  }

  async #withdraw(job) {
    const yes = await this.#confirm.ask({
      action: 'withdraw-job', title: () => '撤下岗位', text: () => `“${job.title}”将从观众的岗位列表中消失，已经报名的人不受影响。`,
      note: null, ok: () => '撤下', cancel: () => '取消',
    });
    if (!yes) return;
    await this.#act(() => this.#api.delete(`/api/admin/sessions/${encodeURIComponent(this.#current.id)}/jobs/${encodeURIComponent(job.id)}`));
  }

  async #setStatus(status) {
    const words = STATUS_CONFIRM[status];
    if (words) {
      const yes = await this.#confirm.ask({
        action: `status-${status}`, title: () => words.title, text: () => `“${this.#current.title}”：${words.text}`,
        note: null, ok: () => words.ok, cancel: () => '取消',
      });
      if (!yes) return;
    }
    await this.#act(() => this.#api.patch(`/api/admin/sessions/${encodeURIComponent(this.#current.id)}`, { status }));
  }

  async #copy() {
    const copied = await this.#act(() => this.#api.post(`/api/admin/sessions/${encodeURIComponent(this.#current.id)}/copy`, {}));
    const id = copied?.session?.id ?? copied?.id;
    if (id) await this.open(id);
  }

  /** Runs a change to the current session, then shows the session again (or the server's refusal). */
  async #act(action) {
    let answer;
    try {
      answer = await action();
    } catch (error) {
      showNote(byId('detail-error'), errorText(error));
      return undefined;
    }
    await this.refresh();
    return answer;
  }
}
