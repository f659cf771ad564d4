// Daigang — admin.js
// Entry of the organizer console (/admin): sign-in, the three tabs, and the wiring between the
// sections (sessions and employers feed the account form's scope choices; an import refreshes
// the session). Holds no state of its own beyond which tab shows.
//
// Element ids (admin.html): #signin-section, #signin-form, #signin-token, #signin-error,
//   #admin-panel, #admin-logout, #admin-message, .admin-tab[data-tab], #tab-<name>

import { byId } from './dom.js';
import { AdminApi, errorText } from './admin-api.js';
import { AccountsSection } from './admin-accounts.js';
import { EmployersSection } from './admin-employers.js';
import { ImportPanel } from './admin-import.js';
import { SessionsSection } from './admin-sessions.js';
import { TokenDialog } from './admin-token-dialog.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { showFieldError } from './form-errors.js';

const api = new AdminApi({ onUnauthorized: () => signOut('口令无效或已失效，请重新登录。') });
const confirm = new ConfirmDialog();
const accounts = new AccountsSection({ api, confirm, tokenDialog: new TokenDialog() });
const employers = new EmployersSection({ api, confirm, onChange: (list) => accounts.setEmployers(list) });
const importer = new ImportPanel({ api, onImported: (id) => sessions.open(id).then(() => sessions.refresh()) });
const sessions = new SessionsSection({
  api, confirm, onImport: (session) => importer.open(session), onChange: (list) => accounts.setSessions(list),
});

function showTab(name) {
  for (const tab of document.querySelectorAll('.admin-tab')) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  for (const section of document.querySelectorAll('.admin-section')) section.hidden = section.id !== `tab-${name}`;
}

function signOut(reason) {
  api.signOut();
  byId('admin-panel').hidden = true;
  byId('admin-logout').hidden = true;
  byId('signin-section').hidden = false;
  if (reason) showFieldError(byId('signin-token'), byId('signin-error'), reason);
}

async function enter() {
  // One request checks the token before the console shows.
  try {
    await api.get('/api/admin/sessions');
  } catch (error) {
    if (error.status !== 401) signOut(errorText(error));
    return;
  }
  byId('signin-section').hidden = true;
  byId('signin-error').hidden = true;
  byId('admin-panel').hidden = false;
  byId('admin-logout').hidden = false;
  await Promise.all([sessions.refresh(), employers.refresh(), accounts.refresh()]);
}

byId('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = byId('signin-token').value.trim();
  if (!token) return;
  byId('signin-token').value = '';
  api.signIn(token);
  enter();
});
byId('admin-logout').addEventListener('click', () => signOut(''));
for (const tab of document.querySelectorAll('.admin-tab')) tab.addEventListener('click', () => showTab(tab.dataset.tab));

if (api.isSignedIn) enter();
