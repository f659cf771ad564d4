// Daigang — confirm-dialog.js
// "Are you sure?" before a host action that viewers feel at once and that may not be undone
// (ending the stream, closing the session, withdrawing a job). A modal <dialog> with a title,
// a plain-language consequence and two big buttons; Esc or Cancel answers no. Texts are given
// as functions so a language switch re-renders an open dialog.
//
// Element ids (host.html):
//   #confirm-dialog (<dialog>, data-action = the action being confirmed, e.g. status-ended,
//   status-closed, withdraw-job), #confirm-dialog-title, #confirm-dialog-text,
//   #confirm-dialog-note (an optional second line), #confirm-dialog-ok, #confirm-dialog-cancel

import { byId, setText } from './dom.js';
import { onLangChange } from './i18n.js';

export class ConfirmDialog {
  #els;
  #open = null; // {texts, resolve}

  constructor() {
    this.#els = {
      dialog: byId('confirm-dialog'),
      title: byId('confirm-dialog-title'),
      text: byId('confirm-dialog-text'),
      note: byId('confirm-dialog-note'),
      ok: byId('confirm-dialog-ok'),
      cancel: byId('confirm-dialog-cancel'),
    };
    this.#els.ok.addEventListener('click', () => this.#answer(true));
    this.#els.cancel.addEventListener('click', () => this.#answer(false));
    // Esc: the browser closes the dialog; answer no. (`close` fires later, as a task: by then a
    // new question may have reopened the dialog, which this one must not answer.)
    this.#els.dialog.addEventListener('close', () => { if (!this.#els.dialog.open) this.#answer(false); });
    onLangChange(() => this.#render());
  }

  /**
   * Asks; resolves true only when the host pressed the confirm button.
   * @param {object} texts
   * @param {string} texts.action            data-action of the dialog (for tests and styling)
   * @param {() => string} texts.title
   * @param {() => string} texts.text       the consequence, in plain words
   * @param {(() => string)|null} [texts.note]
   * @param {() => string} texts.ok         the confirm button's label (names the action)
   * @param {() => string} texts.cancel
   * @returns {Promise<boolean>}
   */
  ask(texts) {
    this.#answer(false); // at most one question at a time
    return new Promise((resolve) => {
      this.#open = { texts, resolve };
      this.#render();
      if (!this.#els.dialog.open) this.#els.dialog.showModal();
      // The safe answer has the focus: Enter does not end a live stream by accident.
      this.#els.cancel.focus();
    });
  }

  /** Closes an open question (answered no), e.g. when the connection drops. */
  close() {
    this.#answer(false);
  }

  #render() {
    if (!this.#open) return;
    const { texts } = this.#open;
    const els = this.#els;
    els.dialog.dataset.action = texts.action;
    setText(els.title, texts.title());
    setText(els.text, texts.text());
    const note = texts.note ? texts.note() : '';
    setText(els.note, note);
    els.note.hidden = !note;
    setText(els.ok, texts.ok());
    setText(els.cancel, texts.cancel());
  }

  #answer(yes) {
    const open = this.#open;
    if (!open) return;
    this.#open = null;
    if (this.#els.dialog.open) this.#els.dialog.close();
    this.#els.dialog.dataset.action = '';
    open.resolve(yes);
  }
}
