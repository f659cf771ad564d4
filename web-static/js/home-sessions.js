// Daigang — home-sessions.js
// The front door's session list (home.html): GET /api/sessions (docs/PROTOCOL.md, "The front
// door"), live sessions first under a red 直播中 badge, then upcoming ones with their start time
// in Beijing time and, for today's, a countdown. Each card has a big 进入 link to /?session=ID.
// An empty list says 暂无直播，敬请关注; a failed fetch shows a retry button.
//
// Element ids / selectors (for tests):
//   #home-sessions       data-state = loading | ready | empty | error; aria-busy while loading
//   #home-loading, #home-error (#home-retry), #home-empty
//   #home-live-heading, #home-live, #home-upcoming-heading, #home-upcoming
//   li.home-card[data-session-id][data-status]: .home-card__badge, .home-card__title,
//     .home-card__meta (host, start time), .home-card__counts, a.home-card__enter (href /?session=ID)

import { byId, h, setChildren } from './dom.js';
import { addMessages, formatNumber, lang, t } from './i18n.js';
import { statusLabel } from './page.js';

addMessages({
  zh: {
    'home.title': '直播带岗 · 招聘会',
    'home.heading': '直播招聘会',
    'home.loading': '正在加载…',
    'home.error': '暂时打不开列表，请检查网络。',
    'home.retry': '重试',
    'home.empty': '暂无直播，敬请关注',
    'home.live': '正在直播',
    'home.upcoming': '即将开始',
    'home.enter': '进入',
    'home.host': '主播：{host}',
    'home.counts': '{employers} 家企业 · {jobs} 个岗位',
    'home.startsAt': '开始时间：{time}（北京时间）',
    'home.countdown': '还有 {h} 小时 {m} 分开始',
    'home.countdown.soon': '马上开始',
  },
  en: {
    'home.title': 'Live job fairs',
    'home.heading': 'Live job fairs',
    'home.loading': 'Loading…',
    'home.error': 'The list cannot be loaded. Check your network.',
    'home.retry': 'Try again',
    'home.empty': 'No live sessions now. Please check back soon.',
    'home.live': 'Live now',
    'home.upcoming': 'Coming up',
    'home.enter': 'Enter',
    'home.host': 'Host: {host}',
    'home.counts': '{employers} employers · {jobs} jobs',
    'home.startsAt': 'Starts {time} (Beijing time)',
    'home.countdown': 'Starts in {h} h {m} min',
    'home.countdown.soon': 'Starting soon',
  },
});

const BEIJING = 'Asia/Shanghai';

/** `YYYY-MM-DD` of `ms` in Beijing time. */
function beijingDay(ms) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: BEIJING, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** A start time people read: month, day and clock time in Beijing time. */
function beijingTime(ms) {
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: BEIJING, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(ms);
}

function isListing(value) {
  return value && typeof value.id === 'string' && value.id && typeof value.title === 'string'
    && (value.status === 'live' || value.status === 'scheduled');
}

export class HomeSessions {
  #els = {
    section: byId('home-sessions'),
    loading: byId('home-loading'),
    error: byId('home-error'),
    retry: byId('home-retry'),
    empty: byId('home-empty'),
    liveHeading: byId('home-live-heading'),
    live: byId('home-live'),
    upcomingHeading: byId('home-upcoming-heading'),
    upcoming: byId('home-upcoming'),
  };
  /** The sessions as last fetched, or null before the first answer. */
  #sessions = null;
  #state = 'loading';

  constructor() {
    this.#els.retry.addEventListener('click', () => this.load());
    // The countdowns move on by themselves; a minute is their precision.
    setInterval(() => { if (this.#state === 'ready') this.render(); }, 30_000);
  }

  async load() {
    this.#setState('loading');
    try {
      const response = await fetch('/api/sessions', { credentials: 'omit' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      this.#sessions = Array.isArray(data?.sessions) ? data.sessions.filter(isListing) : [];
      this.#setState(this.#sessions.length ? 'ready' : 'empty');
    } catch (error) {
      console.warn('daigang: cannot load the sessions', error);
      this.#setState('error');
    }
  }

  #setState(state) {
    this.#state = state;
    this.render();
  }

  render() {
    const els = this.#els;
    const state = this.#state;
    els.section.dataset.state = state;
    els.section.setAttribute('aria-busy', String(state === 'loading'));
    els.loading.hidden = state !== 'loading';
    els.error.hidden = state !== 'error';
    els.empty.hidden = state !== 'empty';
    const sessions = state === 'ready' ? this.#sessions : [];
    const live = sessions.filter((s) => s.status === 'live');
    const upcoming = sessions.filter((s) => s.status === 'scheduled');
    els.liveHeading.hidden = live.length === 0;
    els.upcomingHeading.hidden = upcoming.length === 0;
    setChildren(els.live, live.map((s) => this.#card(s)));
    setChildren(els.upcoming, upcoming.map((s) => this.#card(s)));
  }

  #card(session) {
    const meta = [];
    if (typeof session.hostName === 'string' && session.hostName) meta.push(t('home.host', { host: session.hostName }));
    const startsAt = Number(session.startsAt);
    const lines = [];
    if (session.status === 'scheduled' && Number.isFinite(startsAt) && startsAt > 0) {
      lines.push(h('p', { class: 'home-card__meta', text: t('home.startsAt', { time: beijingTime(startsAt) }) }));
      const left = startsAt - Date.now();
      if (beijingDay(startsAt) === beijingDay(Date.now()) && left > -60_000) {
        const minutes = Math.max(0, Math.ceil(left / 60_000));
        const text = minutes < 1 ? t('home.countdown.soon')
          : t('home.countdown', { h: Math.floor(minutes / 60), m: minutes % 60 });
        lines.push(h('p', { class: 'home-card__meta home-card__countdown', text }));
      }
    }
    return h('li', { class: 'home-card', 'data-session-id': session.id, 'data-status': session.status },
      h('span', { class: 'home-card__badge', text: statusLabel(session.status) }),
      h('h3', { class: 'home-card__title', text: session.title }),
      meta.length ? h('p', { class: 'home-card__meta', text: meta.join(' · ') }) : null,
      lines,
      h('p', { class: 'home-card__counts', text: t('home.counts', {
        employers: formatNumber(Number(session.employers) || 0), jobs: formatNumber(Number(session.jobs) || 0),
      }) }),
      // A relative link: it stays on the address the viewer used (the server's `link` may be the public one).
      h('a', { class: 'btn btn--primary home-card__enter', href: `/?session=${encodeURIComponent(session.id)}`, text: t('home.enter') }));
  }
}
