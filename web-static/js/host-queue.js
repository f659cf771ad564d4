// Daigang — host-queue.js
// The host's interview-line panel (PROTOCOL.md "The interview line", Host): the entries from
// `queue` messages, call next / call this ticket (with an optional message), done with an
// outcome (interviewed | no_show | skipped), requeue front/back, pause/resume, and
// `queue_notice` events as a toast plus a short log.
//
// Element ids / selectors (host.html):
//   #queue-panel          data-paused = true | false
//   #queue-paused-state   "line open" / "line paused"; #queue-waiting-count
//   #queue-controls       <fieldset>, disabled while not connected
//   #queue-call-message   optional message for the next call (≤ 500)
//   #queue-call-next, #queue-pause, #queue-resume (one of the two hidden)
//   #queue-empty, #queue-list > li.queue-entry[data-ticket][data-state][data-connected]
//     buttons [data-queue-action="call|interviewed|no_show|skipped|front|back"][data-ticket]
//     (only those that fit the entry's state are rendered)
//   #queue-toast          the latest notice (data-event = here | left | no_show | dropped)
//   #queue-log > li[data-event][data-ticket], #queue-log-empty

import { byId, h, setChildren, setText } from './dom.js';
import { formatNumber, formatTime, hasMessage, isoTime, t } from './i18n.js';

const MAX_LOG = 30;
const TOAST_MS = 8000;

/** "3分12秒" / "3m 12s". */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h_ = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h_ > 0) return t('duration.hours', { h: h_, m });
  if (m > 0) return t('duration.minutes', { m, s });
  return t('duration.seconds', { s });
}

/** Which buttons an entry gets, by state. */
const ACTIONS = {
  waiting: [['call', 'host.queue.call', 'btn--primary'], ['skipped', 'host.queue.skip', ''],
    ['front', 'host.queue.front', 'btn--ghost'], ['back', 'host.queue.back', 'btn--ghost']],
  called: [['interviewed', 'host.queue.done', 'btn--primary'], ['no_show', 'host.queue.noShow', 'btn--danger'],
    ['skipped', 'host.queue.skip', ''], ['front', 'host.queue.front', 'btn--ghost'], ['back', 'host.queue.back', 'btn--ghost']],
  here: [['interviewed', 'host.queue.done', 'btn--primary'], ['skipped', 'host.queue.skip', ''],
    ['front', 'host.queue.front', 'btn--ghost'], ['back', 'host.queue.back', 'btn--ghost']],
};

export class HostQueue {
  #command;
  #els;
  #entries = [];
  #paused = false;
  #log = []; // {ticket, name, event, at}
  #toastTimer = null;
  #clock = null;

  /**
   * @param {object} options
   * @param {(message: object, button?: HTMLButtonElement) => Promise<boolean>} options.command
   *        sends a host command and reports its outcome in the status line
   */
  constructor({ command }) {
    this.#command = command;
    this.#els = {
      panel: byId('queue-panel'),
      pausedState: byId('queue-paused-state'),
      waitingCount: byId('queue-waiting-count'),
      controls: byId('queue-controls'),
      callMessage: byId('queue-call-message'),
      callNext: byId('queue-call-next'),
      pause: byId('queue-pause'),
      resume: byId('queue-resume'),
      empty: byId('queue-empty'),
      list: byId('queue-list'),
      toast: byId('queue-toast'),
      log: byId('queue-log'),
      logEmpty: byId('queue-log-empty'),
    };
    this.#els.controls.addEventListener('click', (event) => this.#clicked(event));
    this.render();
  }

  /** Enables the buttons while connected. */
  setEnabled(enabled) {
    this.#els.controls.disabled = !enabled;
  }

  /** A `queue` message: the whole line. */
  update(message) {
    this.#entries = Array.isArray(message.entries) ? message.entries : [];
    if (typeof message.paused === 'boolean') this.#paused = message.paused;
    this.render();
  }

  /** `queue_status` broadcast, or `queuePaused` from the snapshot. */
  setPaused(paused) {
    this.#paused = paused === true;
    this.render();
  }

  /** `queue_notice`: a toast and a log line. */
  notice(message) {
    const item = { ticket: message.ticket, name: message.name ?? '', event: String(message.event ?? ''), at: Date.now() };
    this.#log.push(item);
    this.#log = this.#log.slice(-MAX_LOG);
    this.#renderLog();
    const toast = this.#els.toast;
    toast.dataset.event = item.event;
    toast.dataset.ticket = String(item.ticket);
    setText(toast, noticeText(item));
    toast.hidden = false;
    clearTimeout(this.#toastTimer);
    this.#toastTimer = setTimeout(() => { toast.hidden = true; }, TOAST_MS);
  }

  render() {
    const els = this.#els;
    els.panel.dataset.paused = String(this.#paused);
    setText(els.pausedState, t(this.#paused ? 'host.queue.pausedState' : 'host.queue.open'));
    els.pausedState.dataset.paused = String(this.#paused);
    els.pause.hidden = this.#paused;
    els.resume.hidden = !this.#paused;
    const waiting = this.#entries.filter((entry) => entry.state === 'waiting').length;
    setText(els.waitingCount, t('host.queue.waitingCount', { n: formatNumber(waiting) }));
    els.callNext.disabled = waiting === 0;
    els.empty.hidden = this.#entries.length > 0;
    setChildren(els.list, this.#entries.map((entry) => this.#renderEntry(entry)));
    this.#renderLog();
    this.#tickClock();
  }

  // -- internals ----------------------------------------------------------------------------

  #renderEntry(entry) {
    const state = String(entry.state ?? 'waiting');
    const stateKey = `host.queue.state.${state}`;
    const since = state === 'waiting' ? entry.waitingSince : entry.calledAt ?? entry.waitingSince;
    const sinceKey = state === 'waiting' ? 'host.queue.waited' : 'host.queue.calledFor';
    const connected = entry.connected === true;
    return h('li', {
      class: 'queue-entry', 'data-ticket': entry.ticket, 'data-state': state, 'data-connected': String(connected),
      'data-lead-id': entry.leadId,
    },
    h('div', { class: 'queue-entry__main' },
      h('span', { class: 'queue-entry__ticket', text: `#${entry.ticket}` }),
      h('span', { class: 'queue-entry__who' },
        h('span', { class: 'queue-entry__name', text: entry.name }),
        h('span', { class: 'queue-entry__phone', text: entry.phoneMasked })),
      h('span', { class: 'queue-entry__state', 'data-state': state, text: hasMessage(stateKey) ? t(stateKey) : state }),
      h('span', {
        class: 'queue-entry__conn', 'data-connected': String(connected),
        text: t(connected ? 'host.queue.connected' : 'host.queue.disconnected'),
      })),
    h('div', { class: 'queue-entry__meta' },
      h('span', { class: 'queue-entry__job', text: entry.jobTitle }),
      typeof since === 'number'
        ? h('span', { class: 'queue-entry__since', 'data-since': since, 'data-key': sinceKey, text: '' })
        : null),
    h('div', { class: 'queue-entry__actions' },
      (ACTIONS[state] ?? []).map(([action, label, kind]) => h('button', {
        type: 'button',
        class: `btn btn--small ${kind}`.trim(),
        'data-queue-action': action,
        'data-ticket': entry.ticket,
        text: t(label),
      }))));
  }

  #renderLog() {
    const els = this.#els;
    setChildren(els.log, [...this.#log].reverse().map((item) =>
      h('li', { class: 'queue-log__item', 'data-event': item.event, 'data-ticket': item.ticket },
        h('time', { class: 'queue-log__time', datetime: isoTime(item.at), text: formatTime(item.at) }),
        h('span', { text: noticeText(item) }))));
    els.logEmpty.hidden = this.#log.length > 0;
    if (!els.toast.hidden && els.toast.dataset.event) {
      const latest = this.#log[this.#log.length - 1];
      if (latest) setText(els.toast, noticeText(latest));
    }
  }

  /** Keeps "waited 3m 12s" current: once a second while anyone is in line. */
  #tickClock() {
    const update = () => {
      const now = Date.now();
      for (const node of this.#els.list.querySelectorAll('[data-since]')) {
        setText(node, t(node.dataset.key, { time: formatDuration(now - Number(node.dataset.since)) }));
      }
    };
    update();
    if (this.#entries.length > 0 && !this.#clock) this.#clock = setInterval(update, 1000);
    if (this.#entries.length === 0 && this.#clock) {
      clearInterval(this.#clock);
      this.#clock = null;
    }
  }

  #clicked(event) {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button || button.disabled) return;
    const message = this.#els.callMessage.value.trim();
    const withMessage = (command) => (message ? { ...command, message } : command);
    if (button === this.#els.callNext) {
      this.#command(withMessage({ type: 'queue_call' }), button);
    } else if (button === this.#els.pause) {
      this.#command({ type: 'queue_pause' }, button);
    } else if (button === this.#els.resume) {
      this.#command({ type: 'queue_resume' }, button);
    } else if (button.dataset.queueAction) {
      const ticket = Number(button.dataset.ticket);
      const action = button.dataset.queueAction;
      if (action === 'call') this.#command(withMessage({ type: 'queue_call', ticket }), button);
      else if (action === 'front' || action === 'back') this.#command({ type: 'queue_requeue', ticket, to: action }, button);
      else this.#command({ type: 'queue_done', ticket, outcome: action }, button);
    }
  }
}

function noticeText(item) {
  const key = `host.queue.notice.${item.event}`;
  const params = { ticket: item.ticket, name: item.name, event: item.event };
  return t(hasMessage(key) ? key : 'host.queue.notice.other', params);
}
