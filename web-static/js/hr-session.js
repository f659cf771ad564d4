// Daigang — hr-session.js
// The session header of the HR page (hr.js) and what it knows about the session: title and
// status (GET /api/sessions/{id}, the welcome snapshot, broadcasts), the employer behind the
// token, and the jobs to filter by (the employer's jobs in the snapshot plus any job seen in a
// lead). `onJobsChange` tells the page when that job list may have changed.
//
// Element ids: #hr-employer, #session-title, #session-status (data-session-status)

import { byId, setText } from './dom.js';
import { statusLabel } from './page.js';

export class HrSession {
  #els = {
    employer: byId('hr-employer'),
    title: byId('session-title'),
    status: byId('session-status'),
  };
  #sessionId;
  #api;
  #onJobsChange;
  /** The employer behind the token (from the welcome, else from the leads). */
  #employerId = null;
  /** The session as far as this page needs it: {title, status, jobs}. */
  #session = null;
  /** jobId → title, learned from the leads (covers jobs missing from the snapshot). */
  #leadJobs = new Map();

  /**
   * @param {object} options
   * @param {string} options.sessionId
   * @param {import('./hr-api.js').HrApi} options.api   whose `auth` tells a stale answer
   * @param {() => void} options.onJobsChange
   */
  constructor({ sessionId, api, onJobsChange }) {
    this.#sessionId = sessionId;
    this.#api = api;
    this.#onJobsChange = onJobsChange;
  }

  /** Forgets everything (signed out); does not render. */
  reset() {
    this.#employerId = null;
    this.#session = null;
    this.#leadJobs.clear();
  }

  /** The job title for a lead: its own, the snapshot's, or the job id. */
  jobTitleOf(lead) {
    return lead.jobTitle || this.#session?.jobs.find((job) => job.id === lead.jobId)?.title || lead.jobId || '';
  }

  applySnapshot(snapshot) {
    this.#session = {
      title: typeof snapshot.title === 'string' ? snapshot.title : '',
      status: typeof snapshot.status === 'string' ? snapshot.status : '',
      jobs: Array.isArray(snapshot.jobs) ? snapshot.jobs.filter((job) => job && typeof job.id === 'string') : [],
    };
    this.render();
    this.#onJobsChange();
  }

  /** The live channel's welcome: the employer and (if any) the snapshot. */
  welcome(welcome) {
    if (typeof welcome.employerId === 'string' && welcome.employerId) this.#employerId = welcome.employerId;
    if (welcome.snapshot && typeof welcome.snapshot === 'object') this.applySnapshot(welcome.snapshot);
    else this.render();
    this.#onJobsChange();
  }

  /** A `session_status` broadcast. */
  setStatus(status) {
    if (!this.#session || typeof status !== 'string') return;
    this.#session.status = status;
    this.render();
  }

  /** A `job_updated` broadcast. */
  updateJob(job) {
    if (!this.#session || !job || typeof job.id !== 'string') return;
    const index = this.#session.jobs.findIndex((item) => item.id === job.id);
    if (index >= 0) this.#session.jobs[index] = job;
    else this.#session.jobs.push(job);
    this.#onJobsChange();
  }

  /** Learns the employer and job titles from leads. */
  learnJobs(leads) {
    let changed = false;
    for (const lead of leads) {
      if (!this.#employerId && typeof lead.employerId === 'string') {
        this.#employerId = lead.employerId;
        changed = true;
      }
      if (typeof lead.jobId === 'string' && lead.jobId && !this.#leadJobs.has(lead.jobId)) {
        this.#leadJobs.set(lead.jobId, lead.jobTitle || lead.jobId);
        changed = true;
      }
    }
    if (changed) {
      this.#onJobsChange();
      this.render();
    }
  }

  #employerName() {
    const employerId = this.#employerId;
    if (!employerId) return '';
    return this.#session?.jobs.find((job) => job.employerId === employerId && job.employerName)?.employerName ?? employerId;
  }

  render() {
    const session = this.#session;
    setText(this.#els.title, session?.title ?? '');
    setText(this.#els.status, session?.status ? statusLabel(session.status) : '');
    this.#els.status.dataset.sessionStatus = session?.status ?? '';
    setText(this.#els.employer, this.#employerName());
  }

  /** The jobs to filter by: the employer's jobs in the snapshot, plus any job seen in a lead. */
  knownJobs() {
    const jobs = new Map();
    for (const job of this.#session?.jobs ?? []) {
      if (!this.#employerId || job.employerId === this.#employerId) jobs.set(job.id, job.title || job.id);
    }
    for (const [id, title] of this.#leadJobs) if (!jobs.has(id)) jobs.set(id, title);
    return [...jobs].map(([id, title]) => ({ id, title }));
  }

  /** GET /api/sessions/{id}: title, status and jobs. Public; sent without the token. */
  async load(current) {
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(this.#sessionId)}`,
        { cache: 'no-store', credentials: 'omit', signal: current.abort.signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const snapshot = await response.json();
      if (this.#api.auth === current && snapshot && typeof snapshot === 'object') this.applySnapshot(snapshot);
    } catch (error) {
      if (this.#api.auth === current) console.warn('daigang: cannot load the session', error);
    }
  }
}
