// Daigang — hr-filters.js
// The leads filters of the HR page (hr.js): search (name or phone digits), session, status,
// job, "since" date, reset and refresh. Any change calls `onChange` (hr.js loads the first page
// again). Also builds the query string for /api/leads and /api/leads.csv and tells whether a
// lead matches. The session filter offers the sessions with the employer's leads
// (GET /api/leads/sessions); the page's `?session=` is preselected, 全部场次 ("") is every session.
//
// Element ids: #leads-filters: #filter-q (search text), #filter-session (""=all | session id),
//   #filter-status (""=all | a lead status), #filter-job (""=all | job id), #filter-since (date;
//   leads created at or after local midnight of that day), #filter-reset, #leads-refresh

import { byId, h, setChildren } from './dom.js';
import { addMessages, t } from './i18n.js';

addMessages({
  zh: {
    'hr.filter.q': '搜索姓名或电话',
    'hr.filter.q.placeholder': '姓名，或电话中的几位数字',
    'hr.filter.session': '场次',
    'hr.filter.session.all': '全部场次',
  },
  en: {
    'hr.filter.q': 'Search name or phone',
    'hr.filter.q.placeholder': 'A name, or digits of a phone number',
    'hr.filter.session': 'Session',
    'hr.filter.session.all': 'All sessions',
  },
});

/** Local midnight of a `YYYY-MM-DD` date input value, in ms; null when empty or invalid. */
function sinceMs(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const ms = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** The server's `q=` rule for a lead already on the page: phone digits, else part of the name. */
function matchesSearch(lead, q) {
  if (lead.status === 'withdrawn') return false;
  if (/^[\d\s+-]+$/.test(q) && /\d/.test(q)) return String(lead.phone ?? '').includes(q.replace(/\D/g, ''));
  return String(lead.name ?? '').toLowerCase().includes(q.toLowerCase());
}

export class HrFilters {
  #els = {
    form: byId('leads-filters'),
    q: byId('filter-q'),
    session: byId('filter-session'),
    status: byId('filter-status'),
    job: byId('filter-job'),
    since: byId('filter-since'),
    reset: byId('filter-reset'),
    refresh: byId('leads-refresh'),
  };
  #sessionId;
  #jobs;
  /** The sessions with the employer's leads: [{id, title, leads}], from GET /api/leads/sessions. */
  #sessions = [];
  /** The session filter's value, kept while its options are (re)built. */
  #selectedSession;
  #typing = null;

  /**
   * @param {object} options
   * @param {string} options.sessionId
   * @param {() => {id: string, title: string}[]} options.jobs   the jobs to offer
   * @param {() => void} options.onChange
   */
  constructor({ sessionId, jobs, onChange }) {
    this.#sessionId = sessionId;
    this.#jobs = jobs;
    this.#selectedSession = sessionId;
    const els = this.#els;
    const changed = () => {
      clearTimeout(this.#typing);
      onChange();
    };
    els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      changed();
    });
    for (const input of [els.status, els.job, els.since]) {
      input.addEventListener('change', changed);
    }
    els.session.addEventListener('change', () => {
      this.#selectedSession = els.session.value;
      changed();
    });
    // Searching as one types, once the typing pauses (a weak phone should not ask per key).
    els.q.addEventListener('input', () => {
      clearTimeout(this.#typing);
      this.#typing = setTimeout(() => onChange(), 400);
    });
    els.reset.addEventListener('click', () => {
      els.q.value = '';
      this.#selectedSession = '';
      els.session.value = '';
      els.status.value = '';
      els.job.value = '';
      els.since.value = '';
      onChange();
    });
    els.refresh.addEventListener('click', () => onChange());
  }

  /** Back to the form's defaults (signed out); does not render. */
  reset() {
    clearTimeout(this.#typing);
    this.#els.form.reset();
    this.#sessions = [];
    this.#selectedSession = this.#sessionId;
  }

  current() {
    return {
      q: this.#els.q.value.trim(),
      session: this.#selectedSession,
      job: this.#els.job.value,
      status: this.#els.status.value,
      since: sinceMs(this.#els.since.value),
    };
  }

  /** The query string for /api/leads and /api/leads.csv (never carries the token). */
  query(filters, extra = {}) {
    const params = new URLSearchParams();
    if (filters.session) params.set('session', filters.session);
    if (filters.q) params.set('q', filters.q);
    if (filters.job) params.set('job', filters.job);
    if (filters.status) params.set('status', filters.status);
    if (filters.since !== null) params.set('since', String(filters.since));
    for (const [name, value] of Object.entries(extra)) {
      if (value !== null && value !== undefined) params.set(name, String(value));
    }
    return params.toString();
  }

  matches(lead, filters) {
    if (filters.session && lead.session !== filters.session) return false;
    if (filters.q && !matchesSearch(lead, filters.q)) return false;
    if (filters.job && lead.jobId !== filters.job) return false;
    if (filters.status && lead.status !== filters.status) return false;
    if (filters.since !== null && !(Number(lead.createdAt) >= filters.since)) return false;
    return true;
  }

  /** GET /api/leads/sessions: the sessions to filter by (a failure leaves the URL's session alone). */
  async loadSessions(api, current) {
    try {
      const data = await api.call('/api/leads/sessions');
      if (api.auth !== current || !Array.isArray(data?.sessions)) return;
      this.#sessions = data.sessions.filter((s) => s && typeof s.id === 'string' && s.id);
      this.renderSessionOptions();
    } catch (error) {
      if (api.auth === current) console.warn('daigang: cannot load the sessions with leads', error);
    }
  }

  /** The title of a session with the employer's leads, or null when unknown. */
  sessionTitle(id) {
    return this.#sessions.find((s) => s.id === id)?.title || null;
  }

  /** The session options (the selected session stays, even when it has no leads yet). */
  renderSessionOptions() {
    const select = this.#els.session;
    const selected = this.#selectedSession;
    const sessions = [...this.#sessions];
    if (selected && !sessions.some((s) => s.id === selected)) sessions.push({ id: selected, title: selected });
    setChildren(select,
      h('option', { value: '', text: t('hr.filter.session.all') }),
      sessions.map((s) => h('option', { value: s.id, text: typeof s.title === 'string' && s.title ? s.title : s.id })));
    select.value = selected;
  }

  /** The job options (the selected job stays, even when no longer known). */
  renderJobOptions() {
    const select = this.#els.job;
    const selected = select.value;
    const jobs = this.#jobs();
    if (selected && !jobs.some((job) => job.id === selected)) jobs.push({ id: selected, title: selected });
    setChildren(select,
      h('option', { value: '', text: t('hr.filter.job.all') }),
      jobs.map((job) => h('option', { value: job.id, text: job.title })));
    select.value = selected;
  }
}
