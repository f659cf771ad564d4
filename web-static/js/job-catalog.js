// Daigang — job-catalog.js
// The viewer's copy of the session's jobs when the welcome is compact (hello `catalog: "http"`,
// PROTOCOL.md "Catalog over HTTP"): fetched from `catalogURL` after the welcome, kept current
// by job broadcasts, and not fetched again on a reconnect whose welcome names the ETag we hold
// (the browser's HTTP cache revalidates with If-None-Match otherwise, so a 304 costs a few bytes).
// Until it arrives, the list holds the pinned job from the welcome (and the list we had, if any). No DOM.

import { upsert } from './session-state.js';

/** Waits before fetching again after a failure: 2 s, 4 s, … up to 30 s. */
const RETRY_MS = [2000, 4000, 8000, 16000, 30000];

export class JobCatalog {
  #jobs = [];
  #etag = null;
  #isLoaded = false;
  #loading = null; // {etag, controller}
  #events = []; // job broadcasts seen while loading, replayed on what arrives
  #retryTimer = null;
  #onLoad;

  /** @param {{onLoad: (jobs: object[]) => void}} options  onLoad runs when a fetched list replaced ours */
  constructor({ onLoad }) {
    this.#onLoad = onLoad;
  }

  /** The jobs as known now (the pinned one only, until the list arrives). */
  get jobs() { return this.#jobs; }
  /** Whether the whole list is here (and current as of the last welcome, plus broadcasts). */
  get isLoaded() { return this.#isLoaded; }

  /**
   * After every welcome: keeps our list when the snapshot names its ETag, else fetches the
   * catalog. A full snapshot (an old server) brings the jobs itself.
   */
  welcome(snapshot) {
    if (!snapshot.catalogURL) {
      this.#cancel();
      this.#jobs = Array.isArray(snapshot.jobs) ? [...snapshot.jobs] : [];
      this.#isLoaded = true;
      return;
    }
    if (this.#isLoaded && this.#etag === snapshot.catalogETag) return;
    if (this.#loading?.etag === snapshot.catalogETag) return; // already on its way
    this.#cancel();
    // A list we had stays in view (with the pinned job as it is now) until the new one is here.
    if (!this.#isLoaded) this.#jobs = [];
    if (snapshot.pinnedJob) upsert(this.#jobs, snapshot.pinnedJob);
    this.#isLoaded = false;
    this.#events = [];
    this.#load(snapshot.catalogURL, snapshot.catalogETag, 0);
  }

  /** `job_updated` / `job_pinned` with a job: the job as it is now. */
  upsert(job) {
    upsert(this.#jobs, job);
    if (!this.#isLoaded) this.#events.push({ job });
  }

  /** `job_withdrawn`. */
  withdraw(jobId) {
    this.#jobs = this.#jobs.filter((job) => job.id !== jobId);
    if (!this.#isLoaded) this.#events.push({ jobId });
  }

  #cancel() {
    clearTimeout(this.#retryTimer);
    this.#loading?.controller.abort();
    this.#loading = null;
  }

  async #load(url, etag, attempt) {
    const controller = new AbortController();
    this.#loading = { etag, controller };
    try {
      // 'no-cache' after a list that was not the one the welcome named (a stale cache on the way).
      const response = await fetch(url, { signal: controller.signal, cache: attempt > 0 ? 'no-cache' : 'default' });
      if (!response.ok) throw new Error(`catalog: HTTP ${response.status}`);
      const body = await response.json();
      if (this.#loading?.controller !== controller) return;
      if (!Array.isArray(body.jobs)) throw new Error('catalog: no jobs');
      if (body.etag !== etag && attempt === 0 && this.#events.length === 0) {
        this.#load(url, etag, 1);
        return;
      }
      this.#loading = null;
      this.#jobs = body.jobs;
      // Broadcasts that came while it was on its way; replaying is harmless if it has them.
      for (const event of this.#events) {
        if (event.job) upsert(this.#jobs, event.job);
        else this.#jobs = this.#jobs.filter((job) => job.id !== event.jobId);
      }
      this.#etag = this.#events.length === 0 ? body.etag : null;
      this.#events = [];
      this.#isLoaded = true;
      this.#onLoad(this.#jobs);
    } catch (error) {
      if (controller.signal.aborted || this.#loading?.controller !== controller) return;
      console.warn('daigang: cannot load the job list yet', error.message);
      this.#retryTimer = setTimeout(() => this.#load(url, etag, attempt + 1), RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    }
  }
}
