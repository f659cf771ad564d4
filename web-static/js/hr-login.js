// Daigang — hr-login.js
// Signing in and out on the HR page (hr.js): the token form (the token is checked for shape
// here, kept in sessionStorage only — never in the URL — and handed to `onToken`), the sign-out
// button (`onLogout`), and which of the sign-in form and the HR panel is shown.
//
// Element ids: #hr-login-section, #hr-login-form, #hr-token-input, #hr-login-button,
//   #hr-logout-button, #hr-panel (shown once the token was accepted)

import { byId } from './dom.js';
import { t } from './i18n.js';
import { sessionStore } from './storage.js';

const TOKEN_KEY = 'daigang.hrToken';

/** Tokens go into an HTTP header: printable ASCII only (anything else cannot be right). */
const TOKEN_PATTERN = /^[\x21-\x7e]{1,512}$/;

export class HrLogin {
  #els = {
    section: byId('hr-login-section'),
    form: byId('hr-login-form'),
    tokenInput: byId('hr-token-input'),
    button: byId('hr-login-button'),
    logout: byId('hr-logout-button'),
    panel: byId('hr-panel'),
  };

  /**
   * @param {object} options
   * @param {(kind: string, text: () => string) => void} options.notify   the status line
   * @param {(token: string) => void} options.onToken   a token was entered (and stored)
   * @param {() => void} options.onLogout
   */
  constructor({ notify, onToken, onLogout }) {
    const els = this.#els;
    els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = els.tokenInput.value.trim();
      els.tokenInput.value = '';
      if (!token) {
        notify('error', () => t('hr.msg.tokenRequired'));
        els.tokenInput.focus();
        return;
      }
      if (!TOKEN_PATTERN.test(token)) {
        notify('error', () => t('hr.msg.tokenInvalid'));
        els.tokenInput.focus();
        return;
      }
      sessionStore.set(TOKEN_KEY, token);
      onToken(token);
    });
    els.logout.addEventListener('click', () => onLogout());
  }

  /** The token kept from earlier in this tab, if it looks like one; else null. */
  savedToken() {
    const token = sessionStore.get(TOKEN_KEY);
    return token && TOKEN_PATTERN.test(token) ? token : null;
  }

  /** Forgets the kept token. */
  forget() {
    sessionStore.remove(TOKEN_KEY);
  }

  showLogin() {
    const els = this.#els;
    els.section.hidden = false;
    els.panel.hidden = true;
    els.logout.hidden = true;
    els.button.disabled = false;
    els.tokenInput.focus();
  }

  /** Hides the form while a token is being checked. */
  showChecking() {
    this.#els.section.hidden = true;
    this.#els.button.disabled = true;
  }

  /** The token was accepted. */
  showPanel() {
    const els = this.#els;
    els.button.disabled = false;
    els.section.hidden = true;
    els.panel.hidden = false;
    els.logout.hidden = false;
  }
}
