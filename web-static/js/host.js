// Daigang — host.js — the host console (host.html, served at /host).
// Sign in with the host token (kept in sessionStorage only, for this tab; never in the URL — a
// link carrying `#token=…` or `?token=…` is accepted once and the token is removed from the
// address bar at once), then `hello` as host for `?session=` (default "demo"). Commands are
// sent with a `ref`; the matching `ok` or `error` reply updates #host-message, and the state
// itself changes when the broadcast arrives. The interview line is host-queue.js; editing a
// job or policy is job-editor.js / policy-editor.js; "are you sure?" before ending the stream,
// closing the session or withdrawing a job is confirm-dialog.js.
//
// Element ids / selectors (for tests):
//   #conn-banner          hidden while connected (or signed out)
//   #lang-switch, #logout-button
//   #host-message         status/error line; data-kind = info | pending | ok | error;
//                         an `error` reply shows its `message` and `code`
//   #login-section, #login-form, #token-input, #login-button
//   #host-panel           shown after a welcome
//   #session-title, #session-status (data-session-status), #viewer-link
//   #online-count, #applications-count, #queue-count
//   #host-controls        <fieldset>, disabled while not connected and once the session is closed
//   #host-closed-notice   shown when the session is closed (the console is read-only then)
//   [data-status="scheduled"|"live"|"ended"|"closed"]   status buttons (aria-pressed on the
//                         current one; disabled where the lifecycle forbids the change);
//                         ended and closed ask first (#confirm-dialog)
//   #announce-form, #announce-text, #announce-count, #announce-button
//   #host-pinned (data-job-id), #unpin-job, #job-list > li[data-job-id], [data-pin-job="<id>"],
//   [data-withdraw-job="<id>"]  withdraw (下架) a job, after #confirm-dialog
//   #host-job-search      narrows #job-list (title, employer, tags…); the pinned job stays on top;
//                         at most 50 rows, #host-job-more says how many more the search would find
//   #host-shown (data-policy-id), #hide-policy, #policy-list > li[data-policy-id],
//   [data-show-policy="<id>"]  (pin/show buttons have aria-pressed="true" when current)
//   #announcements        <ol>, newest first (#announcements-empty when there are none)
//   #viewer-qr            <img> of /qr.svg?session=ID (the viewer link as a QR code)
//   #session-poster       link to the session's poster PNG (for the stream overlay)
//   #pinned-poster        link to the pinned job's poster PNG (hidden when nothing is pinned)
//   [data-edit-job="<id>"], [data-edit-policy="<id>"]   open the editors (job-editor.js,
//                         policy-editor.js: #job-editor, #policy-editor)
//   host-queue.js:        #queue-panel, #queue-list > li[data-ticket], #queue-call-next, …
//   host-qa.js: #host-qa-panel; host-call-window.js: #call-window-form; host-job-counts.js:
//                         .job-counts in each #job-list item

import { formatPay } from './cards.js';
import { commandErrorText } from './command-errors.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { Connection, DaigangError } from './connection.js';
import { byId, h, setChildren, setText } from './dom.js';
import { applyTranslations, formatNumber, formatTime, isoTime, onLangChange, t } from './i18n.js';
import { CallWindow } from './host-call-window.js';
import { HostBoard } from './host-board.js';
import { JobCounts } from './host-job-counts.js';
import { HostQuestions } from './host-qa.js';
import { HostQueue } from './host-queue.js';
import { makeJobEditor } from './job-editor.js';
import { emptyFilter, findJobs, pinnedFirst } from './job-search.js';

/** Job rows the console shows at most; the search box finds the others. */
const HOST_LIST_LIMIT = 50;
import { bindConnBanner, bindLangSwitch, fatalMessage, sessionIdFromLocation, statusLabel } from './page.js';
import { makePolicyEditor } from './policy-editor.js';
import { fromSnapshot, MAX_ANNOUNCEMENTS, STATUSES, statusAllows, upsert, withdrawJob, withdrawPolicy } from './session-state.js';
import { makeStatusLine } from './status-line.js';
import { sessionStore } from './storage.js';

const TOKEN_KEY = 'daigang.hostToken';

const els = {
  banner: byId('conn-banner'),
  langSwitch: byId('lang-switch'),
  logout: byId('logout-button'),
  message: byId('host-message'),
  loginSection: byId('login-section'),
  loginForm: byId('login-form'),
  tokenInput: byId('token-input'),
  panel: byId('host-panel'),
  title: byId('session-title'),
  status: byId('session-status'),
  viewerLink: byId('viewer-link'),
  online: byId('online-count'),
  applications: byId('applications-count'),
  queue: byId('queue-count'),
  controls: byId('host-controls'),
  closedNotice: byId('host-closed-notice'),
  announceForm: byId('announce-form'),
  announceText: byId('announce-text'),
  announceCount: byId('announce-count'),
  pinned: byId('host-pinned'),
  jobList: byId('job-list'),
  shown: byId('host-shown'),
  policyList: byId('policy-list'),
  announcements: byId('announcements'),
  announcementsEmpty: byId('announcements-empty'),
  qr: byId('viewer-qr'),
};

const sessionId = sessionIdFromLocation();

/** The live connection while signed in, and how to undo its subscriptions. */
let conn = null;
let unsubscribe = [];
/** The session as last known: the welcome snapshot with broadcasts applied. */
let session = null;
/** The last message shown, so a language switch can re-translate it. */

// -- the status line ----------------------------------------------------------------------

const status = makeStatusLine(els.message);
const showMessage = (kind, text) => status.show(kind, text);
const clearMessage = () => status.clear();

// -- state and rendering ------------------------------------------------------------------

/** The controls work while connected, and never once the session is closed (it is read-only). */
function renderControlsEnabled() {
  const closed = session?.status === 'closed';
  els.controls.disabled = !conn?.isReady || closed;
  els.closedNotice.hidden = !closed;
}

function renderHeader() {
  setText(els.title, session.title);
  setText(els.status, statusLabel(session.status));
  els.status.dataset.sessionStatus = session.status;
  for (const button of els.controls.querySelectorAll('[data-status]')) {
    const current = button.dataset.status === session.status;
    button.setAttribute('aria-pressed', String(current));
    button.classList.toggle('is-current', current);
    button.disabled = !current && !statusAllows(session.status, button.dataset.status);
  }
  renderControlsEnabled();
}

function renderCounters() {
  setText(els.online, formatNumber(session.counters.online ?? 0));
  setText(els.applications, formatNumber(session.counters.applications ?? 0));
  setText(els.queue, formatNumber(session.counters.queue ?? 0));
}

function listItem(kind, item, detail, current) {
  const attr = kind === 'job' ? 'data-pin-job' : 'data-show-policy';
  const label = kind === 'job' ? (current ? 'host.pinned' : 'host.pin') : (current ? 'host.shown' : 'host.show');
  return h('li', { class: current ? 'host-item is-current' : 'host-item', [`data-${kind}-id`]: item.id },
    h('div', { class: 'host-item__text' },
      h('span', { class: 'host-item__title', text: item.title }),
      detail ? h('span', { class: 'host-item__detail', text: detail }) : null),
    h('span', { class: 'host-item__buttons' },
      h('button', {
        type: 'button',
        class: 'btn btn--ghost btn--small',
        [`data-edit-${kind}`]: item.id,
        'aria-label': t('host.edit.for', { title: item.title }),
        text: t('host.edit'),
      }),
      kind === 'job' ? h('button', {
        type: 'button',
        class: 'btn btn--ghost btn--small btn--danger',
        'data-withdraw-job': item.id,
        'aria-label': t('host.withdraw.for', { title: item.title }),
        text: t('host.withdraw'),
      }) : null,
      h('button', {
        type: 'button',
        class: current ? 'btn btn--active' : 'btn btn--primary',
        [attr]: item.id,
        'aria-pressed': String(current),
        text: t(label),
      })));
}

/** The pinned job's poster (for the stream overlay); hidden when nothing is pinned. */
function setPosterLink(link, job) {
  link.hidden = !job;
  if (job) link.href = `/api/sessions/${encodeURIComponent(sessionId)}/jobs/${encodeURIComponent(job.id)}/poster.png`;
}

function renderJobs() {
  const pinned = session.jobs.find((job) => job.id === session.pinnedJobId) ?? null;
  els.pinned.dataset.jobId = pinned ? pinned.id : '';
  setText(els.pinned, pinned ? t('host.pinned.current', { title: pinned.title }) : t('host.pinned.none'));
  byId('unpin-job').hidden = !pinned;
  setPosterLink(byId('pinned-poster'), pinned);
  // The pinned job on top; the search box narrows the rest (job-search.js, as on the viewer page).
  // At most HOST_LIST_LIMIT rows: a 3,500-job console is searched, not scrolled.
  const found = findJobs(session.jobs, { ...emptyFilter(), text: byId('host-job-search').value });
  const shown = pinnedFirst(found, session.pinnedJobId).slice(0, HOST_LIST_LIMIT);
  setChildren(els.jobList, shown.map((job) =>
    listItem('job', job, [job.employerName, formatPay(job.pay)].filter(Boolean).join(' · '),
      job.id === session.pinnedJobId)));
  jobCounts.decorate(els.jobList);
  const hiddenCount = found.length - shown.length;
  const more = byId('host-job-more');
  more.hidden = hiddenCount <= 0;
  setText(more, t('host.jobs.more', { n: formatNumber(hiddenCount) }));
}

function renderPolicies() {
  const shown = session.policies.find((policy) => policy.id === session.shownPolicyId) ?? null;
  els.shown.dataset.policyId = shown ? shown.id : '';
  setText(els.shown, shown ? t('host.shown.current', { title: shown.title }) : t('host.shown.none'));
  byId('hide-policy').hidden = !shown;
  setChildren(els.policyList, session.policies.map((policy) =>
    listItem('policy', policy, policy.issuer ?? '', policy.id === session.shownPolicyId)));
}

function renderAnnouncements() {
  setChildren(els.announcements, [...session.announcements].reverse().map((item) =>
    h('li', { class: 'announcement', 'data-at': item.at },
      h('time', { class: 'announcement__time', datetime: isoTime(item.at), text: formatTime(item.at) }),
      h('span', { class: 'announcement__text', text: item.text }))));
  els.announcementsEmpty.hidden = session.announcements.length > 0;
}

function renderAll() {
  hostQueue.render();
  hostQuestions.render();
  callWindow.render();
  if (!session) return;
  renderHeader();
  renderCounters();
  renderJobs();
  renderPolicies();
  renderAnnouncements();
}

function renderAnnounceCount() {
  setText(els.announceCount, t('host.announce.count', { n: [...els.announceText.value].length }));
}

// -- signing in and out -------------------------------------------------------------------

function showLogin() {
  els.loginSection.hidden = false;
  els.panel.hidden = true;
  els.logout.hidden = true;
  els.tokenInput.focus();
}

function showPanel() {
  els.loginSection.hidden = true;
  els.panel.hidden = false;
  els.logout.hidden = false;
}

function disconnect() {
  for (const off of unsubscribe) off();
  unsubscribe = [];
  conn?.stop();
  conn = null;
  session = null;
  els.controls.disabled = true;
  hostQueue.setEnabled(false);
  jobEditor.close();
  policyEditor.close();
  confirmDialog.close();
  els.closedNotice.hidden = true;
  els.banner.hidden = true;
}

function signIn(token) {
  disconnect();
  els.loginSection.hidden = true;
  els.logout.hidden = false;
  showMessage('info', () => t('host.msg.connecting'));

  conn = new Connection({ session: sessionId, role: 'host', token });
  hostBoard.setToken(token);
  const on = (name, handler) => unsubscribe.push(conn.on(name, handler));
  unsubscribe.push(bindConnBanner(els.banner, conn));

  on('state', ({ state }) => {
    renderControlsEnabled();
    hostQueue.setEnabled(state === 'ready');
  });
  on('welcome', (welcome) => {
    session = fromSnapshot(welcome.snapshot ?? {});
    hostQueue.setPaused(welcome.snapshot?.queuePaused === true);
    showPanel();
    renderAll();
    showMessage('ok', () => t('host.msg.ready'));
  });
  on('fatal', (error) => {
    disconnect();
    if (error.code === 'unauthorized') sessionStore.remove(TOKEN_KEY);
    showLogin();
    showMessage('error', () => fatalMessage(error));
  });

  on('job_pinned', (message) => {
    if (!session) return;
    if (message.job) upsert(session.jobs, message.job);
    session.pinnedJobId = message.job ? message.job.id : null;
    renderJobs();
  });
  on('policy_shown', (message) => {
    if (!session) return;
    if (message.policy) upsert(session.policies, message.policy);
    session.shownPolicyId = message.policy ? message.policy.id : null;
    renderPolicies();
  });
  on('announcement', (message) => {
    if (!session) return;
    session.announcements.push({ text: message.text, at: message.at });
    session.announcements = session.announcements.slice(-MAX_ANNOUNCEMENTS);
    renderAnnouncements();
  });
  on('session_status', (message) => {
    if (!session) return;
    session.status = message.status;
    renderHeader();
  });
  on('job_updated', (message) => {
    if (!session || !message.job) return;
    upsert(session.jobs, message.job);
    jobEditor.refresh(message.job);
    renderJobs();
  });
  on('job_withdrawn', (message) => {
    if (!session || typeof message.jobId !== 'string') return;
    withdrawJob(session, message.jobId);
    if (jobEditor.itemId === message.jobId) {
      jobEditor.close();
      showMessage('info', () => t('editor.withdrawn'));
    }
    renderJobs();
  });
  on('policy_updated', (message) => {
    if (!session || !message.policy) return;
    upsert(session.policies, message.policy);
    policyEditor.refresh(message.policy);
    renderPolicies();
  });
  on('policy_withdrawn', (message) => {
    if (!session || typeof message.policyId !== 'string') return;
    withdrawPolicy(session, message.policyId);
    if (policyEditor.itemId === message.policyId) {
      policyEditor.close();
      showMessage('info', () => t('editor.policyWithdrawn'));
    }
    renderPolicies();
  });
  on('queue', (message) => {
    hostQueue.update(message);
    callWindow.update(message);
  });
  on('question_board', (message) => hostQuestions.update(message));
  on('job_counts', (message) => {
    jobCounts.update(message);
    jobCounts.decorate(els.jobList);
  });
  on('queue_status', (message) => hostQueue.setPaused(message.paused));
  on('queue_notice', (message) => hostQueue.notice(message));
  on('counters', (message) => {
    if (!session) return;
    for (const key of ['online', 'applications', 'queue']) {
      if (typeof message[key] === 'number') session.counters[key] = message[key];
    }
    renderCounters();
  });
  on('error', (message) => {
    // An error with no request of ours behind it (e.g. rate_limited on a ref-less message).
    showMessage('error', () => t('host.msg.error', { message: message.message ?? '', code: message.code ?? '' }));
  });

  conn.start();
}

// -- commands -----------------------------------------------------------------------------

/** Sends a host command; the reply with the same ref decides the status line. */
async function command(message, button = null) {
  if (!conn?.isReady) {
    showMessage('error', () => t('host.msg.offline'));
    return false;
  }
  if (button) button.disabled = true;
  showMessage('pending', () => t('host.msg.sending'));
  try {
    await conn.request(message);
    showMessage('ok', () => t('host.msg.ok'));
    return true;
  } catch (error) {
    showMessage('error', () => commandErrorText(error));
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}

els.controls.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button') : null;
  if (!button || button.disabled || button.type === 'submit') return;
  if (button.dataset.editJob !== undefined) {
    const job = session?.jobs.find((item) => item.id === button.dataset.editJob);
    if (job) jobEditor.open(job);
  } else if (button.dataset.editPolicy !== undefined) {
    const policy = session?.policies.find((item) => item.id === button.dataset.editPolicy);
    if (policy) policyEditor.open(policy);
  } else if (button.dataset.pinJob !== undefined) {
    command({ type: 'pin_job', jobId: button.dataset.pinJob }, button);
  } else if (button.dataset.showPolicy !== undefined) {
    command({ type: 'show_policy', policyId: button.dataset.showPolicy }, button);
  } else if (button.id === 'unpin-job') {
    command({ type: 'pin_job', jobId: null }, button);
  } else if (button.id === 'hide-policy') {
    command({ type: 'show_policy', policyId: null }, button);
  } else if (button.dataset.withdrawJob !== undefined) {
    withdraw(button.dataset.withdrawJob, button);
  } else if (STATUSES.includes(button.dataset.status)) {
    changeStatus(button.dataset.status, button);
  }
});

/** Questions asked before a change viewers feel at once, by the status it leads to. */
const STATUS_CONFIRMATIONS = new Set(['ended', 'closed']);

async function changeStatus(status, button) {
  if (!session || status === session.status) return;
  if (STATUS_CONFIRMATIONS.has(status)) {
    const yes = await confirmDialog.ask({
      action: `status-${status}`,
      title: () => t(`host.confirm.${status}.title`),
      text: () => t(`host.confirm.${status}.text`),
      ok: () => t(`host.confirm.${status}.ok`),
      cancel: () => t('host.confirm.cancel'),
    });
    if (!yes) return;
  }
  await command({ type: 'session_status', status }, button);
  if (session) renderHeader(); // command() re-enabled the button; the lifecycle may forbid it
}

async function withdraw(jobId, button) {
  const job = session?.jobs.find((item) => item.id === jobId);
  if (!job) return;
  const title = job.title;
  const pinned = session.pinnedJobId === jobId;
  const yes = await confirmDialog.ask({
    action: 'withdraw-job',
    title: () => t('host.confirm.withdraw.title'),
    text: () => t('host.confirm.withdraw.text', { title }),
    note: pinned ? () => t('host.confirm.withdraw.pinned') : null,
    ok: () => t('host.confirm.withdraw.ok'),
    cancel: () => t('host.confirm.cancel'),
  });
  if (!yes) return;
  if (await command({ type: 'withdraw_job', jobId }, button)) {
    showMessage('ok', () => t('host.msg.withdrawn', { title }));
  }
}

els.announceForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = els.announceText.value.trim();
  if (!text) {
    showMessage('error', () => t('host.msg.announceEmpty'));
    return;
  }
  if (await command({ type: 'announce', text }, byId('announce-button'))) {
    els.announceText.value = '';
    renderAnnounceCount();
  }
});

els.announceText.addEventListener('input', renderAnnounceCount);

els.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = els.tokenInput.value.trim();
  els.tokenInput.value = '';
  if (!token) {
    showMessage('error', () => t('host.msg.tokenRequired'));
    return;
  }
  sessionStore.set(TOKEN_KEY, token);
  signIn(token);
});

els.logout.addEventListener('click', () => {
  disconnect();
  hostBoard.setToken(null);
  sessionStore.remove(TOKEN_KEY);
  showLogin();
  showMessage('info', () => t('host.msg.loggedOut'));
});

// -- queue and editors ----------------------------------------------------------------------

/** Sends a command and returns the reply; rejects with DaigangError (offline when not ready). */
function request(message) {
  if (!conn?.isReady) return Promise.reject(new DaigangError('offline', 'not connected'));
  return conn.request(message);
}

const hostQueue = new HostQueue({ command });
const hostQuestions = new HostQuestions({ command });
const callWindow = new CallWindow({ command });
const jobCounts = new JobCounts();
const hostBoard = new HostBoard({ session: sessionId, pin: (jobId, button) => command({ type: 'pin_job', jobId }, button) });
const confirmDialog = new ConfirmDialog();
const latestJob = (id) => session?.jobs.find((job) => job.id === id) ?? null;
const latestPolicy = (id) => session?.policies.find((policy) => policy.id === id) ?? null;
const jobEditor = makeJobEditor({ send: request, notify: showMessage, latest: latestJob });
const policyEditor = makePolicyEditor({ send: request, notify: showMessage, latest: latestPolicy });

/**
 * A token handed over in the link (`#token=…`, or `?token=…` from older links) is taken once and
 * removed from the address bar (and so from history and bookmarks) before anything else runs.
 */
function takeTokenFromUrl() {
  const url = new URL(window.location.href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const token = hash.get('token') ?? url.searchParams.get('token');
  if (!hash.has('token') && !url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  hash.delete('token');
  const rest = hash.toString();
  url.hash = rest ? `#${rest}` : '';
  window.history.replaceState(window.history.state, '', url);
  return token?.trim() || null;
}

// -- start --------------------------------------------------------------------------------

const tokenFromUrl = takeTokenFromUrl();
if (tokenFromUrl) sessionStore.set(TOKEN_KEY, tokenFromUrl);

els.viewerLink.href = `/?session=${encodeURIComponent(sessionId)}`;
els.qr.src = `/qr.svg?session=${encodeURIComponent(sessionId)}`;
byId('session-poster').href = `/api/sessions/${encodeURIComponent(sessionId)}/poster.png`;
const renderQrAlt = () => els.qr.setAttribute('alt', t('host.qr.alt'));
renderQrAlt();
applyTranslations();
renderAnnounceCount();
byId('host-job-search').addEventListener('input', () => { if (session) renderJobs(); });
bindLangSwitch(els.langSwitch);
onLangChange(() => {
  renderQrAlt();
  renderAll();
  renderAnnounceCount();
  status.refresh();
});

const savedToken = sessionStore.get(TOKEN_KEY);
if (savedToken) {
  signIn(savedToken);
} else {
  clearMessage();
  showLogin();
}
