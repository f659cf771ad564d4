// Daigang — hr-live.js
// The live channel of the HR page (hr.js): a WebSocket `hello` with role "hr" and the token.
// `lead_new` adds the lead to the table (hr-list.js), says so in the status line, and counts it
// in the tab title while the tab is hidden. The welcome (and session broadcasts, should the
// server send them to HR connections) update the session header (hr-session.js); a welcome
// after a reconnect catches up on leads missed meanwhile. A revoked token calls `onUnauthorized`.
//
// Element ids: #conn-banner  live channel state; hidden while connected (or signed out)

import { Connection } from './connection.js';
import { byId } from './dom.js';
import { isLead } from './hr-format.js';
import { t } from './i18n.js';
import { bindConnBanner } from './page.js';

export class HrLive {
  #banner = byId('conn-banner');
  #sessionId;
  #session;
  #list;
  #status;
  #onUnauthorized;
  #conn = null;
  #unsubscribe = [];
  /** Live leads that arrived while the tab was hidden (shown in the tab title). */
  #unseen = 0;

  /**
   * @param {object} options
   * @param {string} options.sessionId
   * @param {import('./hr-session.js').HrSession} options.session
   * @param {import('./hr-list.js').HrList} options.list
   * @param {ReturnType<import('./status-line.js').makeStatusLine>} options.status
   * @param {() => void} options.onUnauthorized
   */
  constructor({ sessionId, session, list, status, onUnauthorized }) {
    this.#sessionId = sessionId;
    this.#session = session;
    this.#list = list;
    this.#status = status;
    this.#onUnauthorized = onUnauthorized;
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.#unseen > 0) {
        this.#unseen = 0;
        this.renderTitle();
      }
    });
  }

  renderTitle() {
    document.title = this.#unseen > 0 ? `(${this.#unseen}) ${t('hr.title')}` : t('hr.title');
  }

  /** Closes the channel (signed out). */
  stop() {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#conn?.stop();
    this.#conn = null;
    this.#banner.hidden = true;
  }

  /** Forgets the unseen count (signed out); does not render. */
  reset() {
    this.#unseen = 0;
  }

  /** Opens the channel with `token`: `hello` as hr; `lead_new` adds rows. */
  start(token) {
    const conn = new Connection({ session: this.#sessionId, role: 'hr', token });
    this.#conn = conn;
    const on = (name, handler) => this.#unsubscribe.push(conn.on(name, handler));
    this.#unsubscribe.push(bindConnBanner(this.#banner, conn));
    let welcomed = false;

    on('welcome', (welcome) => {
      this.#session.welcome(welcome);
      if (welcomed) this.#list.catchUp(); // leads created while the channel was down
      welcomed = true;
    });
    on('fatal', (error) => {
      // unauthorized: the token was revoked. Anything else (e.g. not_found) stays in the banner;
      // the HTTP API keeps working without the live channel.
      if (error.code === 'unauthorized') this.#onUnauthorized();
    });
    on('lead_new', (message) => this.#onLeadNew(message.lead));
    // An applicant withdrew: the row keeps its place, its contact data goes.
    on('lead_withdrawn', (message) => { if (isLead(message.lead)) this.#list.updateLead(message.lead); });
    // Session broadcasts, should the server send them to HR connections too.
    on('session_status', (message) => this.#session.setStatus(message.status));
    on('job_updated', (message) => this.#session.updateJob(message.job));
    on('error', (message) => console.warn('daigang: server error', message.code, message.message));
    conn.start();
  }

  #onLeadNew(lead) {
    if (!isLead(lead) || (lead.session && lead.session !== this.#sessionId)) return;
    if (!this.#list.addLive(lead)) return;
    this.#session.learnJobs([lead]);
    this.#list.placeLive(lead);
    const kind = this.#status.kind;
    if (!kind || kind === 'info' || kind === 'ok') {
      this.#status.show('info', () => t('hr.msg.newLead', { name: lead.name ?? '', job: this.#session.jobTitleOf(lead) }));
    }
    if (document.visibilityState === 'hidden') {
      this.#unseen += 1;
      this.renderTitle();
    }
  }
}
