// Daigang — hometown-picker.js
// The optional 家乡 on the apply form: province → prefecture, two native <select>s (big, work in
// WeChat's browser, the phone's own wheel picker). The list (/data/divisions.json, GB/T 2260
// codes; web-static/data/README.md) is fetched only when the form first opens, gzip'd with an
// ETag, so the first page load does not carry it. The choice is a code: the prefecture's, or the
// province's when only the province is chosen (municipalities have no prefectures). It is counted
// only in the bureau's aggregates (docs/PRIVACY.md): no HR or host page shows it per person.
//
// Element ids (index.html): #apply-province, #apply-prefecture (select), #apply-hometown-status.

import { byId, setText } from './dom.js';
import { t } from './i18n.js';

export const DIVISIONS_URL = '/data/divisions.json';

export class HometownPicker {
  #province = byId('apply-province');
  #prefecture = byId('apply-prefecture');
  #status = byId('apply-hometown-status');
  /** @type {Promise<void>|null} */
  #loading = null;
  /** @type {{code: string, name: string, prefectures: [string, string, string][]}[]} */
  #provinces = [];

  constructor() {
    this.#province.addEventListener('change', () => this.#fillPrefectures());
    // A tap on the empty select before the list came: fetch now.
    this.#province.addEventListener('focus', () => this.load());
  }

  /** Fetches the list once (again after a failure); safe to call on every form opening. */
  load() {
    if (!this.#loading) {
      this.#loading = this.#fetch().catch(() => {
        this.#loading = null;
        setText(this.#status, t('apply.hometown.failed'));
        this.#status.hidden = false;
      });
    }
    return this.#loading;
  }

  /** The chosen code, or null: none chosen (hometown is optional). */
  get code() {
    return this.#prefecture.value || this.#province.value || null;
  }

  /** Back to "not chosen". */
  reset() {
    this.#province.value = '';
    this.#fillPrefectures();
  }

  async #fetch() {
    const response = await fetch(DIVISIONS_URL, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`divisions: ${response.status}`);
    const list = await response.json();
    this.#provinces = list.provinces;
    const chosen = this.#province.value;
    this.#province.replaceChildren(option('', t('apply.hometown.province')),
      ...list.provinces.map((p) => option(p.code, p.name)));
    this.#province.value = chosen;
    this.#province.disabled = false;
    this.#status.hidden = true;
    this.#fillPrefectures();
  }

  #fillPrefectures() {
    const province = this.#provinces.find((p) => p.code === this.#province.value);
    const prefectures = province?.prefectures ?? [];
    this.#prefecture.replaceChildren(option('', t(province && prefectures.length === 0 ? 'apply.hometown.whole' : 'apply.hometown.prefecture')),
      ...prefectures.map(([code, name]) => option(code, name)));
    this.#prefecture.disabled = prefectures.length === 0;
  }
}

function option(value, text) {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = text;
  return node;
}
