// Daigang — admin-accounts.js
// 账号: issue (name, role, scope: sessions for a host, employer for HR, optional expiry in
// Beijing time), the token shown once (admin-token-dialog.js), the list, revoke with confirmation.
//
// Element ids (admin.html): #accounts-table, #accounts-empty, #accounts-error, #accounts-refresh,
//   #account-create, #account-sessions

import { byId, h, setChildren } from './dom.js';
import { errorText } from './admin-api.js';
import { fetchList, formValues, setRows, showNote, submitting } from './admin-forms.js';
import { ACCOUNT_STATUS_TEXT, ROLE_TEXT } from './admin-format.js';
import { beijingText, msFromBeijingInput } from './admin-time.js';

export class AccountsSection {
  #api; #confirm; #tokenDialog;
  #accounts = [];
  #sessions = [];
  #employers = [];

  constructor({ api, confirm, tokenDialog }) {
    this.#api = api;
    this.#confirm = confirm;
    this.#tokenDialog = tokenDialog;
    const form = byId('account-create');
    byId('accounts-refresh').addEventListener('click', () => this.refresh());
    form.addEventListener('submit', (event) => { event.preventDefault(); this.#create(form); });
    form.elements.role.addEventListener('change', () => this.#showScope());
    byId('accounts-table').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-revoke]');
      const account = button && this.#accounts.find((a) => a.id === button.dataset.revoke);
      if (account) this.#revoke(account);
    });
    this.#showScope();
  }

  /** The sessions a host account may be given. */
  setSessions(sessions) {
    this.#sessions = sessions;
    const checked = new Set([...byId('account-sessions').querySelectorAll('input:checked')].map((i) => i.value));
    setChildren(byId('account-sessions'), sessions.map((s) => h('label', { class: 'admin-check' },
      h('input', { type: 'checkbox', value: s.id, checked: checked.has(s.id) }), ` ${s.title}`)));
  }

  /** The employers an HR account may belong to. */
  setEmployers(employers) {
    this.#employers = employers;
    const select = byId('account-create').elements.employerId;
    const chosen = select.value;
    setChildren(select, h('option', { value: '', text: '请选择企业' }),
      employers.map((e) => h('option', { value: e.id, text: e.name, selected: e.id === chosen })));
  }

  #showScope() {
    const role = byId('account-create').elements.role.value;
    for (const node of byId('account-create').querySelectorAll('[data-for-role]')) node.hidden = node.dataset.forRole !== role;
  }

  async refresh() {
    this.#accounts = await fetchList(this.#api, '/api/admin/accounts', 'accounts', byId('accounts-error'), this.#accounts);
    this.#render();
  }

  async #create(form) {
    const created = await submitting(form, () => {
      const values = formValues(form);
      const body = { name: values.name ?? '', role: values.role };
      if (body.role === 'hr') body.employerId = values.employerId ?? '';
      if (body.role === 'host') body.sessions = [...byId('account-sessions').querySelectorAll('input:checked')].map((i) => i.value);
      if (values.expiresAt) body.expiresAt = msFromBeijingInput(values.expiresAt);
      return this.#api.post('/api/admin/accounts', body);
    });
    if (!created) return;
    form.reset();
    this.#showScope();
    this.#tokenDialog.show(created.account, created.token);
    await this.refresh();
  }

  #scopeText(account) {
    if (account.role === 'hr') return this.#employers.find((e) => e.id === account.employerId)?.name ?? account.employerId ?? '';
    if (account.role === 'host') {
      return account.sessions ? account.sessions.map((id) => this.#sessions.find((s) => s.id === id)?.title ?? id).join('、') : '全部场次';
    }
    return '全部';
  }

  #render() {
    // Nothing listed because the list could not be read is not "none yet": the error says so.
    byId('accounts-empty').hidden = this.#accounts.length > 0 || !byId('accounts-error').hidden;
    byId('accounts-table').hidden = this.#accounts.length === 0;
    setRows(byId('accounts-table').tBodies[0], this.#accounts.map((account) => h('tr', { 'data-account-id': account.id, 'data-status': account.status },
      h('td', { text: account.name }),
      h('td', { text: ROLE_TEXT[account.role] ?? account.role }),
      h('td', { text: this.#scopeText(account) }),
      h('td', { text: account.expiresAt ? beijingText(account.expiresAt) : '长期' }),
      h('td', null, h('span', { class: account.status === 'active' ? 'tag' : 'tag tag--bad', text: ACCOUNT_STATUS_TEXT[account.status] ?? account.status })),
      h('td', null, account.status === 'revoked' ? null : h('button', { type: 'button', class: 'btn btn--small', 'data-revoke': account.id, text: '作废' })),
    )));
  }

  async #revoke(account) {
    const yes = await this.#confirm.ask({
      action: 'revoke-account', title: () => '作废账号', ok: () => '作废', cancel: () => '取消', note: null,
      text: () => `“${account.name}”的口令将立即失效，正在使用的页面会被退出。作废后不能恢复。`,
    });
    if (!yes) return;
    try {
      await this.#api.delete(`/api/admin/accounts/${encodeURIComponent(account.id)}`);
    } catch (error) {
      showNote(byId('accounts-error'), errorText(error));
      return;
    }
    await this.refresh();
  }
}
