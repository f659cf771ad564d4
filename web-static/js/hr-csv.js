// Daigang — hr-csv.js
// The export buttons of the HR page (hr.js): GET /api/leads.xlsx (the workbook for people) or
// /api/leads.csv (for tools) for the current filters, fetched with the Authorization header (a
// plain link cannot send it) and saved through a Blob. One instance per button.
//
// Element ids: #csv-download, #xlsx-download

import { errorText, isSilent } from './hr-api.js';
import { byId } from './dom.js';
import { pad } from './hr-format.js';
import { saveBlob } from './save-file.js';
import { t } from './i18n.js';

/**
 * fetch() hands header values over as bytes read as Latin-1. A server that puts raw UTF-8 in
 * a header (rather than percent-encoding it) gets its text back here; anything else is kept.
 */
function latin1AsUtf8(text) {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  } catch {
    return text;
  }
}

/** The file name from Content-Disposition (filename* first), or null. */
function filenameFrom(header) {
  if (!header) return null;
  const disposition = latin1AsUtf8(header);
  let name = null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try { name = decodeURIComponent(extended[1].trim()); } catch { name = null; }
  }
  if (!name) {
    const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
    name = plain ? plain[1].trim() : null;
  }
  // eslint-disable-next-line no-control-regex
  const safe = name?.replace(/[\\/\u0000-\u001f\u007f]/g, '_').trim();
  return safe || null;
}

const ACCEPT = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export class HrCsv {
  #button;
  #format;
  #sessionId;
  #api;
  #filters;
  #notify;

  /**
   * @param {object} options
   * @param {string} options.sessionId
   * @param {import('./hr-api.js').HrApi} options.api
   * @param {import('./hr-filters.js').HrFilters} options.filters
   * @param {(kind: string, text: () => string) => void} options.notify   the status line
   * @param {'csv'|'xlsx'} [options.format]
   */
  constructor({ sessionId, api, filters, notify, format = 'csv' }) {
    this.#format = format;
    this.#button = byId(`${format}-download`);
    this.#sessionId = sessionId;
    this.#api = api;
    this.#filters = filters;
    this.#notify = notify;
    this.#button.addEventListener('click', () => this.#download());
  }

  #fallbackFilename() {
    const now = new Date();
    return `leads-${this.#sessionId}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}.${this.#format}`;
  }

  /** GET /api/leads.{csv,xlsx} with the header (a plain link cannot send it), saved via a Blob URL. */
  async #download() {
    const button = this.#button;
    if (button.disabled) return;
    button.disabled = true;
    this.#notify('pending', () => t('hr.msg.exporting'));
    try {
      const response = await this.#api.call(`/api/leads.${this.#format}?${this.#filters.query(this.#filters.current())}`,
        { accept: ACCEPT[this.#format], raw: true });
      const blob = await response.blob();
      const name = filenameFrom(response.headers.get('Content-Disposition')) ?? this.#fallbackFilename();
      saveBlob(blob, name);
      this.#notify('ok', () => t('hr.msg.exported', { file: name }));
    } catch (error) {
      if (!isSilent(error)) this.#notify('error', () => errorText(error));
    } finally {
      button.disabled = false;
    }
  }
}
