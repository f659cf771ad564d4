// Daigang — host-job-counts.js
// Live numbers next to each job in the host console (`job_counts`, at most once a second):
// applications (not withdrawn), places in the interview line, questions about the job.
//
// Selectors (host.html): #job-list > li[data-job-id] gains a .job-counts row with
// [data-count="applied"|"inLine"|"questions"] (numbers only in .job-counts__n).

import { h } from './dom.js';
import { addMessages, formatNumber, t } from './i18n.js';

addMessages({
  zh: { 'jobCounts.applied': '报名', 'jobCounts.inLine': '排队', 'jobCounts.questions': '提问' },
  en: { 'jobCounts.applied': 'applied', 'jobCounts.inLine': 'in line', 'jobCounts.questions': 'questions' },
});

const KINDS = ['applied', 'inLine', 'questions'];

export class JobCounts {
  #byJob = new Map();

  /** `job_counts` {jobs: [{jobId, applied, inLine, questions}]} */
  update(message) {
    if (!Array.isArray(message?.jobs)) return;
    this.#byJob = new Map(message.jobs.map((entry) => [entry.jobId, entry]));
  }

  /** Puts the counts into each job row of `list` (after every re-render of the list, too). */
  decorate(list) {
    for (const item of list.querySelectorAll('li[data-job-id]')) {
      const counts = this.#byJob.get(item.dataset.jobId) ?? {};
      const row = h('span', { class: 'job-counts' }, KINDS.map((kind) =>
        h('span', { 'data-count': kind },
          h('span', { class: 'job-counts__n', text: formatNumber(counts[kind] ?? 0) }), ` ${t(`jobCounts.${kind}`)}`)));
      const text = item.querySelector('.host-item__text') ?? item;
      const old = text.querySelector('.job-counts');
      if (old) old.replaceWith(row);
      else text.appendChild(row);
    }
  }
}
