// Daigang — hr-filters.js
// The leads filters of the HR page (hr.js): status, job, "since" date, reset and refresh. Any
// change calls `onChange` (hr.js loads the first page again). Also builds the query string for
// /api/leads and /api/leads.csv and tells whether a lead matches.
//
// Element ids: #leads-filters: #filter-status (""=all | a lead status), #filter-job (""=all |
//   job id), #filter-since (date; leads created at or after local midnight of that day),
//   #filter-reset, #leads-refresh

import { byId, h, setChildren } from './dom.js';
import { t } from './i18n.js';

/** Local midnight of a `YYYY-MM-DD` date input value, in ms; null when empty or invalid. */
function sinceMs(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const ms = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export class HrFilters {
  #els = {
    form: byId('leads-filters'),
    status: byId('filter-status'),
    job: byId('filter-job'),
    since: byId('filter-since'),
    reset: byId('filter-reset'),
    refresh: byId('leads-refresh'),
  };
  #sessionId;
  #jobs;

  /**
   * @param {object} options
   * @param {string} options.sessionId
   * @param {() => {id: string, title: string}[]} options.jobs   the jobs to offer
   * @param {() => void} options.onChange
   */
  constructor({ sessionId, jobs, onChange }) {
    this.#sessionId = sessionId;
    this.#jobs = jobs;
    const els = this.#els;
    els.form.addEventListener('submit', (event) => event.preventDefault());
    for (const input of [els.status, els.job, els.since]) {
      input.addEventListener('change', () => onChange());
    }
    els.reset.addEventListener('click', () => {
      els.status.value = '';
      els.job.value = '';
      els.since.value = '';
      onChange();
    });
    els.refresh.addEventListener('click', () => onChange());
  }

  /** Back to the form's defaults (signed out); does not render. */
  reset() {
    this.#els.form.reset();
  }

  current() {
    return {
      job: this.#els.job.value,
      status: this.#els.status.value,
      since: sinceMs(this.#els.since.value),
    };
  }

  /** The query string for /api/leads and /api/leads.csv (never carries the token). */
  query(filters, extra = {}) {
    const params = new URLSearchParams({ session: this.#sessionId });
    if (filters.job) params.set('job', filters.job);
    if (filters.status) params.set('status', filters.status);
    if (filters.since !== null) params.set('since', String(filters.since));
    for (const [name, value] of Object.entries(extra)) {
      if (value !== null && value !== undefined) params.set(name, String(value));
    }
    return params.toString();
  }

  matches(lead, filters) {
    if (lead.session && lead.session !== this.#sessionId) return false;
    if (filters.job && lead.jobId !== filters.job) return false;
    if (filters.status && lead.status !== filters.status) return false;
    if (filters.since !== null && !(Number(lead.createdAt) >= filters.since)) return false;
    return true;
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
