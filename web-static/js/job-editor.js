// Daigang — job-editor.js
// The host edits a job during the session: title, pay (min, max, unit, note), shift,
// headcount, tags, verified. Saving sends `upsert_job` with the full job as last known
// (snapshot + broadcasts) merged with these edits; viewers get `job_updated`.
//
// Element ids (host.html):
//   #job-editor (<dialog>), #job-editor-form, #job-editor-id, #job-editor-error,
//   #job-edit-title, #job-edit-pay-min, #job-edit-pay-max, #job-edit-pay-unit,
//   #job-edit-pay-note, #job-edit-shift, #job-edit-headcount, #job-edit-tags,
//   #job-edit-verified (checkbox); each text field has an error node #<input id>-error;
//   #job-editor-save, #job-editor-cancel

import { byId } from './dom.js';
import { EditorDialog } from './editor-dialog.js';
import { t } from './i18n.js';

/** Input ids by field name; the server's field paths are "job.<field>" ("job.pay.min" → payMin). */
const FIELDS = {
  title: 'job-edit-title',
  payMin: 'job-edit-pay-min',
  payMax: 'job-edit-pay-max',
  payUnit: 'job-edit-pay-unit',
  payNote: 'job-edit-pay-note',
  shift: 'job-edit-shift',
  headcount: 'job-edit-headcount',
  tags: 'job-edit-tags',
  verified: 'job-edit-verified',
};

const PATHS = {
  'job.title': 'title',
  'job.pay': 'payMin',
  'job.pay.min': 'payMin',
  'job.pay.max': 'payMax',
  'job.pay.unit': 'payUnit',
  'job.pay.note': 'payNote',
  'job.shift': 'shift',
  'job.headcount': 'headcount',
  'job.tags': 'tags',
  'job.verified': 'verified',
};

/** "包吃住, 长期工，夫妻房、日结" → ["包吃住", "长期工", "夫妻房", "日结"]. */
export function splitTags(text) {
  return String(text ?? '').split(/[,，、;；\n]/).map((tag) => tag.trim()).filter(Boolean);
}

function wholeNumber(text) {
  const value = String(text ?? '').trim();
  return /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * @param {object} options
 * @param {(message: object) => Promise<object>} options.send
 * @param {(kind: string, text: () => string) => void} options.notify
 * @param {(id: string) => object|null} options.latest   the job as last known
 */
export function makeJobEditor({ send, notify, latest }) {
  const input = (field) => byId(FIELDS[field]);
  return new EditorDialog({
    prefix: 'job-editor',
    send,
    notify,
    spec: {
      fill(job) {
        input('title').value = job.title ?? '';
        input('payMin').value = job.pay?.min ?? '';
        input('payMax').value = job.pay?.max ?? '';
        input('payUnit').value = job.pay?.unit ?? 'month';
        input('payNote').value = job.pay?.note ?? '';
        input('shift').value = job.shift ?? '';
        input('headcount').value = job.headcount ?? '';
        input('tags').value = Array.isArray(job.tags) ? job.tags.join('，') : '';
        input('verified').checked = job.verified === true;
      },
      read() {
        const errors = new Map();
        const title = input('title').value.trim();
        if (!title) errors.set('title', () => t('editor.error.required'));
        const min = wholeNumber(input('payMin').value);
        const max = wholeNumber(input('payMax').value);
        if (min === null) errors.set('payMin', () => t('editor.error.number'));
        if (max === null) errors.set('payMax', () => t('editor.error.number'));
        if (min !== null && max !== null && min > max) errors.set('payMin', () => t('editor.error.payRange'));
        const headcountText = input('headcount').value.trim();
        const headcount = headcountText ? wholeNumber(headcountText) : null;
        if (headcountText && (headcount === null || headcount < 1)) errors.set('headcount', () => t('editor.error.number'));
        const payNote = input('payNote').value.trim();
        const shift = input('shift').value.trim();
        const tags = splitTags(input('tags').value);
        const verified = input('verified').checked;
        const unit = input('payUnit').value;
        return {
          errors,
          build(opened) {
            const job = structuredClone(latest(opened.id) ?? opened);
            job.title = title;
            job.pay = { ...(job.pay ?? {}), min, max, unit };
            if (payNote) job.pay.note = payNote; else delete job.pay.note;
            if (shift) job.shift = shift; else delete job.shift;
            if (headcountText) job.headcount = headcount; else delete job.headcount;
            if (tags.length) job.tags = tags; else delete job.tags;
            job.verified = verified;
            return { type: 'upsert_job', job };
          },
        };
      },
      fieldOf: (path) => PATHS[path] ?? null,
      nodesOf: (field) => (FIELDS[field] ? [byId(FIELDS[field]), byId(`${FIELDS[field]}-error`)] : null),
    },
  });
}
