// Daigang — admin-list-filter.js
// A search box over one of the console's lists (场次, 企业). A season has some 50 sessions and
// 300 employers: too many to find one by scrolling. The filter keeps the items any of whose
// words (as the clerk sees them: name, status, district…) contain what was typed, ignoring case
// and spaces around it, and says how many it shows: "共 N 个" or "显示 M 个 / 共 N 个".
//
// Elements: an <input type="search"> and a line for the count (both given by the section).

export class ListFilter {
  #input; #count; #unit;

  /**
   * @param {HTMLInputElement} input the search box
   * @param {HTMLElement} count the line that tells how many are shown
   * @param {() => void} onChange called as the clerk types (the section renders again)
   * @param {string} unit the measure word in the count, e.g. "个"
   */
  constructor(input, count, onChange, unit = '个') {
    this.#input = input;
    this.#count = count;
    this.#unit = unit;
    input.addEventListener('input', () => onChange());
  }

  /** The items that match the box (all when it is empty), and the count line updated. */
  apply(items, wordsOf) {
    const query = this.#input.value.trim().toLowerCase();
    const shown = query
      ? items.filter((item) => wordsOf(item).some((word) => String(word ?? '').toLowerCase().includes(query)))
      : items;
    const total = `共 ${items.length} ${this.#unit}`;
    this.#count.textContent = !query ? total : shown.length ? `显示 ${shown.length} ${this.#unit} / ${total}` : `没有找到“${this.#input.value.trim()}” / ${total}`;
    this.#count.hidden = items.length === 0;
    return shown;
  }
}
