// Daigang — hr.js — the HR page (hr.html, served at /hr).
// Sign in with the employer's HR token (kept in sessionStorage only, never in the URL; sent as
// `Authorization: Bearer …` to the HR HTTP API and in the WebSocket `hello`). The first
// GET /api/leads checks the token (401 → back to the sign-in form). Then the page lists the
// employer's leads for `?session=` (newest first, filters, "load more" via nextCursor), opens a
// lead's detail (GET /api/leads/{id}, which the server records in its audit log — so only when
// the HR person asks for it), records follow-ups (POST /api/leads/{id}/followups) and exports
// CSV (GET /api/leads.csv, fetched with the header and saved through a Blob). New leads arrive
// live as `lead_new` over the WebSocket (`hello` with role "hr"); they carry only the masked
// phone number until the detail is opened. See docs/PROTOCOL.md, "# Leads".
//
// Element ids / selectors (for tests):
//   #conn-banner          live channel state; hidden while connected (or signed out)
//   #lang-switch, #hr-logout-button
//   #hr-message           status/error line; data-kind = info | pending | ok | error;
//                         an unexpected error shows the server's `message` and `code`
//   #hr-login-section, #hr-login-form, #hr-token-input, #hr-login-button
//   #hr-panel             shown once the token was accepted
//   #hr-employer, #session-title, #session-status (data-session-status)
//   #leads-section        aria-busy="true" while a page of leads is loading
//   #leads-filters: #filter-status (""=all | a lead status), #filter-job (""=all | job id),
//                   #filter-since (date; leads created at or after local midnight of that day),
//                   #filter-reset, #leads-refresh, #csv-download
//   #leads-count, #leads-loading, #leads-empty, #load-more (hidden when nextCursor is null)
//   #leads-table > #leads-body > tr[data-lead-id][data-status]  (newest first); cells
//     td[data-field="createdAt|name|phone|job|hometown|status"];
//     phone: a[data-phone="full"][href^="tel:"] or span[data-phone="masked"] (live leads);
//     [data-open-lead="<id>"] the 详情 button; tr.is-selected is the lead in the detail panel;
//     tr.is-live: arrived over the WebSocket during this visit (badge .lead-new until opened)
//   #lead-detail          data-lead-id, data-state = loading | ready | error
//     #lead-detail-name, #lead-detail-close, #lead-detail-loading,
//     #lead-detail-facts (div.fact[data-field=status|phone|job|hometown|note|createdAt|
//       updatedAt|id]), #lead-detail-status, #lead-detail-phone
//     #followup-list > li.followup[data-status] (oldest first), #followup-empty
//     #followup-form, #followup-fieldset (disabled until the lead is loaded / while saving),
//     #followup-status, #followup-note (maxlength 2000), #followup-count, #followup-submit

import { Connection } from './connection.js';
import { byId, h, setChildren, setText } from './dom.js';
import { applyTranslations, formatTime, hasMessage, isoTime, onLangChange, t } from './i18n.js';
import { bindConnBanner, bindLangSwitch, sessionIdFromLocation, statusLabel } from './page.js';
import { makeStatusLine } from './status-line.js';
import { sessionStore } from './storage.js';

const TOKEN_KEY = 'daigang.hrToken';
const PAGE_SIZE = 50;
const NOTE_MAX = 2000;
const MAX_LIVE = 500;
const LEAD_STATUSES = ['new', 'contacted', 'interview_scheduled', 'hired', 'rejected', 'unreachable'];

const els = {
  banner: byId('conn-banner'),
  langSwitch: byId('lang-switch'),
  logout: byId('hr-logout-button'),
  message: byId('hr-message'),
  loginSection: byId('hr-login-section'),
  loginForm: byId('hr-login-form'),
  tokenInput: byId('hr-token-input'),
  loginButton: byId('hr-login-button'),
  panel: byId('hr-panel'),
  employer: byId('hr-employer'),
  title: byId('session-title'),
  status: byId('session-status'),
  leadsSection: byId('leads-section'),
  filters: byId('leads-filters'),
  filterStatus: byId('filter-status'),
  filterJob: byId('filter-job'),
  filterSince: byId('filter-since'),
  filterReset: byId('filter-reset'),
  refresh: byId('leads-refresh'),
  csv: byId('csv-download'),
  count: byId('leads-count'),
  loading: byId('leads-loading'),
  empty: byId('leads-empty'),
  tableScroll: byId('leads-table-scroll'),
  tbody: byId('leads-body'),
  loadMore: byId('load-more'),
  detail: byId('lead-detail'),
  detailName: byId('lead-detail-name'),
  detailClose: byId('lead-detail-close'),
  detailLoading: byId('lead-detail-loading'),
  detailFacts: byId('lead-detail-facts'),
  followupEmpty: byId('followup-empty'),
  followupList: byId('followup-list'),
  followupForm: byId('followup-form'),
  followupFieldset: byId('followup-fieldset'),
  followupStatus: byId('followup-status'),
  followupNote: byId('followup-note'),
  followupCount: byId('followup-count'),
};

const sessionId = sessionIdFromLocation();

// -- state --------------------------------------------------------------------------------

/** The current sign-in: {token, abort: AbortController, conn, unsubscribe: []}, or null. */
let auth = null;
/** The employer behind the token (from the welcome, else from the leads). */
let employerId = null;
/** The session as far as this page needs it: {title, status, jobs}. */
let session = null;
/** jobId → title, learned from the leads (covers jobs missing from the snapshot). */
const leadJobs = new Map();
/** The rows shown: leads by id, their order (newest first), their <tr>s, and paging. */
const list = { leads: new Map(), order: [], rows: new Map(), nextCursor: null, loading: false, loaded: false, gen: 0 };
/** Leads that arrived as `lead_new` during this sign-in (id → lead), newest last. */
const live = new Map();
/** Live leads not opened yet (they get a "new" badge). */
const unopened = new Set();
/** The lead in the detail panel: {id, lead, followups, loading, failed}, or null. */
let detail = null;
let detailGen = 0;
let saving = false;
/** The last message shown, so a language switch can re-translate it. */
/** Live leads that arrived while the tab was hidden (shown in the tab title). */
let unseen = 0;

class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

// -- formatting ---------------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');

/** "11-24 14:05" (this year) or "2025-11-24 14:05" (another year, or `withYear`). */
function formatDateTime(ms, withYear = false) {
  const date = new Date(ms);
  if (typeof ms !== 'number' || Number.isNaN(date.getTime())) return '';
  const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const year = withYear || date.getFullYear() !== new Date().getFullYear() ? `${date.getFullYear()}-` : '';
  return `${year}${day} ${formatTime(ms)}`;
}

function leadStatusLabel(status) {
  const key = `lead.status.${status}`;
  return hasMessage(key) ? t(key) : String(status ?? '');
}

function statusBadge(status, id = null) {
  return h('span', { class: 'lead-status', 'data-status': status, id, text: leadStatusLabel(status) });
}

/** A tel: link for the full number; the masked number (live leads) as plain text. */
function phoneNode(lead, id = null) {
  if (typeof lead.phone === 'string' && lead.phone) {
    const dial = lead.phone.replace(/[^\d+]/g, '');
    return h('a', { class: 'phone', href: `tel:${dial}`, 'data-phone': 'full', id, text: lead.phone });
  }
  return h('span', {
    class: 'phone phone--masked', 'data-phone': 'masked', id,
    title: t('hr.phone.masked'), text: lead.phoneMasked ?? '',
  });
}

function jobTitleOf(lead) {
  return lead.jobTitle || session?.jobs.find((job) => job.id === lead.jobId)?.title || lead.jobId || '';
}

function isLead(value) {
  return Boolean(value) && typeof value === 'object' && typeof value.id === 'string' && value.id !== '';
}

/** Orders leads newest first (ties: the larger id first). Negative: `a` comes before `b`. */
function compareLeads(a, b) {
  const diff = (Number(b.createdAt) || 0) - (Number(a.createdAt) || 0);
  if (diff !== 0) return diff;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

// -- the status line ----------------------------------------------------------------------

const status = makeStatusLine(els.message);
const showMessage = (kind, text) => status.show(kind, text);
const clearMessage = () => status.clear();

function errorText(error) {
  switch (error.code) {
    case 'network': return t('hr.msg.network');
    case 'unavailable': return t('hr.msg.unavailable');
    case 'not_found': return t('hr.msg.notFound');
    default: return t('hr.msg.error', { message: error.message, code: error.code });
  }
}

/** Errors that need no message of their own (the sign-out already said why). */
function isSilent(error) {
  return error?.code === 'unauthorized' || error?.code === 'signed_out';
}

// -- the HTTP API -------------------------------------------------------------------------

/**
 * Calls the HR HTTP API with the token in the Authorization header. A 401 signs out.
 * Resolves with the parsed JSON (or the Response when `raw`); rejects with ApiError.
 */
async function api(path, { method = 'GET', body, accept = 'application/json', raw = false } = {}) {
  const current = auth;
  if (!current) throw new ApiError(0, 'signed_out', 'signed out');
  const headers = { Authorization: `Bearer ${current.token}`, Accept: accept };
  const init = { method, headers, signal: current.abort.signal, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (current.abort.signal.aborted) throw new ApiError(0, 'signed_out', 'signed out');
    throw new ApiError(0, 'network', error?.message ?? 'network error');
  }
  if (auth !== current) throw new ApiError(0, 'signed_out', 'signed out');
  if (response.status === 401) {
    signOut(() => t('hr.msg.tokenInvalid'), 'error');
    throw new ApiError(401, 'unauthorized', 'unauthorized');
  }
  if (!response.ok) {
    let payload = null;
    try { payload = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status,
      typeof payload?.error === 'string' ? payload.error : `http_${response.status}`,
      typeof payload?.message === 'string' ? payload.message : response.statusText);
  }
  if (raw) return response;
  try {
    return await response.json();
  } catch {
    throw new ApiError(response.status, 'bad_response', 'the response is not JSON');
  }
}

// -- filters ------------------------------------------------------------------------------

/** Local midnight of a `YYYY-MM-DD` date input value, in ms; null when empty or invalid. */
function sinceMs(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const ms = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isFinite(ms) ? ms : null;
}

function currentFilters() {
  return {
    job: els.filterJob.value,
    status: els.filterStatus.value,
    since: sinceMs(els.filterSince.value),
  };
}

/** The query string for /api/leads and /api/leads.csv (never carries the token). */
function filterQuery(filters, extra = {}) {
  const params = new URLSearchParams({ session: sessionId });
  if (filters.job) params.set('job', filters.job);
  if (filters.status) params.set('status', filters.status);
  if (filters.since !== null) params.set('since', String(filters.since));
  for (const [name, value] of Object.entries(extra)) {
    if (value !== null && value !== undefined) params.set(name, String(value));
  }
  return params.toString();
}

function matchesFilters(lead, filters) {
  if (lead.session && lead.session !== sessionId) return false;
  if (filters.job && lead.jobId !== filters.job) return false;
  if (filters.status && lead.status !== filters.status) return false;
  if (filters.since !== null && !(Number(lead.createdAt) >= filters.since)) return false;
  return true;
}

// -- the leads table ----------------------------------------------------------------------

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

function renderRow(lead) {
  const selected = detail?.id === lead.id;
  const classes = ['lead-row'];
  if (selected) classes.push('is-selected');
  if (live.has(lead.id)) classes.push('is-live');
  return h('tr', { class: classes.join(' '), 'data-lead-id': lead.id, 'data-status': lead.status,
    'aria-current': selected ? 'true' : null },
    cell('createdAt', h('time', { datetime: isoTime(lead.createdAt), text: formatDateTime(lead.createdAt) })),
    cell('name', h('span', { class: 'lead-row__who' },
      h('span', { class: 'lead-row__name', text: lead.name ?? '' }),
      unopened.has(lead.id) ? h('span', { class: 'badge badge--live lead-new', text: t('hr.fresh') }) : null)),
    cell('phone', phoneNode(lead)),
    cell('job', jobTitleOf(lead)),
    cell('hometown', lead.hometown || '—'),
    cell('status', statusBadge(lead.status)),
    h('td', { class: 'leads-table__cell leads-table__cell--actions' },
      h('button', { type: 'button', class: 'btn btn--small', 'data-open-lead': lead.id,
        'aria-label': t('hr.detail.for', { name: lead.name ?? lead.id }), text: t('hr.detail') })));
}

function replaceRow(id) {
  const old = list.rows.get(id);
  const lead = list.leads.get(id);
  if (!old || !lead) return null;
  const row = renderRow(lead);
  old.replaceWith(row);
  list.rows.set(id, row);
  return row;
}

function renderAllRows() {
  for (const id of list.order) replaceRow(id);
}

function renderListChrome() {
  const n = list.order.length;
  els.leadsSection.setAttribute('aria-busy', String(list.loading));
  els.loading.hidden = !(list.loading && n === 0);
  els.empty.hidden = list.loading || !list.loaded || n > 0;
  els.tableScroll.hidden = n === 0;
  els.loadMore.hidden = !list.nextCursor;
  els.loadMore.disabled = list.loading;
  setText(els.count, n === 0 ? '' : t(list.nextCursor ? 'hr.leads.countMore' : 'hr.leads.count', { n }));
}

function resetList() {
  list.leads.clear();
  list.order = [];
  list.rows.clear();
  list.nextCursor = null;
  els.tbody.replaceChildren();
}

/** `incoming` over `existing`, keeping a full phone number the incoming copy lacks. */
function mergeLead(existing, incoming) {
  const merged = { ...(existing ?? {}), ...incoming };
  delete merged.followups;
  if (!incoming.phone && existing?.phone) merged.phone = existing.phone;
  return merged;
}

/** Stores a newer copy of a lead everywhere it is kept and re-renders its row. */
function updateLead(incoming) {
  const merged = mergeLead(list.leads.get(incoming.id) ?? live.get(incoming.id) ?? null, incoming);
  if (live.has(merged.id)) live.set(merged.id, merged);
  if (list.leads.has(merged.id)) {
    list.leads.set(merged.id, merged);
    replaceRow(merged.id);
  }
  return merged;
}

/** Adds a lead at the end (a page from the server, already in order). */
function appendLead(lead) {
  if (list.leads.has(lead.id)) {
    updateLead(lead);
    return;
  }
  const merged = mergeLead(live.get(lead.id) ?? null, lead);
  list.leads.set(lead.id, merged);
  list.order.push(lead.id);
  const row = renderRow(merged);
  list.rows.set(lead.id, row);
  els.tbody.append(row);
}

/**
 * Puts a lead in its place (newest first) if it matches the filters and falls within what is
 * loaded (older leads come with "load more"). A lead already shown is updated, unless
 * `onlyIfNew` (a `lead_new` never overrides what the server said since).
 */
function placeLead(lead, { onlyIfNew = false, highlight = false } = {}) {
  if (list.leads.has(lead.id)) {
    if (!onlyIfNew) updateLead(lead);
    return;
  }
  if (!matchesFilters(lead, currentFilters())) return;
  const lastId = list.order[list.order.length - 1];
  if (list.nextCursor && lastId && compareLeads(lead, list.leads.get(lastId)) > 0) return;
  let index = list.order.findIndex((id) => compareLeads(lead, list.leads.get(id)) < 0);
  if (index < 0) index = list.order.length;
  const merged = mergeLead(null, lead);
  list.leads.set(lead.id, merged);
  list.order.splice(index, 0, lead.id);
  const row = renderRow(merged);
  list.rows.set(lead.id, row);
  els.tbody.insertBefore(row, list.rows.get(list.order[index + 1]) ?? null);
  if (highlight) flash(row);
}

function learnJobs(leads) {
  let changed = false;
  for (const lead of leads) {
    if (!employerId && typeof lead.employerId === 'string') {
      employerId = lead.employerId;
      changed = true;
    }
    if (typeof lead.jobId === 'string' && lead.jobId && !leadJobs.has(lead.jobId)) {
      leadJobs.set(lead.jobId, lead.jobTitle || lead.jobId);
      changed = true;
    }
  }
  if (changed) {
    renderJobOptions();
    renderHead();
  }
}

/**
 * Loads the first page for the current filters (replacing the table), or with `more` the next
 * page. A newer first-page load makes older answers stale. Resolves true on success.
 */
async function loadLeads({ more = false } = {}) {
  if (more && (list.loading || !list.nextCursor)) return false;
  const gen = more ? list.gen : ++list.gen;
  const filters = currentFilters();
  list.loading = true;
  renderListChrome();
  try {
    const query = filterQuery(filters, { limit: PAGE_SIZE, cursor: more ? list.nextCursor : null });
    const data = await api(`/api/leads?${query}`);
    if (gen !== list.gen) return false;
    const leads = Array.isArray(data?.leads) ? data.leads.filter(isLead) : [];
    if (!more) resetList();
    for (const lead of leads) appendLead(lead);
    list.nextCursor = typeof data?.nextCursor === 'string' && data.nextCursor ? data.nextCursor : null;
    // Live leads that arrived while this page was on its way.
    if (!more) for (const lead of live.values()) placeLead(lead, { onlyIfNew: true });
    list.loaded = true;
    learnJobs(leads);
    return true;
  } catch (error) {
    if (gen === list.gen && !isSilent(error)) showMessage('error', () => errorText(error));
    return false;
  } finally {
    if (gen === list.gen && auth) {
      list.loading = false;
      renderListChrome();
    }
  }
}

/** After a reconnect: merges the newest page (leads missed while the channel was down). */
async function catchUp() {
  if (list.loading) return; // a fresh page is on its way anyway
  const gen = list.gen;
  try {
    const data = await api(`/api/leads?${filterQuery(currentFilters(), { limit: PAGE_SIZE })}`);
    if (gen !== list.gen || list.loading) return;
    const leads = Array.isArray(data?.leads) ? data.leads.filter(isLead) : [];
    for (const lead of leads) placeLead(lead, { highlight: !list.leads.has(lead.id) });
    learnJobs(leads);
    renderListChrome();
  } catch (error) {
    if (!isSilent(error)) console.warn('daigang: catching up on leads failed', error);
  }
}

function onLeadNew(lead) {
  if (!isLead(lead) || (lead.session && lead.session !== sessionId)) return;
  if (live.has(lead.id) || list.leads.has(lead.id)) return;
  live.set(lead.id, lead);
  if (live.size > MAX_LIVE) live.delete(live.keys().next().value);
  unopened.add(lead.id);
  learnJobs([lead]);
  placeLead(lead, { onlyIfNew: true, highlight: true });
  renderListChrome();
  if (!status.kind || status.kind === 'info' || status.kind === 'ok') {
    showMessage('info', () => t('hr.msg.newLead', { name: lead.name ?? '', job: jobTitleOf(lead) }));
  }
  if (document.visibilityState === 'hidden') {
    unseen += 1;
    renderTitle();
  }
}

// -- the session header and the job filter --------------------------------------------------

function applySnapshot(snapshot) {
  session = {
    title: typeof snapshot.title === 'string' ? snapshot.title : '',
    status: typeof snapshot.status === 'string' ? snapshot.status : '',
    jobs: Array.isArray(snapshot.jobs) ? snapshot.jobs.filter((job) => job && typeof job.id === 'string') : [],
  };
  renderHead();
  renderJobOptions();
}

function employerName() {
  if (!employerId) return '';
  return session?.jobs.find((job) => job.employerId === employerId && job.employerName)?.employerName ?? employerId;
}

function renderHead() {
  setText(els.title, session?.title ?? '');
  setText(els.status, session?.status ? statusLabel(session.status) : '');
  els.status.dataset.sessionStatus = session?.status ?? '';
  setText(els.employer, employerName());
}

/** The jobs to filter by: the employer's jobs in the snapshot, plus any job seen in a lead. */
function knownJobs() {
  const jobs = new Map();
  for (const job of session?.jobs ?? []) {
    if (!employerId || job.employerId === employerId) jobs.set(job.id, job.title || job.id);
  }
  for (const [id, title] of leadJobs) if (!jobs.has(id)) jobs.set(id, title);
  return [...jobs].map(([id, title]) => ({ id, title }));
}

function renderJobOptions() {
  const selected = els.filterJob.value;
  const jobs = knownJobs();
  if (selected && !jobs.some((job) => job.id === selected)) jobs.push({ id: selected, title: selected });
  setChildren(els.filterJob,
    h('option', { value: '', text: t('hr.filter.job.all') }),
    jobs.map((job) => h('option', { value: job.id, text: job.title })));
  els.filterJob.value = selected;
}

/** GET /api/sessions/{id}: title, status and jobs. Public; sent without the token. */
async function fetchSession(current) {
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}`,
      { cache: 'no-store', credentials: 'omit', signal: current.abort.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const snapshot = await response.json();
    if (auth === current && snapshot && typeof snapshot === 'object') applySnapshot(snapshot);
  } catch (error) {
    if (auth === current) console.warn('daigang: cannot load the session', error);
  }
}

// -- the lead detail ------------------------------------------------------------------------

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

function renderFormState() {
  els.followupFieldset.disabled = !detail || detail.loading || detail.failed || !detail.lead || saving;
}

function renderDetail() {
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
  setText(els.detailName, lead?.name || detail.id);
  els.detailLoading.hidden = !detail.loading;
  setChildren(els.detailFacts, lead ? [
    fact('status', t('hr.detail.status'), statusBadge(lead.status, 'lead-detail-status')),
    fact('phone', t('hr.detail.phone'), phoneNode(lead, 'lead-detail-phone')),
    fact('job', t('hr.detail.job'), jobTitleOf(lead)),
    lead.hometown ? fact('hometown', t('hr.detail.hometown'), lead.hometown) : null,
    lead.note ? fact('note', t('hr.detail.note'), lead.note) : null,
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
  renderFormState();
}

function markSelectedRow() {
  for (const [id, row] of list.rows) {
    const selected = detail?.id === id;
    row.classList.toggle('is-selected', selected);
    if (selected) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
}

/** Brings the panel into view on narrow screens (on wide ones it sits beside the table). */
function revealDetail() {
  if (window.matchMedia('(max-width: 1099px)').matches) {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    els.detail.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
  els.detail.focus({ preventScroll: true });
}

/** Opens a lead: shows what the row knows at once, then GET /api/leads/{id} (audited). */
async function openDetail(id) {
  const gen = ++detailGen;
  const known = list.leads.get(id) ?? live.get(id) ?? null;
  const changed = detail?.id !== id;
  detail = { id, lead: known, followups: [], loading: true, failed: false };
  if (unopened.delete(id)) replaceRow(id);
  if (changed) {
    els.detail.scrollTop = 0;
    els.followupNote.value = '';
    renderNoteCount();
  }
  if (known && LEAD_STATUSES.includes(known.status)) els.followupStatus.value = known.status;
  markSelectedRow();
  renderDetail();
  revealDetail();
  try {
    const data = await api(`/api/leads/${encodeURIComponent(id)}`);
    if (gen !== detailGen) return;
    if (!isLead(data?.lead)) throw new ApiError(200, 'bad_response', 'no lead in the response');
    detail.followups = Array.isArray(data.lead.followups)
      ? data.lead.followups.filter((item) => item && typeof item === 'object') : [];
    detail.lead = updateLead(data.lead);
    detail.loading = false;
    if (LEAD_STATUSES.includes(detail.lead.status)) els.followupStatus.value = detail.lead.status;
    renderDetail();
  } catch (error) {
    if (gen !== detailGen || !detail) return;
    detail.loading = false;
    detail.failed = true;
    renderDetail();
    if (!isSilent(error)) showMessage('error', () => errorText(error));
  }
}

function closeDetail() {
  const id = detail?.id;
  detail = null;
  detailGen += 1;
  markSelectedRow();
  renderDetail();
  const button = id ? list.rows.get(id)?.querySelector('[data-open-lead]') : null;
  button?.focus();
}

function renderNoteCount() {
  setText(els.followupCount, t('hr.followup.count', { n: [...els.followupNote.value].length }));
}

async function submitFollowup() {
  if (!detail || detail.loading || detail.failed || saving) return;
  const { id } = detail;
  const gen = detailGen;
  const status = els.followupStatus.value;
  if (!LEAD_STATUSES.includes(status)) return;
  const note = els.followupNote.value.trim();
  if ([...note].length > NOTE_MAX) {
    showMessage('error', () => t('hr.msg.noteTooLong'));
    return;
  }
  saving = true;
  renderFormState();
  showMessage('pending', () => t('hr.msg.saving'));
  try {
    const data = await api(`/api/leads/${encodeURIComponent(id)}/followups`,
      { method: 'POST', body: note ? { status, note } : { status } });
    if (!isLead(data?.lead)) throw new ApiError(201, 'bad_response', 'no lead in the response');
    const lead = updateLead(data.lead);
    if (detail && detail.id === id && gen === detailGen) {
      // The reply is the updated lead; use its history if it carries one, else add ours.
      detail.followups = Array.isArray(data.lead.followups)
        ? data.lead.followups.filter((item) => item && typeof item === 'object')
        : [...detail.followups, { status, note, at: typeof lead.updatedAt === 'number' ? lead.updatedAt : Date.now() }];
      detail.lead = lead;
      els.followupNote.value = '';
      renderNoteCount();
      renderDetail();
    }
    const row = list.rows.get(id);
    if (row) flash(row);
    showMessage('ok', () => t('hr.msg.saved'));
  } catch (error) {
    if (!isSilent(error)) showMessage('error', () => errorText(error));
  } finally {
    saving = false;
    renderFormState();
  }
}

// -- CSV export ---------------------------------------------------------------------------

/**
 * fetch() hands header values over as bytes read as Latin-1. A server that puts raw UTF-8 in
 * a header (rather than percent-encoding it) gets its text back here; anything else is kept.
 */
function latin1AsUtf8(text) {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  } catch {
    return text;
  }
}

/** The file name from Content-Disposition (filename* first), or null. */
function filenameFrom(header) {
  if (!header) return null;
  const disposition = latin1AsUtf8(header);
  let name = null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try { name = decodeURIComponent(extended[1].trim()); } catch { name = null; }
  }
  if (!name) {
    const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
    name = plain ? plain[1].trim() : null;
  }
  // eslint-disable-next-line no-control-regex
  const safe = name?.replace(/[\\/\u0000-\u001f\u007f]/g, '_').trim();
  return safe || null;
}

function fallbackFilename() {
  const now = new Date();
  return `leads-${sessionId}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}.csv`;
}

/** GET /api/leads.csv with the header (a plain link cannot send it), saved via a Blob URL. */
async function downloadCsv() {
  if (els.csv.disabled) return;
  els.csv.disabled = true;
  showMessage('pending', () => t('hr.msg.exporting'));
  try {
    const response = await api(`/api/leads.csv?${filterQuery(currentFilters())}`,
      { accept: 'text/csv', raw: true });
    const blob = await response.blob();
    const name = filenameFrom(response.headers.get('Content-Disposition')) ?? fallbackFilename();
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    showMessage('ok', () => t('hr.msg.exported', { file: name }));
  } catch (error) {
    if (!isSilent(error)) showMessage('error', () => errorText(error));
  } finally {
    els.csv.disabled = false;
  }
}

// -- signing in and out -------------------------------------------------------------------

function renderTitle() {
  document.title = unseen > 0 ? `(${unseen}) ${t('hr.title')}` : t('hr.title');
}

function showLogin() {
  els.loginSection.hidden = false;
  els.panel.hidden = true;
  els.logout.hidden = true;
  els.loginButton.disabled = false;
  els.tokenInput.focus();
}

function showPanel() {
  els.loginSection.hidden = true;
  els.panel.hidden = false;
  els.logout.hidden = false;
}

/** Ends the current sign-in (requests, live channel) and forgets everything it loaded. */
function teardown() {
  const current = auth;
  auth = null;
  if (current) {
    current.abort.abort();
    for (const off of current.unsubscribe) off();
    current.conn?.stop();
  }
  els.banner.hidden = true;
  employerId = null;
  session = null;
  leadJobs.clear();
  live.clear();
  unopened.clear();
  list.gen += 1;
  list.loading = false;
  list.loaded = false;
  resetList();
  detail = null;
  detailGen += 1;
  saving = false;
  unseen = 0;
  els.filters.reset();
  els.followupNote.value = '';
  renderNoteCount();
  renderDetail();
  renderHead();
  renderJobOptions();
  renderListChrome();
  renderTitle();
}

/** Signs out: forgets the token and shows the sign-in form with `text()` (if any). */
function signOut(text = null, kind = 'info') {
  teardown();
  sessionStore.remove(TOKEN_KEY);
  showLogin();
  if (text) showMessage(kind, text);
  else clearMessage();
}

/** The live channel: `hello` as hr; `lead_new` adds rows. */
function connectLive(current) {
  const conn = new Connection({ session: sessionId, role: 'hr', token: current.token });
  current.conn = conn;
  const on = (name, handler) => current.unsubscribe.push(conn.on(name, handler));
  current.unsubscribe.push(bindConnBanner(els.banner, conn));
  let welcomed = false;

  on('welcome', (welcome) => {
    if (typeof welcome.employerId === 'string' && welcome.employerId) employerId = welcome.employerId;
    if (welcome.snapshot && typeof welcome.snapshot === 'object') applySnapshot(welcome.snapshot);
    else renderHead();
    renderJobOptions();
    if (welcomed) catchUp(); // leads created while the channel was down
    welcomed = true;
  });
  on('fatal', (error) => {
    // unauthorized: the token was revoked. Anything else (e.g. not_found) stays in the banner;
    // the HTTP API keeps working without the live channel.
    if (error.code === 'unauthorized') signOut(() => t('hr.msg.tokenInvalid'), 'error');
  });
  on('lead_new', (message) => onLeadNew(message.lead));
  // Session broadcasts, should the server send them to HR connections too.
  on('session_status', (message) => {
    if (!session || typeof message.status !== 'string') return;
    session.status = message.status;
    renderHead();
  });
  on('job_updated', (message) => {
    if (!session || !message.job || typeof message.job.id !== 'string') return;
    const index = session.jobs.findIndex((job) => job.id === message.job.id);
    if (index >= 0) session.jobs[index] = message.job;
    else session.jobs.push(message.job);
    renderJobOptions();
  });
  on('error', (message) => console.warn('daigang: server error', message.code, message.message));
  conn.start();
}

async function signIn(token) {
  teardown();
  const current = { token, abort: new AbortController(), conn: null, unsubscribe: [] };
  auth = current;
  els.loginSection.hidden = true;
  els.loginButton.disabled = true;
  showMessage('pending', () => t('hr.msg.signingIn'));
  fetchSession(current);
  const ok = await loadLeads();
  if (auth !== current) return; // 401: signOut() has shown the form again
  els.loginButton.disabled = false;
  showPanel();
  if (ok) clearMessage();
  connectLive(current);
}

/** Tokens go into an HTTP header: printable ASCII only (anything else cannot be right). */
const TOKEN_PATTERN = /^[\x21-\x7e]{1,512}$/;

// -- wiring -------------------------------------------------------------------------------

els.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = els.tokenInput.value.trim();
  els.tokenInput.value = '';
  if (!token) {
    showMessage('error', () => t('hr.msg.tokenRequired'));
    els.tokenInput.focus();
    return;
  }
  if (!TOKEN_PATTERN.test(token)) {
    showMessage('error', () => t('hr.msg.tokenInvalid'));
    els.tokenInput.focus();
    return;
  }
  sessionStore.set(TOKEN_KEY, token);
  signIn(token);
});

els.logout.addEventListener('click', () => signOut(() => t('hr.msg.loggedOut')));

els.filters.addEventListener('submit', (event) => event.preventDefault());
for (const input of [els.filterStatus, els.filterJob, els.filterSince]) {
  input.addEventListener('change', () => loadLeads());
}
els.filterReset.addEventListener('click', () => {
  els.filterStatus.value = '';
  els.filterJob.value = '';
  els.filterSince.value = '';
  loadLeads();
});
els.refresh.addEventListener('click', () => loadLeads());
els.csv.addEventListener('click', downloadCsv);
els.loadMore.addEventListener('click', () => loadLeads({ more: true }));

els.tbody.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-open-lead]') : null;
  if (button) openDetail(button.dataset.openLead);
});

els.detailClose.addEventListener('click', closeDetail);
els.detail.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !event.defaultPrevented) closeDetail();
});
els.followupForm.addEventListener('submit', (event) => {
  event.preventDefault();
  submitFollowup();
});
els.followupNote.addEventListener('input', renderNoteCount);

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && unseen > 0) {
    unseen = 0;
    renderTitle();
  }
});

// -- start --------------------------------------------------------------------------------

applyTranslations();
renderTitle();
renderNoteCount();
renderJobOptions();
bindLangSwitch(els.langSwitch);
onLangChange(() => {
  renderTitle();
  renderNoteCount();
  renderHead();
  renderJobOptions();
  renderAllRows();
  renderListChrome();
  renderDetail();
  status.refresh();
});

const savedToken = sessionStore.get(TOKEN_KEY);
if (savedToken && TOKEN_PATTERN.test(savedToken)) {
  signIn(savedToken);
} else {
  clearMessage();
  showLogin();
}
