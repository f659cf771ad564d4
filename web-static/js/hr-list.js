// Daigang — hr-list.js
// The leads table of the HR page (hr.js): pages of GET /api/leads for the current filters
// (newest first, "load more" via nextCursor), catching up after a reconnect, and the leads that
// arrive live as `lead_new` (kept for this sign-in; badged "new" until opened). The 详情 button
// calls `onOpen(id)`; the row of `selectedId()` is marked.
//
// Element ids / selectors:
//   #leads-section        aria-busy="true" while a page of leads is loading
//   #leads-count, #leads-loading, #leads-empty, #load-more (hidden when nextCursor is null)
//   #leads-table > #leads-body > tr[data-lead-id][data-status]  (newest first); cells
//     td[data-field="createdAt|name|phone|job|status"] (no hometown: docs/PRIVACY.md);
//     phone: a[data-phone="full"][href^="tel:"] or span[data-phone="masked"] (live leads);
//     [data-open-lead="<id>"] the 详情 button; tr.is-selected is the lead in the detail panel;
//     tr.is-live: arrived over the WebSocket during this visit (badge .lead-new until opened)

import { errorText, isSilent } from './hr-api.js';
import { byId, h, setText } from './dom.js';
import { compareLeads, formatDateTime, isLead, phoneNode, statusBadge } from './hr-format.js';
import { isoTime, t } from './i18n.js';

const PAGE_SIZE = 50;
const MAX_LIVE = 500;

/** Replays the highlight animation on `node` (a CSS class; no inline styles under our CSP). */
function flash(node) {
  node.classList.remove('is-fresh');
  void node.offsetWidth; // restart the animation
  node.classList.add('is-fresh');
}

function cell(field, ...content) {
  return h('td', { class: `leads-table__cell leads-table__cell--${field}`, 'data-field': field,
    'data-label': t(`hr.col.${field}`) }, ...content);
}

/** `incoming` over `existing`, keeping a full phone number the incoming copy lacks. */
const CONTACT_FIELDS = ['name', 'phone', 'phoneMasked', 'hometown', 'note'];

function mergeLead(existing, incoming) {
  const merged = { ...(existing ?? {}), ...incoming };
  delete merged.followups;
  if (incoming.status === 'withdrawn' || incoming.erasedAt) {
    // Withdrawn or erased: the server sends no contact data, and none is kept from before.
    for (const key of CONTACT_FIELDS) if (!(key in incoming)) delete merged[key];
  } else if (!incoming.phone && existing?.phone) {
    merged.phone = existing.phone;
  }
  return merged;
}

export class HrList {
  #els = {
    section: byId('leads-section'),
    count: byId('leads-count'),
    loading: byId('leads-loading'),
    empty: byId('leads-empty'),
    tableScroll: byId('leads-table-scroll'),
    tbody: byId('leads-body'),
    loadMore: byId('load-more'),
  };
  #api;
  #filters;
  #session;
  #notify;
  #selectedId;
  /** The rows shown: leads by id, their order (newest first), their <tr>s, and paging. */
  #list = { leads: new Map(), order: [], rows: new Map(), nextCursor: null, loading: false, loaded: false, gen: 0 };
  /** Leads that arrived as `lead_new` during this sign-in (id → lead), newest last. */
  #live = new Map();
  /** Live leads not opened yet (they get a "new" badge). */
  #unopened = new Set();

  /**
   * @param {object} options
   * @param {import('./hr-api.js').HrApi} options.api
   * @param {import('./hr-filters.js').HrFilters} options.filters
   * @param {import('./hr-session.js').HrSession} options.session   job titles; learns from leads
   * @param {(kind: string, text: () => string) => void} options.notify   the status line
   * @param {() => string|null} options.selectedId   the lead in the detail panel
   * @param {(id: string) => void} options.onOpen
   */
  constructor({ api, filters, session, notify, selectedId, onOpen }) {
    this.#api = api;
    this.#filters = filters;
    this.#session = session;
    this.#notify = notify;
    this.#selectedId = selectedId;
    this.#els.loadMore.addEventListener('click', () => this.load({ more: true }));
    this.#els.tbody.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('[data-open-lead]') : null;
      if (button) onOpen(button.dataset.openLead);
    });
  }

  /** What is known of a lead (a row or a live lead), or null. */
  known(id) {
    return this.#list.leads.get(id) ?? this.#live.get(id) ?? null;
  }

  /** The 详情 button of a lead's row, or null. */
  openButton(id) {
    return this.#list.rows.get(id)?.querySelector('[data-open-lead]') ?? null;
  }

  /** Replays the highlight on a lead's row, if shown. */
  flashRow(id) {
    const row = this.#list.rows.get(id);
    if (row) flash(row);
  }

  /** The lead was opened: drops its "new" badge. */
  markOpened(id) {
    if (this.#unopened.delete(id)) this.#replaceRow(id);
  }

  markSelected() {
    const selectedId = this.#selectedId();
    for (const [id, row] of this.#list.rows) {
      const selected = selectedId === id;
      row.classList.toggle('is-selected', selected);
      if (selected) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  #renderRow(lead) {
    const selected = this.#selectedId() === lead.id;
    const classes = ['lead-row'];
    if (selected) classes.push('is-selected');
    if (this.#live.has(lead.id)) classes.push('is-live');
    return h('tr', { class: classes.join(' '), 'data-lead-id': lead.id, 'data-status': lead.status,
      'aria-current': selected ? 'true' : null },
      cell('createdAt', h('time', { datetime: isoTime(lead.createdAt), text: formatDateTime(lead.createdAt) })),
      cell('name', h('span', { class: 'lead-row__who' },
        h('span', { class: 'lead-row__name', text: lead.name ?? '' }),
        this.#unopened.has(lead.id) ? h('span', { class: 'badge badge--live lead-new', text: t('hr.fresh') }) : null)),
      cell('phone', phoneNode(lead)),
      cell('job', this.#session.jobTitleOf(lead), this.#filters.current().session ? null
        : h('span', { class: 'lead-row__session', text: this.#filters.sessionTitle(lead.session) ?? lead.session ?? '' })),
      cell('status', statusBadge(lead.status)),
      h('td', { class: 'leads-table__cell leads-table__cell--actions' },
        h('button', { type: 'button', class: 'btn btn--small', 'data-open-lead': lead.id,
          'aria-label': t('hr.detail.for', { name: lead.name ?? lead.id }), text: t('hr.detail') })));
  }

  #replaceRow(id) {
    const list = this.#list;
    const old = list.rows.get(id);
    const lead = list.leads.get(id);
    if (!old || !lead) return null;
    const row = this.#renderRow(lead);
    old.replaceWith(row);
    list.rows.set(id, row);
    return row;
  }

  renderRows() {
    for (const id of this.#list.order) this.#replaceRow(id);
  }

  renderChrome() {
    const list = this.#list;
    const els = this.#els;
    const n = list.order.length;
    els.section.setAttribute('aria-busy', String(list.loading));
    els.loading.hidden = !(list.loading && n === 0);
    els.empty.hidden = list.loading || !list.loaded || n > 0;
    els.tableScroll.hidden = n === 0;
    els.loadMore.hidden = !list.nextCursor;
    els.loadMore.disabled = list.loading;
    setText(els.count, n === 0 ? '' : t(list.nextCursor ? 'hr.leads.countMore' : 'hr.leads.count', { n }));
  }

  #resetRows() {
    const list = this.#list;
    list.leads.clear();
    list.order = [];
    list.rows.clear();
    list.nextCursor = null;
    this.#els.tbody.replaceChildren();
  }

  /** Forgets every lead (signed out); answers still on their way become stale. Renders no chrome. */
  reset() {
    this.#live.clear();
    this.#unopened.clear();
    this.#list.gen += 1;
    this.#list.loading = false;
    this.#list.loaded = false;
    this.#resetRows();
  }

  /** Stores a newer copy of a lead everywhere it is kept and re-renders its row. */
  updateLead(incoming) {
    const list = this.#list;
    const merged = mergeLead(list.leads.get(incoming.id) ?? this.#live.get(incoming.id) ?? null, incoming);
    if (this.#live.has(merged.id)) this.#live.set(merged.id, merged);
    if (list.leads.has(merged.id)) {
      list.leads.set(merged.id, merged);
      this.#replaceRow(merged.id);
    }
    return merged;
  }

  /** Adds a lead at the end (a page from the server, already in order). */
  #appendLead(lead) {
    const list = this.#list;
    if (list.leads.has(lead.id)) {
      this.updateLead(lead);
      return;
    }
    const merged = mergeLead(this.#live.get(lead.id) ?? null, lead);
    list.leads.set(lead.id, merged);
    list.order.push(lead.id);
    const row = this.#renderRow(merged);
    list.rows.set(lead.id, row);
    this.#els.tbody.append(row);
  }

  /**
   * Puts a lead in its place (newest first) if it matches the filters and falls within what is
   * loaded (older leads come with "load more"). A lead already shown is updated, unless
   * `onlyIfNew` (a `lead_new` never overrides what the server said since).
   */
  #placeLead(lead, { onlyIfNew = false, highlight = false } = {}) {
    const list = this.#list;
    if (list.leads.has(lead.id)) {
      if (!onlyIfNew) this.updateLead(lead);
      return;
    }
    if (!this.#filters.matches(lead, this.#filters.current())) return;
    const lastId = list.order[list.order.length - 1];
    if (list.nextCursor && lastId && compareLeads(lead, list.leads.get(lastId)) > 0) return;
    let index = list.order.findIndex((id) => compareLeads(lead, list.leads.get(id)) < 0);
    if (index < 0) index = list.order.length;
    const merged = mergeLead(null, lead);
    list.leads.set(lead.id, merged);
    list.order.splice(index, 0, lead.id);
    const row = this.#renderRow(merged);
    list.rows.set(lead.id, row);
    this.#els.tbody.insertBefore(row, list.rows.get(list.order[index + 1]) ?? null);
    if (highlight) flash(row);
  }

  /**
   * Loads the first page for the current filters (replacing the table), or with `more` the next
   * page. A newer first-page load makes older answers stale. Resolves true on success.
   */
  async load({ more = false } = {}) {
    const list = this.#list;
    if (more && (list.loading || !list.nextCursor)) return false;
    const gen = more ? list.gen : ++list.gen;
    const filters = this.#filters.current();
    list.loading = true;
    this.renderChrome();
    try {
      const query = this.#filters.query(filters, { limit: PAGE_SIZE, cursor: more ? list.nextCursor : null });
      const data = await this.#api.call(`/api/leads?${query}`);
      if (gen !== list.gen) return false;
      const leads = Array.isArray(data?.leads) ? data.leads.filter(isLead) : [];
      if (!more) this.#resetRows();
      for (const lead of leads) this.#appendLead(lead);
      list.nextCursor = typeof data?.nextCursor === 'string' && data.nextCursor ? data.nextCursor : null;
      // Live leads that arrived while this page was on its way.
      if (!more) for (const lead of this.#live.values()) this.#placeLead(lead, { onlyIfNew: true });
      list.loaded = true;
      this.#session.learnJobs(leads);
      return true;
    } catch (error) {
      if (gen === list.gen && !isSilent(error)) this.#notify('error', () => errorText(error));
      return false;
    } finally {
      if (gen === list.gen && this.#api.auth) {
        list.loading = false;
        this.renderChrome();
      }
    }
  }

  /** After a reconnect: merges the newest page (leads missed while the channel was down). */
  async catchUp() {
    const list = this.#list;
    if (list.loading) return; // a fresh page is on its way anyway
    const gen = list.gen;
    try {
      const data = await this.#api.call(`/api/leads?${this.#filters.query(this.#filters.current(), { limit: PAGE_SIZE })}`);
      if (gen !== list.gen || list.loading) return;
      const leads = Array.isArray(data?.leads) ? data.leads.filter(isLead) : [];
      for (const lead of leads) this.#placeLead(lead, { highlight: !list.leads.has(lead.id) });
      this.#session.learnJobs(leads);
      this.renderChrome();
    } catch (error) {
      if (!isSilent(error)) console.warn('daigang: catching up on leads failed', error);
    }
  }

  /**
   * A `lead_new` (already checked to be a lead of this session): kept as a live lead and badged.
   * Returns false when the lead is known already (nothing changes then).
   */
  addLive(lead) {
    if (this.#live.has(lead.id) || this.#list.leads.has(lead.id)) return false;
    this.#live.set(lead.id, lead);
    if (this.#live.size > MAX_LIVE) this.#live.delete(this.#live.keys().next().value);
    this.#unopened.add(lead.id);
    return true;
  }

  /** Shows a live lead added with addLive() where it belongs (after its jobs were learnt). */
  placeLive(lead) {
    this.#placeLead(lead, { onlyIfNew: true, highlight: true });
    this.renderChrome();
  }
}
