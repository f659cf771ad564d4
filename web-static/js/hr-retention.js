// Daigang — hr-retention.js
// The 还在岗吗？ prompt in the lead detail panel of the HR page (hr.js): shown for a hired lead
// from the seventh day after its start date until HR answers (PROTOCOL.md, "Outcomes"). Two big
// buttons post {status: 'hired', retained_7d: true|false} through the follow-up form's save.
//
// Element ids: #retention-ask (hidden unless asked), #retention-ask-hint, #retention-yes, #retention-no

import { byId, setText } from './dom.js';
import { asksRetention } from './hr-format.js';
import { t } from './i18n.js';

export class HrRetention {
  #els = {
    box: byId('retention-ask'),
    hint: byId('retention-ask-hint'),
    yes: byId('retention-yes'),
    no: byId('retention-no'),
  };
  #detail;
  #followup;

  /**
   * @param {object} options
   * @param {import('./hr-detail.js').HrDetail} options.detail   the lead in the panel
   * @param {import('./hr-followup.js').HrFollowup} options.followup   saves the answer
   */
  constructor({ detail, followup }) {
    this.#detail = detail;
    this.#followup = followup;
    this.#els.yes.addEventListener('click', () => this.#answer(true));
    this.#els.no.addEventListener('click', () => this.#answer(false));
  }

  render() {
    const detail = this.#detail.current;
    const lead = detail && !detail.loading && !detail.failed ? detail.lead : null;
    const asked = asksRetention(lead);
    this.#els.box.hidden = !asked;
    if (asked) setText(this.#els.hint, t('hr.retention.hint', { date: lead.startDate }));
    // A second tap while the first is saving is ignored by `save`.
    this.#els.yes.disabled = this.#els.no.disabled = !asked;
  }

  #answer(retained) {
    this.#followup.save({ status: 'hired', retained_7d: retained });
  }
}
