// Daigang — status-line.js
// The one-line message area of the host and HR pages (#host-message, #hr-message): shows what
// just happened (info | pending | ok | error in data-kind) and re-translates on a language switch.

import { setText } from './dom.js';

/**
 * Binds a status line to `element`. `show(kind, text)` takes `text` as a function so the message
 * can be rendered again in the other language; `refresh()` does that.
 */
export function makeStatusLine(element) {
  let last = null;
  return {
    show(kind, text) {
      last = { kind, text };
      element.dataset.kind = kind;
      setText(element, text());
      element.hidden = false;
    },
    clear() {
      last = null;
      element.hidden = true;
      element.dataset.kind = '';
      setText(element, '');
    },
    refresh() {
      if (last) this.show(last.kind, last.text);
    },
    /** The kind currently shown, or null. */
    get kind() {
      return last ? last.kind : null;
    },
  };
}
