// Daigang — form-errors.js
// Field errors in forms: the server names the field in `bad_request` messages
// ("field 'phone' must be …", "field 'job.pay.min' must not exceed pay.max"); the pages show
// the error next to that field. An error node is a <p class="field__error"> whose id is
// referenced by its input's aria-describedby. No DOM ids of its own.

import { setText } from './dom.js';

/** The field path named by a server error message ("job.tags[0]" → "job.tags"), or null. */
export function fieldOfMessage(message) {
  const match = /field '([^']+)'/.exec(String(message ?? ''));
  return match ? match[1].replace(/\[\d+\]/g, '') : null;
}

/** Shows `text` in `errorNode` and marks `input` invalid. */
export function showFieldError(input, errorNode, text) {
  setText(errorNode, text);
  errorNode.hidden = false;
  if (input) input.setAttribute('aria-invalid', 'true');
}

/** Hides every .field__error / .form-error in `form` and clears aria-invalid. */
export function clearFormErrors(form) {
  for (const node of form.querySelectorAll('.field__error, .form-error')) {
    node.hidden = true;
    setText(node, '');
  }
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

/** Clears the error of one input (on typing). */
export function clearFieldError(input, errorNode) {
  input.removeAttribute('aria-invalid');
  errorNode.hidden = true;
  setText(errorNode, '');
}
