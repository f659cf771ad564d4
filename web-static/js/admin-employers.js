// Daigang — admin-employers.js
// 企业: the list, onboarding (the page picks the id; the 统一社会信用代码 is checked by the server,
// whose refusal shows under the field; contact is {name, phone}), verify ({verified: true}),
// suspend and resume (with confirmation: a suspended employer's jobs disappear from viewers).
//
// Element ids (admin.html): #employers-table, #employers-empty, #employers-error,
//   #employers-refresh, #employer-create, #employers-search, #employers-count (the table's search
//   box: admin-list-filter.js)

import { byId, h } from './dom.js';
import { errorText } from './admin-api.js';
import { fetchList, formValues, setRows, showNote, submitting } from './admin-forms.js';
import { ListFilter } from './admin-list-filter.js';
import { beijingText } from './admin-time.js';

/** A fresh employer id, `e-` and 10 hex digits (the id a job sheet's 企业名称 resolves to). */
function newEmployerId() {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `e-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class EmployersSection {
  #api; #confirm; #onChange;
  #employers = [];
  #filter;

  constructor({ api, confirm, onChange }) {
    this.#api = api;
    this.#confirm = confirm;
    this.#onChange = onChange;
    this.#filter = new ListFilter(byId('employers-search'), byId('employers-count'), () => this.#render(), '家');
    byId('employers-refresh').addEventListener('click', () => this.refresh());
    byId('employer-create').addEventListener('submit', (event) => { event.preventDefault(); this.#create(event.target); });
    byId('employers-table').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-act]');
      const employer = button && this.#employers.find((e) => e.id === button.closest('tr').dataset.employerId);
      if (employer) this.#act(employer, button.dataset.act);
    });
  }

  get employers() { return this.#employers; }

  async refresh() {
    this.#employers = await fetchList(this.#api, '/api/admin/employers', 'employers', byId('employers-error'), this.#employers);
    this.#render();
    this.#onChange(this.#employers);
  }

  async #create(form) {
    const created = await submitting(form, () => {
      const { contactName, contactPhone, ...body } = formValues(form);
      // The API wants an id (1–64 of A-Z a-z 0-9 _ -) and a Chinese name makes none: pick one.
      body.id = newEmployerId();
      if (body.creditCode) body.creditCode = body.creditCode.toUpperCase();
      // contact is {name, phone} (both checked by the server), or left out.
      if (contactName || contactPhone) body.contact = { name: contactName ?? '', phone: contactPhone ?? '' };
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
    const shown = this.#filter.apply(this.#employers, (employer) => [
      employer.name, employer.creditCode, employer.district, employer.industry, employer.address, employer.contact?.name,
      employer.suspended ? '已暂停' : employer.verified ? '已核验' : '未核验']);
    setRows(byId('employers-table').tBodies[0], shown.map((employer) => {
      // verified is {by: account id, at: ms} once checked, absent before.
      const check = employer.verified;
      const verified = check ? `已核验（${[check.by, beijingText(check.at)].filter(Boolean).join(' ')}）` : '未核验';
      const contact = employer.contact ? [employer.contact.name, employer.contact.phone].filter(Boolean).join(' ') : '';
      return h('tr', { 'data-employer-id': employer.id, 'data-suspended': employer.suspended ? 'true' : 'false' },
        h('td', null, h('strong', { text: employer.name }), h('div', { class: 'admin-list__meta', text: contact })),
        h('td', { class: 'mono', text: employer.creditCode ?? '' }),
        h('td', { text: [employer.district, employer.industry].filter(Boolean).join(' / ') }),
        h('td', null, h('span', { class: employer.suspended ? 'tag tag--bad' : 'tag', text: employer.suspended ? '已暂停' : verified })),
        h('td', { class: 'admin-row-actions' },
          employer.verified ? null : h('button', { type: 'button', class: 'btn btn--small', 'data-act': 'verify', text: '核验通过' }),
          h('button', { type: 'button', class: 'btn btn--small', 'data-act': employer.suspended ? 'resume' : 'suspend', text: employer.suspended ? '恢复' : '暂停招聘' })),
      );
    }));
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
