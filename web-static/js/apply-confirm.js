// Daigang — apply-confirm.js
// "Are you sure?" before a second (or further) application from this device in the session:
// after the first one, every card's button would otherwise send at once (one-tap apply). The
// dialog names the job and the employer, so a mistaken tap costs nothing. The first application
// goes straight to the form as before. Uses confirm-dialog.js (#confirm-dialog in index.html,
// data-action = apply-again).

import { addMessages, formatNumber, t } from './i18n.js';

addMessages({
  zh: {
    'applyConfirm.title': '确定再报一个岗位吗？',
    'applyConfirm.text': '{title} · {employer}',
    'applyConfirm.note': '您已经报名了 {n} 个岗位。报名后，您的姓名和手机号会交给这家企业的HR。',
    'applyConfirm.ok': '确定报名',
    'applyConfirm.cancel': '再看看',
  },
  en: {
    'applyConfirm.title': 'Apply to another job?',
    'applyConfirm.text': '{title} · {employer}',
    'applyConfirm.note': 'You have applied to {n} job(s). Applying gives your name and phone number to this employer\'s HR.',
    'applyConfirm.ok': 'Apply',
    'applyConfirm.cancel': 'Not now',
  },
});

/**
 * Resolves true when the application may go ahead: at once for the first one, else after the
 * viewer confirmed.
 * @param {import('./confirm-dialog.js').ConfirmDialog} dialog
 * @param {{title: string, employerName?: string}} job
 * @param {number} appliedCount   applications from this device in the session so far
 */
export function confirmApplication(dialog, job, appliedCount) {
  if (appliedCount < 1 || !job) return Promise.resolve(true);
  return dialog.ask({
    action: 'apply-again',
    title: () => t('applyConfirm.title'),
    text: () => t('applyConfirm.text', { title: job.title, employer: job.employerName ?? '' }),
    note: () => t('applyConfirm.note', { n: formatNumber(appliedCount) }),
    ok: () => t('applyConfirm.ok'),
    cancel: () => t('applyConfirm.cancel'),
  });
}
