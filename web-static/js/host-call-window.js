// Daigang — host-call-window.js
// The session's call window: how long a called viewer has to press 我在 before the turn passes
// on (`set_call_window` {seconds: 10–600 | null}; the current value comes with every `queue`).
//
// Element ids (host.html): #call-window-form, #call-window-seconds (number input),
// #call-window-save, #call-window-current

import { byId, setText } from './dom.js';
import { addMessages, formatNumber, t } from './i18n.js';

addMessages({
  zh: { 'callWindow.label': '叫号等待（秒）', 'callWindow.save': '保存', 'callWindow.current': '现在：叫号后 {n} 秒内未确认算未到' },
  en: { 'callWindow.label': 'Call window (seconds)', 'callWindow.save': 'Save', 'callWindow.current': 'Now: no answer within {n} s counts as a no-show' },
});

export class CallWindow {
  #command;
  #seconds = null;
  #els;

  /** @param {{command: (message: object, button?: HTMLButtonElement|null) => Promise<boolean>}} options */
  constructor({ command }) {
    this.#command = command;
    this.#els = {
      form: byId('call-window-form'),
      input: byId('call-window-seconds'),
      save: byId('call-window-save'),
      current: byId('call-window-current'),
    };
    this.#els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const seconds = Number(this.#els.input.value);
      if (Number.isInteger(seconds)) this.#command({ type: 'set_call_window', seconds }, this.#els.save);
    });
  }

  /** A `queue` message: carries the window in force. */
  update(message) {
    if (!Number.isInteger(message?.callWindowSeconds)) return;
    const first = this.#seconds === null;
    this.#seconds = message.callWindowSeconds;
    if (first || document.activeElement !== this.#els.input) this.#els.input.value = String(this.#seconds);
    this.render();
  }

  render() {
    setText(this.#els.current, this.#seconds === null ? '' : t('callWindow.current', { n: formatNumber(this.#seconds) }));
  }
}
