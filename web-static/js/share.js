// Daigang — share.js — sharing a job from the viewer page, and opening a shared one.
//
// A 分享 button per job ([data-share-job="<id>"], made by `shareButton`): the Web Share API where
// there is one; inside WeChat (which has none for pages) a hint to use its ··· menu; elsewhere
// the link is copied and a "已复制" toast says so. The link is `/?session=S&job=J` on the public
// address: the origin of the page's og:url (the server writes it from server.publicURL), else
// the page's own origin.
//
// Opened with `?job=J` (a shared link), the page shows that job on top in #shared-job (full
// card, apply and share buttons), expands and highlights its entry in the list when the list
// shows it, and scrolls it into view once. An unknown or withdrawn job shows #shared-job-missing.
// Before looking, it dispatches `daigang:reveal-job` (detail.jobId) on document, so a paged or
// filtered list can bring the job onto its current page.
//
// Element ids (for tests):
//   #shared-job           data-job-id = the linked job; hidden without ?job= or when the job is gone
//     #shared-job-body    the card; #shared-job-actions holds its apply and share buttons
//   #shared-job-missing   "这个岗位已下架…" when the linked job is not (or no longer) in the session
//   #share-toast          role=status: "已复制…", the WeChat hint, or the link to copy by hand;
//                         data-kind = copied | wechat | manual
// A list entry of the linked job gets class is-shared (and is opened).

import { renderJobCard, formatPay } from './cards.js';
import { byId, h, setChildren, setText } from './dom.js';
import { t } from './i18n.js';

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOAST_MILLIS = 4000;

/** The job id from `?job=`, or null. */
export function sharedJobIdFromLocation(loc = window.location) {
  const requested = new URLSearchParams(loc.search).get('job');
  return requested && JOB_ID.test(requested) ? requested : null;
}

/** The origin links should carry: og:url's (the server's public address), else the page's. */
function publicOrigin() {
  const meta = document.querySelector('meta[property="og:url"]');
  try {
    if (meta?.content) return new URL(meta.content).origin;
  } catch { /* a malformed tag: use the page's own origin */ }
  return window.location.origin;
}

/** The deep link of a job. */
export function jobLink(sessionId, jobId) {
  const url = new URL('/', publicOrigin());
  url.searchParams.set('session', sessionId);
  url.searchParams.set('job', jobId);
  return url.href;
}

/** A 分享 button for `job` (handled by ShareWidget's one click listener). */
export function shareButton(job) {
  return h('button', { type: 'button', class: 'btn btn--ghost share-button', 'data-share-job': job.id, text: t('share.button') });
}

const isWeChat = () => /MicroMessenger/i.test(navigator.userAgent);

export class ShareWidget {
  /**
   * @param {{sessionId: string, findJob: (id: string) => object|null, isReady: () => boolean,
   *          setApplyButton: (button: HTMLButtonElement, job: object) => HTMLButtonElement}} options
   *   isReady: the job list is known (before that a missing job is not yet "gone").
   */
  constructor({ sessionId, findJob, isReady, setApplyButton }) {
    this.sessionId = sessionId;
    this.findJob = findJob;
    this.isReady = isReady;
    this.setApplyButton = setApplyButton;
    this.jobId = sharedJobIdFromLocation();
    this.revealed = false;
    this.toastTimer = 0;
    this.els = {
      panel: byId('shared-job'),
      body: byId('shared-job-body'),
      actions: byId('shared-job-actions'),
      missing: byId('shared-job-missing'),
      toast: byId('share-toast'),
    };
    document.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-share-job]') : null;
      if (button) this.share(button.dataset.shareJob);
    });
  }

  /** Draws the shared job (call after every change of the job list). */
  render() {
    if (!this.jobId || !this.isReady()) return;
    document.dispatchEvent(new CustomEvent('daigang:reveal-job', { detail: { jobId: this.jobId } }));
    const job = this.findJob(this.jobId);
    const { panel, body, actions, missing } = this.els;
    panel.hidden = !job;
    panel.dataset.jobId = job ? job.id : '';
    missing.hidden = Boolean(job);
    setChildren(body, job ? renderJobCard(job, { idPrefix: 'shared-job' }) : null);
    setChildren(actions, job
      ? [this.setApplyButton(h('button', { type: 'button', class: 'btn btn--block btn--big' }), job), shareButton(job)]
      : null);
    const item = document.querySelector(`#job-list li[data-job-id="${this.jobId}"]`);
    if (item) {
      item.classList.add('is-shared');
      const details = item.querySelector('details');
      if (details && !this.revealed) details.open = true;
    }
    if (!this.revealed) {
      this.revealed = true;
      const target = job ? panel : missing;
      target.scrollIntoView({ block: 'start' });
      target.classList.add('is-fresh');
    }
  }

  /** Shares the job's link the best way this browser offers. */
  async share(jobId) {
    const job = this.findJob(jobId);
    if (!job) return;
    const url = jobLink(this.sessionId, jobId);
    if (isWeChat()) {
      this.toast('wechat', t('share.wechat'));
      return;
    }
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: job.title, text: t('share.text', { title: job.title, pay: formatPay(job.pay) }), url });
        return;
      } catch (error) {
        if (error?.name === 'AbortError') return; // the viewer closed the share sheet
      }
    }
    if (await copyText(url)) this.toast('copied', t('share.copied'));
    else this.toast('manual', `${t('share.manual')} ${url}`);
  }

  toast(kind, text) {
    const { toast } = this.els;
    toast.dataset.kind = kind;
    setText(toast, text);
    toast.hidden = false;
    window.clearTimeout(this.toastTimer);
    // The link to copy by hand stays until the next share.
    if (kind !== 'manual') this.toastTimer = window.setTimeout(() => { toast.hidden = true; }, TOAST_MILLIS);
  }
}

/** Copies `text`: the Clipboard API (secure pages), else a selected textarea. */
async function copyText(text) {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* not allowed here: try the old way */ }
  const area = h('textarea', { class: 'share-copy', readonly: true });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
