// Daigang — job-search.js
// Finding jobs in a long list (issue 12: 3,500 jobs on a phone): free-text search over title,
// employer, tags, category, district and shift, and the viewer's filters. Pure functions of
// (jobs, filter); no DOM. Shared by the viewer's job finder (job-finder.js) and the host console.

import { t, hasMessage } from './i18n.js';

/** Jobs shown at a time; "更多" shows as many again. */
export const PAGE_SIZE = 20;

/** Shift words viewers filter on; a job matches when its free-text `shift` contains the word. */
export const SHIFT_WORDS = ['长白班', '白班', '夜班', '两班倒', '三班倒'];

/** Pay units, as `Job.pay.unit`. */
export const PAY_UNITS = ['month', 'day', 'hour', 'piece'];

/** A filter that lets every job through. */
export function emptyFilter() {
  return { text: '', category: '', district: '', shift: '', payMin: null, payUnit: 'month', dorm: false, coupleRooms: false };
}

/** Whether any part of the filter narrows the list. */
export function isFiltering(filter) {
  return Boolean(filter.text.trim() || filter.category || filter.district || filter.shift
    || filter.payMin || filter.dorm || filter.coupleRooms);
}

/** A category's label: "制造业" for `manufacturing`; an unknown category as written. */
export function categoryLabel(category) {
  return hasMessage(`job.category.${category}`) ? t(`job.category.${category}`) : category;
}

// The lower-cased text a job is searched in; made once per job object (a job_updated brings a new one).
const haystacks = new WeakMap();

function haystack(job) {
  let text = haystacks.get(job);
  if (text === undefined) {
    const parts = [job.title, job.employerName, job.category, job.category ? categoryLabel(job.category) : '',
      job.location?.city, job.location?.district, job.shift, ...(Array.isArray(job.tags) ? job.tags : [])];
    text = parts.filter((part) => typeof part === 'string').join('\n').toLowerCase();
    haystacks.set(job, text);
  }
  return text;
}

/** Every space-separated word of `text` appears in the job's title, employer, tags, … */
export function matchesText(job, text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const within = haystack(job);
  return words.every((word) => within.includes(word));
}

/**
 * Whether `job` passes `filter`. The minimum pay compares with the top of the job's range in
 * the same unit (a job paid 5,500–7,500 元/月 passes "at least 6,000 元/月"; a day rate never
 * passes a monthly minimum: the units do not convert).
 */
export function matchesFilter(job, filter) {
  if (!matchesText(job, filter.text)) return false;
  if (filter.category && job.category !== filter.category) return false;
  if (filter.district && job.location?.district !== filter.district) return false;
  if (filter.shift && !(typeof job.shift === 'string' && job.shift.includes(filter.shift))) return false;
  if (filter.payMin && !(job.pay?.unit === filter.payUnit && job.pay.max >= filter.payMin)) return false;
  if (filter.dorm && job.housing?.dorm !== true) return false;
  if (filter.coupleRooms && job.housing?.coupleRooms !== true) return false;
  return true;
}

/** The jobs passing `filter`, in their order. */
export function findJobs(jobs, filter) {
  return isFiltering(filter) ? jobs.filter((job) => matchesFilter(job, filter)) : jobs;
}

/** The same jobs with the pinned one first (the host console's order). */
export function pinnedFirst(jobs, pinnedId) {
  const index = pinnedId ? jobs.findIndex((job) => job.id === pinnedId) : -1;
  return index <= 0 ? jobs : [jobs[index], ...jobs.slice(0, index), ...jobs.slice(index + 1)];
}

/** The choices the filters offer, from the jobs there are: categories, districts, shift words. */
export function facets(jobs) {
  const categories = new Set();
  const districts = new Set();
  const shifts = new Set();
  for (const job of jobs) {
    if (job.category) categories.add(job.category);
    if (job.location?.district) districts.add(job.location.district);
    for (const word of SHIFT_WORDS) if (typeof job.shift === 'string' && job.shift.includes(word)) shifts.add(word);
  }
  const collator = new Intl.Collator('zh');
  return {
    categories: [...categories].sort(collator.compare),
    districts: [...districts].sort(collator.compare),
    shifts: SHIFT_WORDS.filter((word) => shifts.has(word)),
  };
}
