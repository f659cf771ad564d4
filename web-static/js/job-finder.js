// Daigang — job-finder.js
// The viewer's way through a long job list on a phone (issue 12): a search box, filters
// (category, district, shift, minimum pay with its unit, dorm, couple rooms) folded under
// "筛选", and the matches 20 at a time with a "更多" button. Owns the controls it builds in
// #job-finder and the items of #job-list; the page hands it the jobs and how to draw one.
//
// Element ids (for tests):
//   #job-search                  search box (title, employer, tags, district, shift…)
//   #job-filters (<details>)     the filters: #job-filter-category, #job-filter-district,
//                                #job-filter-shift (selects, "" = any), #job-filter-pay (number)
//                                with #job-filter-pay-unit, #job-filter-dorm, #job-filter-couple
//                                (checkboxes), #job-filter-reset
//   #job-finder-count            "共 N 个岗位" / "找到 N 个岗位"; data-count = matches
//   #job-list-loading            shown while the list is still on its way (data-total = jobs)
//   #job-list-more               "更多" (shows PAGE_SIZE more; data-remaining)

import { byId, h, setChildren, setText } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { categoryLabel, emptyFilter, facets, findJobs, isFiltering, PAGE_SIZE, PAY_UNITS } from './job-search.js';

export class JobFinder {
  #root;
  #list;
  #empty;
  #renderItem;
  #filter = emptyFilter();
  #shown = PAGE_SIZE;
  #jobs = [];
  #loading = null; // {total} while the list is on its way
  #controls = null; // {search, category, district, shift, pay, unit, dorm, couple, count, loading, more}

  /**
   * @param {object} options
   * @param {HTMLElement} options.root      where the search box and filters go (#job-finder)
   * @param {HTMLElement} options.list      the <ul> of jobs (#job-list)
   * @param {HTMLElement} options.empty     "no jobs" note (#job-list-empty)
   * @param {(job: object) => Node} options.renderItem  one list item
   */
  constructor({ root, list, empty, renderItem }) {
    this.#root = root;
    this.#list = list;
    this.#empty = empty;
    this.#renderItem = renderItem;
    this.#build();
  }

  /** New jobs (or the same after an event); `loading` {total} while the full list is on its way. */
  update(jobs, { loading = null } = {}) {
    this.#jobs = jobs;
    this.#loading = loading;
    this.render();
  }

  /** Redraws the matches (after a filter change, an event, an apply). */
  render() {
    const c = this.#controls;
    const found = findJobs(this.#jobs, this.#filter);
    const shown = found.slice(0, this.#shown);
    setChildren(this.#list, shown.map((job) => this.#renderItem(job)));
    this.#empty.hidden = found.length > 0 || Boolean(this.#loading);
    if (this.#empty.hidden === false) setText(this.#empty, t(isFiltering(this.#filter) ? 'finder.none' : 'viewer.jobs.empty'));
    c.count.dataset.count = String(found.length);
    c.count.hidden = Boolean(this.#loading);
    setText(c.count, t(isFiltering(this.#filter) ? 'finder.found' : 'finder.total', { n: formatNumber(found.length) }));
    c.loading.hidden = !this.#loading;
    c.loading.dataset.total = String(this.#loading?.total ?? '');
    setText(c.loading, this.#loading ? t('finder.loading', { n: formatNumber(this.#loading.total ?? 0) }) : '');
    const remaining = found.length - shown.length;
    c.more.hidden = remaining <= 0;
    c.more.dataset.remaining = String(Math.max(remaining, 0));
    setText(c.more, t('finder.more', { n: formatNumber(Math.min(remaining, PAGE_SIZE)), left: formatNumber(remaining) }));
    this.#renderChoices();
  }

  /** The language changed: rebuild the controls' words, keep what was chosen. */
  relabel() {
    this.#build();
    this.render();
  }

  #changed() {
    this.#shown = PAGE_SIZE;
    this.render();
  }

  /** The select options from the jobs there are (the chosen value stays even if no job has it now). */
  #renderChoices() {
    const c = this.#controls;
    const { categories, districts, shifts } = facets(this.#jobs);
    const fill = (select, values, label) => {
      const key = values.join('\n');
      if (select.dataset.choices === key) return;
      select.dataset.choices = key;
      const current = select.value;
      setChildren(select, h('option', { value: '', text: t('finder.any') }),
        values.map((value) => h('option', { value, text: label(value) })));
      select.value = values.includes(current) ? current : '';
    };
    fill(c.category, categories, categoryLabel);
    fill(c.district, districts, (value) => value);
    fill(c.shift, shifts, (value) => value);
  }

  #build() {
    const filter = this.#filter;
    const select = (id, label) => h('label', { class: 'finder__field', for: id },
      h('span', { class: 'finder__label', text: t(label) }),
      h('select', { id, class: 'field__input finder__select' }));
    const check = (id, label, checked) => h('label', { class: 'finder__check', for: id },
      h('input', { id, type: 'checkbox', checked }), h('span', { text: t(label) }));
    const root = h('div', { class: 'finder' },
      h('input', {
        id: 'job-search', type: 'search', class: 'field__input finder__search', enterkeyhint: 'search',
        placeholder: t('finder.search.placeholder'), 'aria-label': t('finder.search.label'), value: filter.text,
      }),
      h('details', { id: 'job-filters', class: 'finder__filters', open: this.#controls?.filters.open ?? false },
        h('summary', { class: 'finder__summary', text: t('finder.filters') }),
        h('div', { class: 'finder__grid' },
          select('job-filter-category', 'finder.category'),
          select('job-filter-district', 'finder.district'),
          select('job-filter-shift', 'finder.shift'),
          h('div', { class: 'finder__field' },
            h('label', { class: 'finder__label', for: 'job-filter-pay', text: t('finder.pay') }),
            h('div', { class: 'finder__pay' },
              h('input', { id: 'job-filter-pay', type: 'number', min: '0', step: '1', inputmode: 'numeric', class: 'field__input', value: filter.payMin ?? '' }),
              h('select', { id: 'job-filter-pay-unit', class: 'field__input', 'aria-label': t('finder.pay.unit') },
                PAY_UNITS.map((unit) => h('option', { value: unit, text: t(`pay.unit.${unit}`), selected: unit === filter.payUnit }))))),
          check('job-filter-dorm', 'finder.dorm', filter.dorm),
          check('job-filter-couple', 'finder.couple', filter.coupleRooms)),
        h('button', { id: 'job-filter-reset', type: 'button', class: 'btn btn--ghost btn--block', text: t('finder.reset') })),
      h('p', { id: 'job-finder-count', class: 'finder__count', 'aria-live': 'polite' }),
      h('p', { id: 'job-list-loading', class: 'finder__loading', hidden: true }));
    const more = this.#controls?.more ?? h('button', { id: 'job-list-more', type: 'button', class: 'btn btn--block finder__more', hidden: true });
    setChildren(this.#root, root);
    if (!more.isConnected) this.#list.after(more);
    const c = {
      search: root.querySelector('#job-search'),
      filters: root.querySelector('#job-filters'),
      category: root.querySelector('#job-filter-category'),
      district: root.querySelector('#job-filter-district'),
      shift: root.querySelector('#job-filter-shift'),
      pay: root.querySelector('#job-filter-pay'),
      unit: root.querySelector('#job-filter-pay-unit'),
      dorm: root.querySelector('#job-filter-dorm'),
      couple: root.querySelector('#job-filter-couple'),
      count: root.querySelector('#job-finder-count'),
      loading: root.querySelector('#job-list-loading'),
      more,
    };
    this.#controls = c;
    this.#renderChoices();
    c.category.value = filter.category;
    c.district.value = filter.district;
    c.shift.value = filter.shift;
    c.search.addEventListener('input', () => { filter.text = c.search.value; this.#changed(); });
    c.category.addEventListener('change', () => { filter.category = c.category.value; this.#changed(); });
    c.district.addEventListener('change', () => { filter.district = c.district.value; this.#changed(); });
    c.shift.addEventListener('change', () => { filter.shift = c.shift.value; this.#changed(); });
    c.pay.addEventListener('input', () => {
      const value = Number.parseInt(c.pay.value, 10);
      filter.payMin = Number.isFinite(value) && value > 0 ? value : null;
      this.#changed();
    });
    c.unit.addEventListener('change', () => { filter.payUnit = c.unit.value; this.#changed(); });
    c.dorm.addEventListener('change', () => { filter.dorm = c.dorm.checked; this.#changed(); });
    c.couple.addEventListener('change', () => { filter.coupleRooms = c.couple.checked; this.#changed(); });
    root.querySelector('#job-filter-reset').addEventListener('click', () => {
      this.#filter = emptyFilter();
      this.#shown = PAGE_SIZE;
      this.relabel();
    });
    more.onclick = () => { this.#shown += PAGE_SIZE; this.render(); };
  }
}

/** The finder of the page whose #job-finder, #job-list and #job-list-empty it takes. */
export function makeJobFinder(renderItem) {
  return new JobFinder({ root: byId('job-finder'), list: byId('job-list'), empty: byId('job-list-empty'), renderItem });
}
