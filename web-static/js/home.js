// Daigang — home.js — the front door (home.html, served at `/` without `session=`).
// Lists live and upcoming sessions (home-sessions.js); 进入 opens the viewer page /?session=ID.
// Element ids: #lang-switch; the list's own in home-sessions.js.

import { byId } from './dom.js';
import { HomeSessions } from './home-sessions.js';
import { applyTranslations, onLangChange } from './i18n.js';
import { bindLangSwitch } from './page.js';

const sessions = new HomeSessions();
applyTranslations();
bindLangSwitch(byId('lang-switch'));
onLangChange(() => sessions.render());
sessions.load();
