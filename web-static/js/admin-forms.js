// Daigang — admin-forms.js
// The console's forms: read named inputs into a JSON body (empty text left out), and put a
// server error next to the field it names (`.field__error[data-field=…]`), or in the form's
// `.form-error` when it names none. No DOM ids.

import { setChildren } from './dom.js';
import { clearFormErrors, showFieldError } from './form-errors.js';
import { errorText } from './admin-api.js';

/** The form's named inputs as {name: trimmed text}, without empty ones. */
export function formValues(form) {
  const values = {};
  for (const input of form.querySelectorAll('[name]')) {
    const text = String(input.value ?? '').trim();
    if (text) values[input.name] = text;
  }
  return values;
}

/**
 * Shows `error` at its field in `form`; returns the node it used. The server names body fields,
 * dotted for nested ones (`contact.phone`, `sessions[0]`): the most precise `.field__error` there
 * is takes it (`contact.phone`, else `contact`); an input answers to its name or `data-body-field`.
 */
export function showError(form, error) {
  clearFormErrors(form);
  const path = error?.field ? String(error.field).replace(/\[\d+\]/g, '') : '';
  const candidates = path ? [path, path.split(/[.[]/)[0]] : [];
  const field = candidates.find((name) => form.querySelector(`.field__error[data-field="${CSS.escape(name)}"]`)) ?? '';
  const node = (field && form.querySelector(`.field__error[data-field="${CSS.escape(field)}"]`))
    || form.querySelector('.form-error');
  const input = field
    ? form.querySelector(`[data-body-field="${CSS.escape(field)}"], [name="${CSS.escape(field)}"]`)
    : null;
  showFieldError(input, node, errorText(error));
  (input ?? node).scrollIntoView?.({ block: 'nearest' });
  return node;
}

/** Runs `action` with the form's submit button disabled; shows a failure next to its field. */
export async function submitting(form, action) {
  const button = form.querySelector('[type="submit"]');
  clearFormErrors(form);
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    showError(form, error);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** Shows a message in a standalone `.form-error` node (not in a form), or hides it for ''. */
export function showNote(node, text) {
  node.textContent = text ?? '';
  node.hidden = !text;
}

/** GETs `path` and returns its `key` list (or `fallback` on failure), showing a failure in `errorNode`. */
export async function fetchList(api, path, key, errorNode, fallback) {
  try {
    const list = (await api.get(path))[key] ?? [];
    showNote(errorNode, '');
    return list;
  } catch (error) {
    showNote(errorNode, errorText(error));
    return fallback;
  }
}

/**
 * Puts `rows` into `tbody`, keeping each row already shown that reads the same (`isEqualNode`):
 * a refresh then replaces only what changed, and a row the clerk is looking at (or a script holds)
 * stays the same node. Rows' buttons are handled by listeners on the table, not on the rows.
 */
export function setRows(tbody, rows) {
  const old = [...tbody.rows];
  setChildren(tbody, rows.map((row) => {
    const index = old.findIndex((shown) => shown.isEqualNode(row));
    return index < 0 ? row : old.splice(index, 1)[0];
  }));
}
