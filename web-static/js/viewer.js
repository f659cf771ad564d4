// Daigang — viewer.js — the viewer page (index.html, served at /).
// Joins `?session=` (default "demo") as a viewer with a compact welcome (the pinned job at once;
// the job list comes over HTTP, job-catalog.js), renders it, then keeps it current from broadcasts. After every reconnect it re-renders entirely from the new snapshot
// (the apply form is never re-rendered, so what was typed survives). Applying lives in
// apply-form.js, the interview line in queue-view.js.
//
// Element ids (for tests):
//   #conn-banner         hidden while connected; data-state connecting | reconnecting | failed
//   #lang-switch         toggles 中文 / English (remembered in localStorage; ?lang=en works)
//   #session-title       session title
//   #session-status      status label; data-session-status = scheduled | live | ended | closed
//   #session-notice      what the status means for the viewer (data-status; hidden while live):
//                        scheduled 尚未开始, ended 直播已结束，仍可报名, closed 本场已关闭，不再接受报名
//   #session-host, #session-about (<details>) > #session-description
//   #online-count, #applications-count, #queue-count   live counters (numbers only)
//   #pinned-job          data-job-id = pinned job id, "" when none; hidden once the stream is
//                        over (ended, closed)
//     #pinned-job-empty  shown when nothing is pinned
//     #pinned-job-body   the card; inside: #pinned-job-title, #pinned-job-employer, #pinned-job-pay
//     #pinned-apply      apply for the pinned job (data-apply-job; data-applied="true" once applied)
//   #shown-policy        data-policy-id = shown policy id, "" when none
//     #shown-policy-empty, #shown-policy-body; inside: #shown-policy-title, #shown-policy-summary
//   #announcements       <ol>, newest first; each <li> has data-at (ms)
//   #announcements-empty
//   #job-list            every job: <li data-job-id> holding a <details data-job-id> and an
//                        apply button [data-apply-job="<id>"] (data-applied="true" once applied;
//                        disabled with data-closed="true" when the session is closed); a
//                        withdrawn job (`job_withdrawn`) leaves the list, and the pin if pinned
//   #job-list-empty
//   job-finder.js: #job-search, #job-filters, #job-finder-count, #job-list-loading, #job-list-more
//                  (the list shows 20 matches at a time)
//   apply-form.js: #apply-panel, #apply-form, #apply-name, #apply-phone, #apply-consent, …,
//                  #apply-done, #profile, #forget-me
//   share.js: #shared-job (a ?job= link's job on top), #shared-job-missing, #share-toast,
//             [data-share-job="<id>"] 分享 buttons in the job list
//   queue-view.js: #queue-panel, #queue-join, #queue-ticket, #queue-position, …, #queue-turn,
//                  #queue-here, #queue-leave
//   qa.js: #qa-panel, #qa-form, #qa-list; banner.js: #attention-banner; withdraw.js:
//   #my-applications; a second application asks first (apply-confirm.js, #confirm-dialog)
// Pinned/list jobs have data-field rows (shift, location, housing, …), see cards.js.

import { confirmApplication } from './apply-confirm.js';
import { ApplyForm } from './apply-form.js';
import { AttentionBanner } from './banner.js';
import { renderJobCard, renderJobSummary, renderPolicyCard } from './cards.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { Connection } from './connection.js';
import { resumeKeyFor, takeEarlySocket } from './early-hello.js';
import { JobCatalog } from './job-catalog.js';
import { makeJobFinder } from './job-finder.js';
import { byId, h, setChildren, setText } from './dom.js';
import { applyTranslations, formatNumber, formatTime, isoTime, onLangChange, t } from './i18n.js';
import { bindConnBanner, bindLangSwitch, sessionIdFromLocation, statusLabel } from './page.js';
import { QuestionsPanel } from './qa.js';
import { QueueView } from './queue-view.js';
import { ShareWidget, shareButton } from './share.js';
import { fromSnapshot, MAX_ANNOUNCEMENTS, upsert, withdrawJob, withdrawPolicy } from './session-state.js';
import { MyApplications } from './withdraw.js';

/** Statuses that tell the viewer something (a notice under the title); none while live. */
const NOTICES = new Set(['scheduled', 'ended', 'closed']);
/** Statuses after the stream: nothing is "on air" any more. */
const OVER = new Set(['ended', 'closed']);


const els = {
  banner: byId('conn-banner'),
  langSwitch: byId('lang-switch'),
  title: byId('session-title'),
  status: byId('session-status'),
  notice: byId('session-notice'),
  host: byId('session-host'),
  about: byId('session-about'),
  description: byId('session-description'),
  online: byId('online-count'),
  applications: byId('applications-count'),
  queue: byId('queue-count'),
  pinned: byId('pinned-job'),
  pinnedEmpty: byId('pinned-job-empty'),
  pinnedBody: byId('pinned-job-body'),
  pinnedActions: byId('pinned-actions'),
  pinnedApply: byId('pinned-apply'),
  policy: byId('shown-policy'),
  policyEmpty: byId('shown-policy-empty'),
  policyBody: byId('shown-policy-body'),
  announcements: byId('announcements'),
  announcementsEmpty: byId('announcements-empty'),
  jobList: byId('job-list'),
  jobListEmpty: byId('job-list-empty'),
};

/** The session as last known: the welcome snapshot with broadcasts applied. */
let session = null;

// -- state --------------------------------------------------------------------------------

const findJob = (id) => session.jobs.find((job) => job.id === id) ?? null;
const findPolicy = (id) => session.policies.find((policy) => policy.id === id) ?? null;
/** Closed: read-only, applications are refused. */
const isClosed = () => session?.status === 'closed';

// -- rendering ----------------------------------------------------------------------------

/** Replays the highlight animation on `node` (a CSS class; no inline styles under our CSP). */
function flash(node) {
  node.classList.remove('is-fresh');
  void node.offsetWidth; // restart the animation
  node.classList.add('is-fresh');
}

function renderTitle() {
  const base = session?.title ? `${session.title} · ${t('app.name')}` : t('viewer.title');
  document.title = queueView?.isTurn ? `${t('queue.title.turn')}${base}` : base;
}

function renderHeader() {
  setText(els.title, session.title);
  renderTitle();
  setText(els.status, statusLabel(session.status));
  els.status.dataset.sessionStatus = session.status;
  const notice = NOTICES.has(session.status) ? session.status : '';
  els.notice.dataset.status = notice;
  els.notice.hidden = !notice;
  setText(els.notice, notice ? t(`viewer.notice.${notice}`) : '');
  setText(els.host, session.host ? t('session.host', { host: session.host }) : '');
  els.host.hidden = !session.host;
  setText(els.description, session.description);
  els.about.hidden = !session.description;
}

function renderCounters() {
  setText(els.online, formatNumber(session.counters.online ?? 0));
  setText(els.applications, formatNumber(session.counters.applications ?? 0));
  setText(els.queue, formatNumber(session.counters.queue ?? 0));
}

/**
 * Sets up an apply button for `job`: "我要报名", "一键报名" when remembered, "已报名" after;
 * "已停止报名" (disabled, described by the closed notice) once the session is closed.
 */
function setApplyButton(button, job) {
  const applied = Boolean(applyForm.applied[job.id]);
  const closed = !applied && isClosed();
  button.dataset.applyJob = job.id;
  button.dataset.applied = String(applied);
  button.dataset.closed = String(closed);
  button.disabled = applied || closed;
  button.classList.toggle('btn--primary', !applied && !closed);
  button.classList.toggle('btn--active', applied);
  if (closed) button.setAttribute('aria-describedby', 'session-notice');
  else button.removeAttribute('aria-describedby');
  setText(button, t(applied ? 'apply.button.applied' : closed ? 'apply.button.closed'
    : applyForm.hasProfile ? 'apply.button.quick' : 'apply.button'));
  return button;
}

function renderPinned({ highlight = false } = {}) {
  const job = session.pinnedJobId ? findJob(session.pinnedJobId) : null;
  els.pinned.hidden = OVER.has(session.status);
  els.pinned.dataset.jobId = job ? job.id : '';
  els.pinnedEmpty.hidden = Boolean(job);
  els.pinnedBody.hidden = !job;
  setChildren(els.pinnedBody, job ? renderJobCard(job, { idPrefix: 'pinned-job' }) : null);
  els.pinnedActions.hidden = !job;
  if (job) setApplyButton(els.pinnedApply, job);
  if (highlight && job) flash(els.pinned);
}

function renderPolicy({ highlight = false } = {}) {
  const policy = session.shownPolicyId ? findPolicy(session.shownPolicyId) : null;
  // Keep the viewer's "key points" open/closed choice while the same policy is re-rendered.
  const previous = els.policyBody.querySelector('.policy-card__points');
  const pointsOpen = Boolean(previous?.open) && els.policy.dataset.policyId === (policy?.id ?? '');
  els.policy.dataset.policyId = policy ? policy.id : '';
  els.policyEmpty.hidden = Boolean(policy);
  els.policyBody.hidden = !policy;
  setChildren(els.policyBody, policy ? renderPolicyCard(policy, { idPrefix: 'shown-policy', pointsOpen }) : null);
  if (highlight && policy) flash(els.policy);
}

function renderAnnouncements() {
  const items = [...session.announcements].reverse().map((item) =>
    h('li', { class: 'announcement', 'data-at': item.at },
      h('time', { class: 'announcement__time', datetime: isoTime(item.at), text: formatTime(item.at) }),
      h('span', { class: 'announcement__text', text: item.text })));
  setChildren(els.announcements, items);
  els.announcementsEmpty.hidden = items.length > 0;
}

/** Cards the viewer expanded, kept expanded across re-renders. */
let openJobs = new Set();

function renderJobItem(job) {
  return h('li', { class: 'job-list__item', 'data-job-id': job.id },
    // "讲解中" only while the stream is on.
    renderJobSummary(job, { open: openJobs.has(job.id), pinned: job.id === session.pinnedJobId && !OVER.has(session.status) }),
    h('div', { class: 'job-list__actions' },
      setApplyButton(h('button', { type: 'button', class: 'btn job-list__apply' }), job), shareButton(job)));
}

function renderJobList() {
  openJobs = new Set([...els.jobList.querySelectorAll('details[open]')].map((node) => node.dataset.jobId));
  jobFinder.update(session.jobs, { loading: catalog.isLoaded ? null : { total: session.jobCount } });
  share.render();
}

function renderAll() {
  if (!session) return;
  renderHeader();
  renderCounters();
  renderPinned();
  renderPolicy();
  renderAnnouncements();
  renderJobList();
  applyForm.render();
  queueView.render();
  questions.render();
  myApplications.render();
}

// -- wiring -------------------------------------------------------------------------------

const sessionId = sessionIdFromLocation();
const conn = new Connection({
  session: sessionId, role: 'viewer', resumeKey: resumeKeyFor(sessionId), catalog: 'http', early: takeEarlySocket(sessionId),
});
const jobFinder = makeJobFinder(renderJobItem);
const catalog = new JobCatalog({
  onLoad: (jobs) => {
    if (!session) return;
    session.jobs = jobs;
    renderPinned();
    renderJobList();
    applyForm.render();
  },
});

// The shared job (?job=) and the 分享 buttons; redrawn with the job list.
const share = new ShareWidget({
  sessionId,
  findJob: (id) => (session ? findJob(id) : null),
  isReady: () => session !== null && catalog.isLoaded,
  setApplyButton: (button, job) => setApplyButton(button, job),
});

const applyForm = new ApplyForm({
  conn,
  sessionId,
  findJob: (id) => (session ? findJob(id) : null),
  isClosed,
  onChange: () => {
    myApplications?.render();
    if (!session) return;
    renderPinned();
    renderJobList();
    queueView.render();
  },
});

const dialog = new ConfirmDialog();
const banner = new AttentionBanner();
const questions = new QuestionsPanel({ conn, sessionId, pinnedJobId: () => session?.pinnedJobId ?? null });
// (`let`: the apply form's onChange may run before this line)
let myApplications = null;
myApplications = new MyApplications({ conn, applyForm, findJob: (id) => (session ? findJob(id) : null), dialog });

// (assigned right away; `let` so renderTitle may run before: QueueView renders in its constructor)
let queueView = null;
queueView = new QueueView({
  conn,
  leadId: () => applyForm.latestLeadId,
  hasApplied: () => applyForm.latestLeadId !== null,
  // The line is open only while live (the server refuses queue_join otherwise).
  lineClosed: () => (NOTICES.has(session?.status) ? session.status : null),
  onRender: renderTitle,
});

/** The question being answered as last seen, so only a new one raises the banner. */
let lastAnsweringId = null;

conn.on('welcome', (welcome) => {
  session = fromSnapshot(welcome.snapshot ?? {});
  catalog.welcome(welcome.snapshot ?? {});
  session.jobs = catalog.jobs;
  queueView.fromWelcome(welcome);
  questions.update(welcome.questions);
  lastAnsweringId = welcome.questions?.answering?.id ?? null;
  renderAll();
});

conn.on('questions', (message) => {
  // The question the host starts answering is news (a welcome's is not).
  const answering = message.answering;
  if (answering && answering.id !== lastAnsweringId) banner.show('answering', answering.text);
  lastAnsweringId = answering?.id ?? null;
});

conn.on('state', ({ state }) => {
  if (state === 'ready') applyForm.resume();
});

conn.on('queue_position', (message) => queueView.position(message));
conn.on('queue_called', (message) => queueView.called(message));
conn.on('queue_ended', (message) => queueView.ended(message));
conn.on('queue_status', (message) => queueView.setPaused(message.paused));

// Every apply button on the page (pinned card, job list) goes through one listener.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-apply-job]') : null;
  if (!button || button.disabled || !button.dataset.applyJob) return;
  const jobId = button.dataset.applyJob;
  confirmApplication(dialog, session ? findJob(jobId) : null, Object.keys(applyForm.applied).length)
    .then((yes) => { if (yes) applyForm.start(jobId); });
});

conn.on('job_pinned', (message) => {
  if (!session) return;
  if (message.job) catalog.upsert(message.job);
  session.jobs = catalog.jobs;
  session.pinnedJobId = message.job ? message.job.id : null;
  renderPinned({ highlight: true });
  renderJobList();
});

conn.on('policy_shown', (message) => {
  if (!session) return;
  if (message.policy) upsert(session.policies, message.policy);
  session.shownPolicyId = message.policy ? message.policy.id : null;
  renderPolicy({ highlight: true });
});

conn.on('announcement', (message) => {
  if (!session) return;
  session.announcements.push({ text: message.text, at: message.at });
  session.announcements = session.announcements.slice(-MAX_ANNOUNCEMENTS);
  renderAnnouncements();
  banner.show('announcement', message.text);
});

conn.on('session_status', (message) => {
  if (!session) return;
  session.status = message.status;
  renderAll();
});

conn.on('job_withdrawn', (message) => {
  if (!session || typeof message.jobId !== 'string') return;
  withdrawJob(session, message.jobId); // clears the pin too: no job_pinned follows
  catalog.withdraw(message.jobId);
  session.jobs = catalog.jobs;
  renderPinned();
  renderJobList();
  applyForm.render();
});

conn.on('job_updated', (message) => {
  if (!session || !message.job) return;
  catalog.upsert(message.job);
  session.jobs = catalog.jobs;
  if (message.job.id === session.pinnedJobId) renderPinned();
  renderJobList();
  applyForm.render();
});

// A large import changed many jobs at once: fetch the list again (kept in view meanwhile).
conn.on('catalog_changed', (message) => {
  if (!session || typeof message.catalogURL !== 'string') return;
  session.jobCount = message.jobCount;
  catalog.welcome({ catalogURL: message.catalogURL, catalogETag: message.catalogETag });
  renderJobList();
});

conn.on('policy_updated', (message) => {
  if (!session || !message.policy) return;
  upsert(session.policies, message.policy);
  if (message.policy.id === session.shownPolicyId) renderPolicy();
});

conn.on('policy_withdrawn', (message) => {
  if (!session || typeof message.policyId !== 'string') return;
  withdrawPolicy(session, message.policyId); // un-shows it too: no policy_shown follows
  renderPolicy();
});

conn.on('counters', (message) => {
  if (!session) return;
  for (const key of ['online', 'applications', 'queue']) {
    if (typeof message[key] === 'number') session.counters[key] = message[key];
  }
  renderCounters();
});

conn.on('gap', ({ expected, got }) => {
  // The server coalesced state-like events for us; the later event carries the current value.
  console.info(`daigang: broadcasts ${expected}–${got - 1} were coalesced`);
});

applyTranslations();
bindLangSwitch(els.langSwitch);
bindConnBanner(els.banner, conn);
onLangChange(() => {
  jobFinder.relabel();
  renderAll();
  banner.render();
});
conn.start();
