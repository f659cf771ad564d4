// Daigang — editor-dialog.js
// The shared part of the host's job and policy editors: a <dialog> holding a form; open it
// with an item, check the fields, send one command, show field errors next to their fields
// (client-side checks and the server's `bad_request` "field '…'" alike), close on `ok`.
// "Saved" is said only on `ok`, which the server sends once the change is durable; a refused
// save (e.g. `unavailable`, `session_closed`) keeps the dialog open with the edits and says
// that nothing changed; the page keeps showing the old value until a broadcast says otherwise.
// The concrete editors (job-editor.js, policy-editor.js) supply the fields. No ids of its own:
// every id comes from the concrete editor.

import { commandErrorText } from './command-errors.js';
import { DaigangError } from './connection.js';
import { byId, setText } from './dom.js';
import { clearFormErrors, fieldOfMessage, showFieldError } from './form-errors.js';
import { t } from './i18n.js';

export class EditorDialog {
  #dialog;
  #form;
  #formError;
  #save;
  #cancel;
  #idNode;
  #send;
  #notify;
  #spec;
  #item = null;
  #busy = false;

  /**
   * @param {object} options
   * @param {string} options.prefix      ids: #<prefix> (dialog), #<prefix>-form, #<prefix>-error,
   *                                     #<prefix>-save, #<prefix>-cancel, #<prefix>-id
   * @param {(message: object) => Promise<object>} options.send   sends a command; rejects with DaigangError
   * @param {(kind: string, text: () => string) => void} options.notify   the page's status line
   * @param {object} options.spec
   * @param {(item: object) => void} options.spec.fill          puts the item into the inputs
   * @param {() => {errors: Map<string, () => string>, build: (item: object) => object}} options.spec.read
   *        reads the inputs: field errors by field name, or how to build the command from the item
   * @param {(path: string) => string|null} options.spec.fieldOf  server field path → field name
   * @param {(field: string) => [HTMLElement, HTMLElement]|null} options.spec.nodesOf  input + error node
   */
  constructor({ prefix, send, notify, spec }) {
    this.#dialog = byId(prefix);
    this.#form = byId(`${prefix}-form`);
    this.#formError = byId(`${prefix}-error`);
    this.#save = byId(`${prefix}-save`);
    this.#cancel = byId(`${prefix}-cancel`);
    this.#idNode = byId(`${prefix}-id`);
    this.#send = send;
    this.#notify = notify;
    this.#spec = spec;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.#cancel.addEventListener('click', () => this.close());
  }

  get isOpen() { return this.#dialog.open; }
  /** The id of the item being edited, or null. */
  get itemId() { return this.#dialog.open ? this.#item?.id ?? null : null; }

  /** Opens the editor for `item` (a deep copy is kept; the latest version is merged on save). */
  open(item) {
    this.#item = structuredClone(item);
    clearFormErrors(this.#form);
    setText(this.#idNode, item.id);
    this.#spec.fill(this.#item);
    this.#setBusy(false);
    if (!this.#dialog.open) this.#dialog.showModal();
    this.#form.querySelector('input, textarea, select')?.focus();
  }

  close() {
    if (this.#dialog.open) this.#dialog.close();
    this.#item = null;
  }

  /** Another host changed the item while it is open here: keep the newest fields we do not edit. */
  refresh(item) {
    if (this.#item && item?.id === this.#item.id) this.#item = structuredClone(item);
  }

  #setBusy(busy) {
    this.#busy = busy;
    this.#save.disabled = busy;
    setText(this.#save, t(busy ? 'editor.saving' : 'editor.save'));
  }

  async #submit() {
    if (this.#busy || !this.#item) return;
    clearFormErrors(this.#form);
    const { errors, build } = this.#spec.read();
    if (errors.size > 0) {
      let first = null;
      for (const [field, text] of errors) {
        const nodes = this.#spec.nodesOf(field);
        if (!nodes) continue;
        showFieldError(nodes[0], nodes[1], text());
        first ??= nodes[0];
      }
      first?.focus();
      return;
    }
    this.#setBusy(true);
    try {
      await this.#send(build(this.#item));
      this.close();
      this.#notify('ok', () => t('editor.saved'));
    } catch (error) {
      this.#showError(error instanceof DaigangError ? error : new DaigangError('error', String(error)));
    } finally {
      this.#setBusy(false);
    }
  }

  #showError(error) {
    const path = error.code === 'bad_request' ? fieldOfMessage(error.message) : null;
    const field = path ? this.#spec.fieldOf(path) : null;
    const nodes = field ? this.#spec.nodesOf(field) : null;
    if (nodes) {
      showFieldError(nodes[0], nodes[1], t('editor.error.server', { message: error.message }));
      nodes[0].focus();
    } else {
      setText(this.#formError, commandErrorText(error));
      this.#formError.hidden = false;
    }
  }
}
