// Daigang — hr.js — the HR page (hr.html, served at /hr).
// Sign in with the employer's HR token (kept in sessionStorage only, never in the URL; sent as
// `Authorization: Bearer …` to the HR HTTP API and in the WebSocket `hello`). The first
// GET /api/leads checks the token (401 → back to the sign-in form). Then the page lists the
// employer's leads, `?session=` preselected in the session filter, any session or all of them (newest first, filters, "load more" via nextCursor), opens a
// lead's detail (GET /api/leads/{id}, which the server records in its audit log — so only when
// the HR person asks for it), records follow-ups (POST /api/leads/{id}/followups) and exports
// CSV (GET /api/leads.csv, fetched with the header and saved through a Blob). New leads arrive
// live as `lead_new` over the WebSocket (`hello` with role "hr"); they carry only the masked
// phone number until the detail is opened. See docs/PROTOCOL.md, "# Leads".
//
// This module wires the widgets and owns signing in and out:
//   hr-login.js     the token form, the sign-out button, form vs. panel
//   hr-api.js       the HR HTTP API and the current sign-in
//   hr-session.js   the session header and the jobs to filter by
//   hr-filters.js   the leads filters
//   hr-list.js      the leads table (pages, load more, live leads)
//   hr-detail.js    the lead detail panel
//   hr-followup.js  the follow-up form in the detail panel
//   hr-retention.js the 还在岗吗 prompt for a hired lead seven days after its start date
//   hr-csv.js       the CSV export
//   hr-live.js      the live channel (lead_new) and the unseen count in the tab title
//   hr-format.js    how a lead is shown (shared by the above)
//
// Element ids / selectors (for tests):
//   #conn-banner          live channel state; hidden while connected (or signed out)
//   #lang-switch, #hr-logout-button
//   #hr-message           status/error line; data-kind = info | pending | ok | error;
//                         an unexpected error shows the server's `message` and `code`
//   #hr-login-section, #hr-login-form, #hr-token-input, #hr-login-button
//   #hr-panel             shown once the token was accepted
//   #hr-employer, #session-title, #session-status (data-session-status)
//   #leads-section        aria-busy="true" while a page of leads is loading
//   #leads-filters: #filter-q (name or phone digits), #filter-session (""=all | session id),
//                   #filter-status (""=all | a lead status), #filter-job (""=all | job id),
//                   #filter-since (date; leads created at or after local midnight of that day),
//                   #filter-reset, #leads-refresh, #csv-download
//   #leads-count, #leads-loading, #leads-empty, #load-more (hidden when nextCursor is null)
//   #leads-table > #leads-body > tr[data-lead-id][data-status]  (newest first); cells
//     td[data-field="createdAt|name|phone|job|status"]; the job cell names the lead's
//     session (.lead-row__session) when the list shows every session;
//     phone: a[data-phone="full"][href^="tel:"] or span[data-phone="masked"] (live leads);
//     [data-open-lead="<id>"] the 详情 button; tr.is-selected is the lead in the detail panel;
//     tr.is-live: arrived over the WebSocket during this visit (badge .lead-new until opened)
//   #lead-detail          data-lead-id, data-state = loading | ready | error
//     #lead-detail-name, #lead-detail-close, #lead-detail-loading,
//     #lead-detail-facts (div.fact[data-field=status|phone|job|note|createdAt|
//       updatedAt|id]), #lead-detail-status, #lead-detail-phone
//     #followup-list > li.followup[data-status] (oldest first), #followup-empty
//     #followup-form, #followup-fieldset (disabled until the lead is loaded / while saving),
//     #followup-status, #followup-note (maxlength 2000), #followup-count, #followup-submit

import { byId } from './dom.js';
import { HrApi } from './hr-api.js';
import { HrCsv } from './hr-csv.js';
import { HrDetail } from './hr-detail.js';
import { HrFilters } from './hr-filters.js';
import { HrFollowup } from './hr-followup.js';
import { HrRetention } from './hr-retention.js';
import { HrList } from './hr-list.js';
import { HrLive } from './hr-live.js';
import { HrLogin } from './hr-login.js';
import { HrSession } from './hr-session.js';
import { applyTranslations, onLangChange, t } from './i18n.js';
import { bindLangSwitch, sessionIdFromLocation } from './page.js';
import { makeStatusLine } from './status-line.js';

const sessionId = sessionIdFromLocation();

// -- the status line ----------------------------------------------------------------------

const status = makeStatusLine(byId('hr-message'));
const notify = (kind, text) => status.show(kind, text);

// -- widgets ------------------------------------------------------------------------------

const signOutInvalid = () => signOut(() => t('hr.msg.tokenInvalid'), 'error');

const api = new HrApi({ onUnauthorized: signOutInvalid });
const session = new HrSession({ sessionId, api, onJobsChange: () => filters.renderJobOptions() });
const filters = new HrFilters({ sessionId, jobs: () => session.knownJobs(), onChange: () => list.load() });
const list = new HrList({
  api, filters, session, notify,
  selectedId: () => detail.current?.id ?? null,
  onOpen: (id) => detail.open(id),
});
const detail = new HrDetail({
  api, list, session, notify,
  form: {
    clear: () => followup.clear(),
    preset: (value) => followup.preset(value),
    render: () => {
      followup.renderState();
      retention.render();
    },
  },
});
const followup = new HrFollowup({ api, list, detail, notify });
const retention = new HrRetention({ detail, followup });
new HrCsv({ sessionId, api, filters, notify, format: 'xlsx' });
new HrCsv({ sessionId, api, filters, notify });
const live = new HrLive({ sessionId, session, list, status, onUnauthorized: signOutInvalid });
const login = new HrLogin({
  notify,
  onToken: (token) => signIn(token),
  onLogout: () => signOut(() => t('hr.msg.loggedOut')),
});

// -- signing in and out -------------------------------------------------------------------

/** Ends the current sign-in (requests, live channel) and forgets everything it loaded. */
function teardown() {
  api.end();
  live.stop();
  session.reset();
  list.reset();
  detail.reset();
  followup.reset();
  live.reset();
  filters.reset();
  followup.clear();
  detail.render();
  session.render();
  filters.renderJobOptions();
  filters.renderSessionOptions();
  list.renderChrome();
  live.renderTitle();
}

/** Signs out: forgets the token and shows the sign-in form with `text()` (if any). */
function signOut(text = null, kind = 'info') {
  teardown();
  login.forget();
  login.showLogin();
  if (text) notify(kind, text);
  else status.clear();
}

async function signIn(token) {
  teardown();
  const current = api.begin(token);
  login.showChecking();
  notify('pending', () => t('hr.msg.signingIn'));
  session.load(current);
  // Once the titles are known, rows of every session name theirs.
  filters.loadSessions(api, current).then(() => { if (api.auth === current) list.renderRows(); });
  const ok = await list.load();
  if (api.auth !== current) return; // 401: signOut() has shown the form again
  login.showPanel();
  if (ok) status.clear();
  live.start(token);
}

// -- start --------------------------------------------------------------------------------

applyTranslations();
live.renderTitle();
followup.renderCount();
filters.renderJobOptions();
filters.renderSessionOptions();
bindLangSwitch(byId('lang-switch'));
onLangChange(() => {
  live.renderTitle();
  followup.renderCount();
  session.render();
  filters.renderJobOptions();
  filters.renderSessionOptions();
  list.renderRows();
  list.renderChrome();
  detail.render();
  status.refresh();
});

const savedToken = login.savedToken();
if (savedToken) {
  signIn(savedToken);
} else {
  status.clear();
  login.showLogin();
}
