// Daigang — hr-detail.js
// The lead detail panel of the HR page (hr.js): opening a lead shows what its row knows at once,
// then GET /api/leads/{id} (which the server records in its audit log — so only when the HR
// person asks for it) fills in the facts and the follow-up history. Closes with the × button or
// Escape. The follow-up form inside it is hr-followup.js, reached through `form`.
//
// Element ids / selectors:
//   #lead-detail          data-lead-id, data-state = loading | ready | error
//     #lead-detail-name, #lead-detail-close, #lead-detail-loading,
//     #lead-detail-facts (div.fact[data-field=status|phone|job|note|createdAt|
//       updatedAt|id]), #lead-detail-status, #lead-detail-phone
//     #followup-list > li.followup[data-status] (oldest first), #followup-empty
//   #hr-panel             .has-detail while the panel is open

import { ApiError, errorText, isSilent } from './hr-api.js';
import { byId, h, setChildren, setText } from './dom.js';
import { followupsOf, formatDateTime, isLead, LEAD_STATUSES, phoneNode, statusBadge } from './hr-format.js';
import { isoTime, t } from './i18n.js';

function fact(field, label, ...value) {
  return h('div', { class: 'fact', 'data-field': field },
    h('dt', { class: 'fact__label', text: label }),
    h('dd', { class: 'fact__value' }, ...value));
}

function renderFollowup(followup) {
  return h('li', { class: 'followup', 'data-status': followup.status },
    h('div', { class: 'followup__head' },
      statusBadge(followup.status),
      h('time', { class: 'followup__time', datetime: isoTime(followup.at), text: formatDateTime(followup.at, true) }),
      followup.by ? h('span', { class: 'followup__by', text: t('hr.followups.by', { by: followup.by }) }) : null),
    followup.note ? h('p', { class: 'followup__note', text: followup.note }) : null);
}

export class HrDetail {
  #els = {
    panel: byId('hr-panel'),
    detail: byId('lead-detail'),
    name: byId('lead-detail-name'),
    close: byId('lead-detail-close'),
    loading: byId('lead-detail-loading'),
    facts: byId('lead-detail-facts'),
    followupEmpty: byId('followup-empty'),
    followupList: byId('followup-list'),
  };
  #api;
  #list;
  #session;
  #notify;
  #form;
  /** The lead in the panel: {id, lead, followups, loading, failed}, or null. */
  #detail = null;
  #gen = 0;

  /**
   * @param {object} options
   * @param {import('./hr-api.js').HrApi} options.api
   * @param {import('./hr-list.js').HrList} options.list
   * @param {import('./hr-session.js').HrSession} options.session   job titles
   * @param {(kind: string, text: () => string) => void} options.notify   the status line
   * @param {{clear: () => void, preset: (status: string) => void, render: () => void}} options.form
   *        the follow-up form: empty its note, preselect a status, render its enabled state
   */
  constructor({ api, list, session, notify, form }) {
    this.#api = api;
    this.#list = list;
    this.#session = session;
    this.#notify = notify;
    this.#form = form;
    this.#els.close.addEventListener('click', () => this.close());
    this.#els.detail.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) this.close();
    });
  }

  /** The lead in the panel ({id, lead, followups, loading, failed}; read only), or null. */
  get current() {
    return this.#detail;
  }

  /** Bumped whenever another lead is opened or the panel closes. */
  get gen() {
    return this.#gen;
  }

  /** Closes the panel without rendering (signed out). */
  reset() {
    this.#detail = null;
    this.#gen += 1;
  }

  /** A follow-up was saved for the lead in the panel: its history and the updated lead. */
  saved(followups, lead) {
    this.#detail.followups = followups;
    this.#detail.lead = lead;
  }

  render() {
    const els = this.#els;
    const detail = this.#detail;
    const open = Boolean(detail);
    els.detail.hidden = !open;
    els.panel.classList.toggle('has-detail', open);
    if (!open) {
      els.detail.dataset.leadId = '';
      els.detail.dataset.state = '';
      return;
    }
    const lead = detail.lead;
    els.detail.dataset.leadId = detail.id;
    els.detail.dataset.state = detail.loading ? 'loading' : detail.failed ? 'error' : 'ready';
    setText(els.name, lead?.name || detail.id);
    els.loading.hidden = !detail.loading;
    setChildren(els.facts, lead ? [
      fact('status', t('hr.detail.status'), statusBadge(lead.status, 'lead-detail-status')),
      fact('phone', t('hr.detail.phone'), phoneNode(lead, 'lead-detail-phone')),
      fact('job', t('hr.detail.job'), this.#session.jobTitleOf(lead)),
      lead.note ? fact('note', t('hr.detail.note'), lead.note) : null,
      lead.startDate ? fact('startDate', t('hr.detail.startDate'), lead.startDate) : null,
      typeof lead.retained_7d === 'boolean'
        ? fact('retained', t('hr.detail.retained'), t(lead.retained_7d ? 'hr.retained.yes' : 'hr.retained.no')) : null,
      fact('createdAt', t('hr.detail.createdAt'),
        h('time', { datetime: isoTime(lead.createdAt), text: formatDateTime(lead.createdAt, true) })),
      typeof lead.updatedAt === 'number' && lead.updatedAt !== lead.createdAt
        ? fact('updatedAt', t('hr.detail.updatedAt'),
          h('time', { datetime: isoTime(lead.updatedAt), text: formatDateTime(lead.updatedAt, true) }))
        : null,
      fact('id', t('hr.detail.id'), lead.id),
    ] : null);
    // The API gives the history oldest first; sort (stably) anyway so a local append stays last.
    const history = [...detail.followups].sort((a, b) => (Number(a.at) || 0) - (Number(b.at) || 0));
    setChildren(els.followupList, history.map(renderFollowup));
    els.followupList.hidden = history.length === 0;
    els.followupEmpty.hidden = detail.loading || history.length > 0;
    this.#form.render();
  }

  /** Brings the panel into view on narrow screens (on wide ones it sits beside the table). */
  #reveal() {
    const panel = this.#els.detail;
    if (window.matchMedia('(max-width: 1099px)').matches) {
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      panel.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
    panel.focus({ preventScroll: true });
  }

  /** Opens a lead: shows what the row knows at once, then GET /api/leads/{id} (audited). */
  async open(id) {
    const gen = ++this.#gen;
    const known = this.#list.known(id);
    const changed = this.#detail?.id !== id;
    this.#detail = { id, lead: known, followups: [], loading: true, failed: false };
    const detail = this.#detail;
    this.#list.markOpened(id);
    if (changed) {
      this.#els.detail.scrollTop = 0;
      this.#form.clear();
    }
    if (known && LEAD_STATUSES.includes(known.status)) this.#form.preset(known.status);
    this.#list.markSelected();
    this.render();
    this.#reveal();
    try {
      const data = await this.#api.call(`/api/leads/${encodeURIComponent(id)}`);
      if (gen !== this.#gen) return;
      if (!isLead(data?.lead)) throw new ApiError(200, 'bad_response', 'no lead in the response');
      detail.followups = followupsOf(data.lead) ?? [];
      detail.lead = this.#list.updateLead(data.lead);
      detail.loading = false;
      if (LEAD_STATUSES.includes(detail.lead.status)) this.#form.preset(detail.lead.status);
      this.render();
    } catch (error) {
      if (gen !== this.#gen || !this.#detail) return;
      detail.loading = false;
      detail.failed = true;
      this.render();
      if (!isSilent(error)) this.#notify('error', () => errorText(error));
    }
  }

  close() {
    const id = this.#detail?.id;
    this.#detail = null;
    this.#gen += 1;
    this.#list.markSelected();
    this.render();
    const button = id ? this.#list.openButton(id) : null;
    button?.focus();
  }
}
