// Daigang — withdraw.js
// "My applications" on the viewer page: the jobs this device applied to in the session, each
// with 撤回报名 (withdraw). After a confirmation (confirm-dialog.js, data-action =
// withdraw-application) it sends `withdraw_application` {leadId}; once the server answers `ok`
// the application is forgotten on this device, HR no longer sees the applicant's name or phone,
// and a place in the interview line taken with it is given up. Only the identity that applied
// may withdraw: after a change of identity (another browser, away too long) the server answers
// not_found and the page says to ask the host.
//
// Element ids (index.html):
//   #my-applications     hidden while there is none
//   #my-applications-list  <ul>; <li data-job-id data-lead-id> with .my-app__title and
//                        [data-withdraw-lead="<leadId>"]
//   #my-applications-status  the result (data-kind = ok | error; role=status)

import { byId, h, setChildren, setText } from './dom.js';
import { addMessages, t } from './i18n.js';

addMessages({
  zh: {
    'withdraw.heading': '我的报名',
    'withdraw.button': '撤回报名',
    'withdraw.title': '撤回这个报名吗？',
    'withdraw.text': '{title} · {employer}',
    'withdraw.note': '撤回后，企业HR将看不到您的姓名和手机号；如果您正在排队，也会退出排队。',
    'withdraw.ok': '确定撤回',
    'withdraw.cancel': '不撤回',
    'withdraw.done': '已撤回报名。',
    'withdraw.error.not_found': '系统认不出这次报名是您做的（换了浏览器、或离开太久），无法撤回。请在直播间留言联系主播。',
    'withdraw.error.other': '没有撤回成功，请再试一次：{message}',
    'withdraw.unknownJob': '已下架的岗位',
  },
  en: {
    'withdraw.heading': 'My applications',
    'withdraw.button': 'Withdraw',
    'withdraw.title': 'Withdraw this application?',
    'withdraw.text': '{title} · {employer}',
    'withdraw.note': 'The employer\'s HR will no longer see your name or phone number; if you are in the line, you leave it.',
    'withdraw.ok': 'Withdraw',
    'withdraw.cancel': 'Keep it',
    'withdraw.done': 'Application withdrawn.',
    'withdraw.error.not_found': 'The server no longer links this application to you (another browser, or away too long), so it cannot be withdrawn here. Please leave a message for the host.',
    'withdraw.error.other': 'Not withdrawn; please try again: {message}',
    'withdraw.unknownJob': 'A job no longer listed',
  },
});

export class MyApplications {
  #conn;
  #applyForm;
  #findJob;
  #dialog;
  #status = null; // {kind, text: () => string}
  #els;

  /**
   * @param {object} options
   * @param {import('./connection.js').Connection} options.conn
   * @param {import('./apply-form.js').ApplyForm} options.applyForm   whose `applied` records are listed
   * @param {(jobId: string) => object|null} options.findJob
   * @param {import('./confirm-dialog.js').ConfirmDialog} options.dialog
   */
  constructor({ conn, applyForm, findJob, dialog }) {
    this.#conn = conn;
    this.#applyForm = applyForm;
    this.#findJob = findJob;
    this.#dialog = dialog;
    this.#els = {
      panel: byId('my-applications'),
      list: byId('my-applications-list'),
      status: byId('my-applications-status'),
    };
    this.#els.list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-withdraw-lead]') : null;
      if (button && !button.disabled) this.#withdraw(button.closest('li').dataset.jobId, button.dataset.withdrawLead);
    });
  }

  render() {
    const entries = Object.entries(this.#applyForm.applied);
    const items = entries.map(([jobId, entry]) => {
      const job = this.#findJob(jobId);
      return h('li', { class: 'my-app', 'data-job-id': jobId, 'data-lead-id': entry.leadId },
        h('span', { class: 'my-app__title', text: job ? `${job.title} · ${job.employerName ?? ''}` : t('withdraw.unknownJob') }),
        h('button', { type: 'button', class: 'btn btn--ghost btn--small btn--danger', 'data-withdraw-lead': entry.leadId, text: t('withdraw.button') }));
    });
    setChildren(this.#els.list, items);
    this.#els.panel.hidden = items.length === 0 && !this.#status;
    this.#els.status.hidden = !this.#status;
    this.#els.status.dataset.kind = this.#status?.kind ?? '';
    setText(this.#els.status, this.#status ? this.#status.text() : '');
  }

  async #withdraw(jobId, leadId) {
    const job = this.#findJob(jobId);
    const yes = await this.#dialog.ask({
      action: 'withdraw-application',
      title: () => t('withdraw.title'),
      text: () => t('withdraw.text', { title: job?.title ?? t('withdraw.unknownJob'), employer: job?.employerName ?? '' }),
      note: () => t('withdraw.note'),
      ok: () => t('withdraw.ok'),
      cancel: () => t('withdraw.cancel'),
    });
    if (!yes) return;
    try {
      await this.#conn.request({ type: 'withdraw_application', leadId });
      this.#status = { kind: 'ok', text: () => t('withdraw.done') };
      this.#applyForm.forget(jobId); // re-renders us through the page's onChange
    } catch (error) {
      const notFound = error?.code === 'not_found';
      this.#status = { kind: 'error', text: () => (notFound ? t('withdraw.error.not_found') : t('withdraw.error.other', { message: error?.message ?? '' })) };
    }
    this.render();
  }
}
