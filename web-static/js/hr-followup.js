// Daigang — hr-followup.js
// The follow-up form in the lead detail panel of the HR page (hr.js): a new status and an
// optional note for the lead in the panel (hr-detail.js), saved with
// POST /api/leads/{id}/followups; the updated lead goes back into the table and the panel.
//
// With 已录用 (hired) it also takes the start date (#followup-start-date, Beijing calendar day);
// `save(body)` is what the 还在岗吗 prompt (hr-retention.js) posts through too.
//
// Element ids: #followup-form, #followup-fieldset (disabled until the lead is loaded / while
//   saving), #followup-status, #followup-note (maxlength 2000), #followup-count, #followup-submit,
//   #followup-start-field (shown with hired), #followup-start-date

import { ApiError, errorText, isSilent } from './hr-api.js';
import { byId, setText } from './dom.js';
import { followupsOf, isLead, LEAD_STATUSES } from './hr-format.js';
import { t } from './i18n.js';

const NOTE_MAX = 2000;

export class HrFollowup {
  #els = {
    form: byId('followup-form'),
    fieldset: byId('followup-fieldset'),
    status: byId('followup-status'),
    note: byId('followup-note'),
    count: byId('followup-count'),
    startField: byId('followup-start-field'),
    startDate: byId('followup-start-date'),
  };
  #api;
  #list;
  #detail;
  #notify;
  #saving = false;

  /**
   * @param {object} options
   * @param {import('./hr-api.js').HrApi} options.api
   * @param {import('./hr-list.js').HrList} options.list
   * @param {import('./hr-detail.js').HrDetail} options.detail   the lead the form is for
   * @param {(kind: string, text: () => string) => void} options.notify   the status line
   */
  constructor({ api, list, detail, notify }) {
    this.#api = api;
    this.#list = list;
    this.#detail = detail;
    this.#notify = notify;
    this.#els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.#els.note.addEventListener('input', () => this.renderCount());
    this.#els.status.addEventListener('change', () => this.#renderStartField());
  }


  /** Forgets a save on its way (signed out); does not render. */
  reset() {
    this.#saving = false;
  }

  /** Empties the note and the start date. */
  clear() {
    this.#els.note.value = '';
    this.#els.startDate.value = '';
    this.renderCount();
  }

  /** Preselects a status. */
  preset(status) {
    this.#els.status.value = status;
    this.#renderStartField();
  }

  #renderStartField() {
    this.#els.startField.hidden = this.#els.status.value !== 'hired';
  }

  renderCount() {
    setText(this.#els.count, t('hr.followup.count', { n: [...this.#els.note.value].length }));
  }

  renderState() {
    const detail = this.#detail.current;
    this.#els.fieldset.disabled = !detail || detail.loading || detail.failed || !detail.lead || this.#saving;
  }

  #submit() {
    const status = this.#els.status.value;
    if (!LEAD_STATUSES.includes(status)) return;
    const note = this.#els.note.value.trim();
    if ([...note].length > NOTE_MAX) {
      this.#notify('error', () => t('hr.msg.noteTooLong'));
      return;
    }
    const body = { status };
    if (note) body.note = note;
    if (status === 'hired' && this.#els.startDate.value) body.startDate = this.#els.startDate.value;
    this.save(body);
  }

  /**
   * Posts a follow-up for the lead in the panel and puts the updated lead into the table and the
   * panel; the server checks every field (a refusal's message goes to the status line).
   * @param {{status: string, note?: string, startDate?: string, retained_7d?: boolean}} body
   */
  async save(body) {
    const detail = this.#detail.current;
    if (!detail || detail.loading || detail.failed || this.#saving) return;
    const { id } = detail;
    const gen = this.#detail.gen;
    this.#saving = true;
    this.renderState();
    this.#notify('pending', () => t('hr.msg.saving'));
    try {
      const data = await this.#api.call(`/api/leads/${encodeURIComponent(id)}/followups`, { method: 'POST', body });
      if (!isLead(data?.lead)) throw new ApiError(201, 'bad_response', 'no lead in the response');
      const lead = this.#list.updateLead(data.lead);
      const current = this.#detail.current;
      if (current && current.id === id && gen === this.#detail.gen) {
        // The reply is the updated lead; use its history if it carries one, else add ours.
        this.#detail.saved(followupsOf(data.lead)
          ?? [...current.followups, { ...body, at: typeof lead.updatedAt === 'number' ? lead.updatedAt : Date.now() }],
        lead);
        this.clear();
        this.#detail.render();
      }
      this.#list.flashRow(id);
      this.#notify('ok', () => t('hr.msg.saved'));
    } catch (error) {
      if (!isSilent(error)) this.#notify('error', () => errorText(error));
    } finally {
      this.#saving = false;
      this.renderState();
    }
  }
}
