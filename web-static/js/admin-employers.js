// Daigang — admin-employers.js
// 企业: the list, onboarding (the 统一社会信用代码 is checked by the server, whose refusal shows
// under the field), verify, suspend and resume (with confirmation: a suspended employer's jobs
// disappear from viewers).
//
// Element ids (admin.html): #employers-table, #employers-empty, #employers-error,
//   #employers-refresh, #employer-create

import { byId, h, setChildren } from './dom.js';
import { errorText } from './admin-api.js';
import { fetchList, formValues, showNote, submitting } from './admin-forms.js';
import { beijingText } from './admin-time.js';

export class EmployersSection {
  #api; #confirm; #onChange;
  #employers = [];

  constructor({ api, confirm, onChange }) {
    this.#api = api;
    this.#confirm = confirm;
    this.#onChange = onChange;
    byId('employers-refresh').addEventListener('click', () => this.refresh());
    byId('employer-create').addEventListener('submit', (event) => { event.preventDefault(); this.#create(event.target); });
  }

  get employers() { return this.#employers; }

  async refresh() {
    this.#employers = await fetchList(this.#api, '/api/admin/employers', 'employers', byId('employers-error'), this.#employers);
    this.#render();
    this.#onChange(this.#employers);
  }

  async #create(form) {
    const created = await submitting(form, () => {
      const body = formValues(form);
      if (body.creditCode) body.creditCode = body.creditCode.toUpperCase();
      return this.#api.post('/api/admin/employers', body);
    });
    if (!created) return;
    form.reset();
    await this.refresh();
  }

  #render() {
    // Nothing listed because the list could not be read is not "none yet": the error says so.
    byId('employers-empty').hidden = this.#employers.length > 0 || !byId('employers-error').hidden;
    byId('employers-table').hidden = this.#employers.length === 0;
    setChildren(byId('employers-table').tBodies[0], this.#employers.map((employer) => {
      const verified = employer.verified ? `已核验${employer.verifiedBy ? `（${employer.verifiedBy}` : ''}${employer.verifiedAt ? ` ${beijingText(employer.verifiedAt)}）` : employer.verifiedBy ? '）' : ''}` : '未核验';
      return h('tr', { 'data-employer-id': employer.id, 'data-suspended': employer.suspended ? 'true' : 'false' },
        h('td', null, h('strong', { text: employer.name }), h('div', { class: 'admin-list__meta', text: employer.contact ?? '' })),
        h('td', { class: 'mono', text: employer.creditCode ?? '' }),
        h('td', { text: [employer.district, employer.industry].filter(Boolean).join(' / ') }),
        h('td', null, h('span', { class: employer.suspended ? 'tag tag--bad' : 'tag', text: employer.suspended ? '已暂停' : verified })),
        h('td', { class: 'admin-row-actions' },
          employer.verified ? null : h('button', { type: 'button', class: 'btn btn--small', 'data-act': 'verify', text: '核验通过' }),
          h('button', { type: 'button', class: 'btn btn--small', 'data-act': employer.suspended ? 'resume' : 'suspend', text: employer.suspended ? '恢复' : '暂停招聘' })),
      );
    }));
    for (const button of byId('employers-table').querySelectorAll('[data-act]')) {
      const id = button.closest('tr').dataset.employerId;
      button.addEventListener('click', () => this.#act(this.#employers.find((e) => e.id === id), button.dataset.act));
    }
  }

  async #act(employer, act) {
    if (act === 'suspend') {
      const yes = await this.#confirm.ask({
        action: 'suspend-employer', title: () => '暂停招聘', ok: () => '暂停', cancel: () => '取消', note: null,
        text: () => `“${employer.name}”的岗位将对观众隐藏，也不能再报名。可以随时恢复。`,
      });
      if (!yes) return;
    }
    const body = act === 'verify' ? { verified: true } : { suspended: act === 'suspend' };
    try {
      await this.#api.patch(`/api/admin/employers/${encodeURIComponent(employer.id)}`, body);
    } catch (error) {
      showNote(byId('employers-error'), errorText(error));
      return;
    }
    await this.refresh();
  }
}
