// Daigang — apply-form.js
// The viewer's application: the form (name + phone + consent with a plain-language notice),
// the one-tap apply once name and phone are remembered on this device, the "applied"
// confirmation, and "forget me". Protocol: `apply` → `applied` (PROTOCOL.md "Applying").
// What was typed survives reconnects (the form is never re-rendered from the snapshot) and
// reloads (a draft in sessionStorage). An apply that cannot be sent, or whose reply was lost to
// a dropped connection, is sent again once the connection is back: the server answers a repeat
// with the same leadId (`duplicate`), so this is safe.
// A closed session takes no applications: the form says so and cannot be sent. A job withdrawn
// while its form is open (`job_withdrawn`) likewise: the form says so and cannot be sent.
//
// Element ids (index.html):
//   #apply-panel         data-state = closed | form | sending | done; data-job-id
//   #apply-job-title     the job being applied for
//   #apply-form          the form (shown in state form); #apply-form-error (role=alert; also
//                        says why #apply-submit is disabled: session closed, job withdrawn)
//   #apply-name, #apply-name-error, #apply-phone, #apply-phone-error,
//   #apply-consent (checkbox), #apply-consent-notice, #apply-consent-error
//   #apply-province, #apply-prefecture: the optional hometown (hometown-picker.js; its list is
//                        fetched when the form first opens)
//   #apply-submit, #apply-cancel
//   #apply-status        "sending…" / "offline, will send when reconnected"
//   #apply-done          the confirmation: #apply-done-title (报名成功), #apply-done-text,
//                        #apply-done-lead (data-lead-id), #apply-done-close
//   #profile             shown while a name + phone are remembered: #profile-summary, #forget-me
//   #profile-forgotten   "removed from this device" (after forget me)

import { forgetApplicant, forgetApplied, loadApplied, loadDraft, loadProfile, maskPhone, normalizeName, normalizePhone,
  recordApplied, saveDraft, saveProfile } from './applicant.js';
import { byId, setText } from './dom.js';
import { HometownPicker } from './hometown-picker.js';
import { clearFieldError, clearFormErrors, fieldOfMessage, showFieldError } from './form-errors.js';
import { t } from './i18n.js';

/** Reply codes after which the same apply is simply sent again once connected. */
const RESEND_CODES = new Set(['offline', 'disconnected', 'timeout']);

export class ApplyForm {
  #conn;
  #sessionId;
  #findJob;
  #isClosed;
  #onChange;
  #els;
  /** @type {'closed'|'form'|'sending'|'done'} */
  #mode = 'closed';
  #jobId = null;
  /** Title and employer of the job being applied for, kept should it be withdrawn meanwhile. */
  #jobInfo = null;
  /** The apply waiting for the connection: {jobId, name, phone} */
  #pending = null;
  #result = null; // {jobId, leadId, duplicate, title, employerName}
  #errors = new Map(); // field → () => text
  #formError = null; // () => text
  #statusText = null; // () => text
  #applied;
  #profile;
  #hometown = new HometownPicker();

  /**
   * @param {object} options
   * @param {import('./connection.js').Connection} options.conn
   * @param {string} options.sessionId
   * @param {(jobId: string) => object|null} options.findJob   null once a job is withdrawn
   * @param {() => boolean} [options.isClosed]  whether the session no longer takes applications
   * @param {() => void} options.onChange  called when applications or the profile changed
   */
  constructor({ conn, sessionId, findJob, isClosed = () => false, onChange }) {
    this.#conn = conn;
    this.#sessionId = sessionId;
    this.#findJob = findJob;
    this.#isClosed = isClosed;
    this.#onChange = onChange;
    this.#applied = loadApplied(sessionId);
    this.#profile = loadProfile();
    this.#els = {
      panel: byId('apply-panel'),
      jobTitle: byId('apply-job-title'),
      form: byId('apply-form'),
      formError: byId('apply-form-error'),
      name: byId('apply-name'),
      nameError: byId('apply-name-error'),
      phone: byId('apply-phone'),
      phoneError: byId('apply-phone-error'),
      consent: byId('apply-consent'),
      consentNotice: byId('apply-consent-notice'),
      consentError: byId('apply-consent-error'),
      submit: byId('apply-submit'),
      cancel: byId('apply-cancel'),
      status: byId('apply-status'),
      done: byId('apply-done'),
      doneText: byId('apply-done-text'),
      doneLead: byId('apply-done-lead'),
      doneClose: byId('apply-done-close'),
      profile: byId('profile'),
      profileSummary: byId('profile-summary'),
      forget: byId('forget-me'),
      forgotten: byId('profile-forgotten'),
    };
    this.#wire();
    const draft = loadDraft();
    this.#els.name.value = draft.name;
    this.#els.phone.value = draft.phone;
    this.render();
  }

  /** Applications from this device in this session: {jobId: {leadId, at}}. */
  get applied() { return this.#applied; }

  /** Whether name and phone are remembered, so an apply takes one tap. */
  get hasProfile() { return this.#profile !== null; }

  /** The lead id of the most recent application from this device, or null. */
  get latestLeadId() {
    let latest = null;
    for (const entry of Object.values(this.#applied)) {
      if (!latest || entry.at >= latest.at) latest = entry;
    }
    return latest?.leadId ?? null;
  }

  /** Starts applying for `jobId`: at once when remembered, else opens the form. */
  start(jobId) {
    const job = this.#findJob(jobId);
    if (!job || this.#mode === 'sending' || this.#isClosed()) return;
    this.#els.forgotten.hidden = true;
    this.#jobId = jobId;
    this.#jobInfo = { title: job.title, employerName: job.employerName };
    this.#result = null;
    this.#resetErrors();
    if (this.#profile) {
      this.#send({ jobId, ...this.#profile, fromForm: false });
    } else {
      this.#mode = 'form';
      this.#els.consent.checked = false;
      this.#hometown.load();
      this.render();
      this.#els.panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
      (this.#els.name.value ? this.#els.phone : this.#els.name).focus({ preventScroll: true });
    }
  }

  /** Forgets the application to `jobId` (it was withdrawn): its button offers applying again. */
  forget(jobId) {
    this.#applied = forgetApplied(this.#sessionId, jobId);
    if (this.#result?.jobId === jobId) {
      this.#result = null;
      if (this.#mode === 'done') this.#mode = 'closed';
    }
    this.render();
    this.#onChange();
  }

  /** Called when the connection is (again) ready: sends an apply that was waiting for it. */
  resume() {
    if (this.#pending && this.#conn.isReady) this.#send(this.#pending);
  }

  render() {
    const els = this.#els;
    const current = this.#jobId ? this.#findJob(this.#jobId) : null;
    const job = current ?? (this.#jobId ? this.#jobInfo : null);
    els.panel.dataset.state = this.#mode;
    els.panel.dataset.jobId = this.#jobId ?? '';
    els.panel.hidden = this.#mode === 'closed';
    setText(els.jobTitle, job ? job.title : '');
    setText(els.consentNotice, t('apply.consent.notice', { employer: job?.employerName || t('apply.consent.employer') }));

    // An open form that can no longer be sent says why (and its button stays disabled).
    let blocked = null;
    if (this.#mode === 'form' && this.#isClosed()) blocked = 'apply.error.closed';
    else if (this.#mode === 'form' && this.#jobId && !current) blocked = 'apply.error.withdrawn';
    els.form.dataset.blocked = blocked ? blocked.replace('apply.error.', '') : '';

    // While sending from the form it stays in view (disabled button); a one-tap apply shows no form.
    els.form.hidden = !(this.#mode === 'form' || (this.#mode === 'sending' && this.#pending?.fromForm));
    els.submit.disabled = this.#mode === 'sending' || Boolean(blocked);
    setText(els.submit, t(this.#mode === 'sending' ? 'apply.sending' : 'apply.submit'));

    for (const [field, input, node] of [['name', els.name, els.nameError], ['phone', els.phone, els.phoneError],
      ['consent', els.consent, els.consentError]]) {
      const text = this.#errors.get(field);
      if (text) showFieldError(input, node, text());
      else clearFieldError(input, node);
    }
    const formError = blocked ? () => t(blocked) : this.#formError;
    els.formError.hidden = !formError;
    setText(els.formError, formError ? formError() : '');

    els.status.hidden = !this.#statusText;
    setText(els.status, this.#statusText ? this.#statusText() : '');

    const result = this.#mode === 'done' ? this.#result : null;
    els.done.hidden = !result;
    if (result) {
      const doneJob = this.#findJob(result.jobId) ?? result;
      const params = { title: doneJob.title ?? '', employer: doneJob.employerName || t('apply.consent.employer') };
      setText(els.doneText, t(result.duplicate ? 'apply.done.duplicate' : 'apply.done.text', params));
      setText(els.doneLead, t('apply.done.lead', { id: result.leadId }));
      els.doneLead.dataset.leadId = result.leadId;
    }

    els.profile.hidden = !this.#profile;
    if (this.#profile) {
      setText(els.profileSummary, t('profile.summary', { name: this.#profile.name, phone: maskPhone(this.#profile.phone) }));
    }
  }

  // -- internals ----------------------------------------------------------------------------

  #wire() {
    const els = this.#els;
    const keepDraft = () => saveDraft({ name: els.name.value, phone: els.phone.value });
    els.name.addEventListener('input', () => { keepDraft(); this.#clearError('name'); });
    els.phone.addEventListener('input', () => { keepDraft(); this.#clearError('phone'); });
    els.consent.addEventListener('change', () => this.#clearError('consent'));
    els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submitForm();
    });
    els.cancel.addEventListener('click', () => {
      this.#pending = null;
      this.#statusText = null;
      this.#mode = 'closed';
      this.render();
    });
    els.doneClose.addEventListener('click', () => {
      this.#mode = 'closed';
      this.render();
    });
    els.forget.addEventListener('click', (event) => {
      event.preventDefault();
      forgetApplicant(this.#sessionId);
      this.#profile = null;
      this.#applied = {};
      els.name.value = '';
      els.phone.value = '';
      els.consent.checked = false;
      if (this.#mode === 'done') this.#mode = 'closed';
      els.forgotten.hidden = false;
      this.render();
      this.#onChange();
    });
  }

  #clearError(field) {
    if (!this.#errors.delete(field)) return;
    this.render();
  }

  #resetErrors() {
    this.#errors.clear();
    this.#formError = null;
    this.#statusText = null;
    clearFormErrors(this.#els.form);
  }

  #submitForm() {
    if (this.#mode === 'sending' || this.#els.submit.disabled) return;
    const els = this.#els;
    this.#resetErrors();
    const name = normalizeName(els.name.value);
    const phone = normalizePhone(els.phone.value);
    if (!name) this.#errors.set('name', () => t('apply.error.name'));
    if (!phone) this.#errors.set('phone', () => t('apply.error.phone'));
    if (!els.consent.checked) this.#errors.set('consent', () => t('apply.error.consent'));
    if (this.#errors.size > 0) {
      this.render();
      const first = !name ? els.name : !phone ? els.phone : els.consent;
      first.focus();
      return;
    }
    this.#send({ jobId: this.#jobId, name, phone, hometownCode: this.#hometown.code, fromForm: true });
  }

  /** Sends `request` ({jobId, name, phone, hometownCode?, fromForm}); keeps it pending while offline. */
  async #send(request) {
    if (this.#isClosed()) {
      this.#pending = null;
      this.#statusText = null;
      this.#failed({ code: 'conflict', message: '', reply: { reason: 'session_closed' } }, request);
      return;
    }
    this.#pending = request;
    this.#jobId = request.jobId;
    this.#mode = 'sending';
    this.#formError = null;
    if (!this.#conn.isReady) {
      this.#statusText = () => t('apply.error.offline');
      this.render();
      return;
    }
    this.#statusText = () => t('apply.sending');
    this.render();
    const sent = this.#pending;
    try {
      const reply = await this.#conn.request({
        type: 'apply', jobId: request.jobId, name: request.name, phone: request.phone, consent: true,
        ...(request.hometownCode ? { hometownCode: request.hometownCode } : {}),
      });
      if (this.#pending !== sent) return; // cancelled meanwhile
      this.#pending = null;
      this.#statusText = null;
      this.#profile = { name: request.name, phone: request.phone };
      saveProfile(this.#profile);
      this.#applied = recordApplied(this.#sessionId, request.jobId, reply.leadId);
      this.#result = {
        jobId: request.jobId, leadId: reply.leadId, duplicate: reply.duplicate === true,
        title: this.#jobInfo?.title ?? '', employerName: this.#jobInfo?.employerName ?? '',
      };
      this.#mode = 'done';
      this.#els.consent.checked = false;
      this.#hometown.reset();
      this.render();
      this.#els.done.focus({ preventScroll: false });
      this.#onChange();
    } catch (error) {
      if (this.#pending !== sent) return;
      if (RESEND_CODES.has(error.code)) {
        // Kept; `resume()` sends it again when the connection is back.
        this.#statusText = () => t('apply.error.offline');
        this.render();
        return;
      }
      this.#pending = null;
      this.#statusText = null;
      this.#failed(error, request);
    }
  }

  #failed(error, request) {
    const els = this.#els;
    this.#mode = 'form';
    if (!els.name.value) els.name.value = request.name;
    if (!els.phone.value) els.phone.value = request.phone;
    const field = error.code === 'bad_request' ? fieldOfMessage(error.message) : null;
    if (field === 'name' || field === 'phone' || field === 'consent') {
      this.#errors.set(field, () => t(`apply.error.${field}`));
    } else if (error.code === 'not_found') {
      this.#formError = () => t('apply.error.job');
    } else if (error.code === 'conflict' && error.reply?.reason === 'session_closed') {
      this.#formError = () => t('apply.error.closed');
    } else if (error.code === 'rate_limited' || error.code === 'unavailable') {
      this.#formError = () => t(`apply.error.${error.code}`);
    } else {
      this.#formError = () => t('apply.error.other', { message: error.message });
    }
    this.render();
    const target = field === 'name' ? els.name : field === 'phone' ? els.phone : field === 'consent' ? els.consent : null;
    if (target) target.focus();
    els.panel.scrollIntoView({ block: 'start' });
  }
}
