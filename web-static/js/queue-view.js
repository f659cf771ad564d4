// Daigang — queue-view.js
// The viewer's place in the live interview line (PROTOCOL.md "The interview line"):
// join with the lead id of an application (`queue_join` → `queue_ticket`), live position
// (`queue_position`), "your turn" (`queue_called`: a big banner, vibration and a short beep
// where the browser allows) confirmed with `queue_here`, `queue_leave`, the outcome
// (`queue_ended`), the paused line (`queue_status`, snapshot `queuePaused`), and the ticket
// restored after a reconnect (`welcome.ticket`).
//
// Element ids (index.html):
//   #queue-panel         data-state = none | waiting | called | here | ended; data-paused
//   #queue-paused        "the line is paused"
//   #queue-idle          the join block: #queue-join (加入连麦排队), #queue-intro
//   #queue-closed        why the line cannot be joined now (data-status = scheduled | ended |
//                        closed): the join button is hidden then. The line is open only while
//                        the session is live; a ticket already held is still shown.
//   #queue-status        the ticket block: #queue-ticket (data-ticket), #queue-position,
//                        #queue-ahead, #queue-eta, #queue-state-text, #queue-leave
//   #queue-outcome       data-reason = interviewed | no_show | skipped | left | lost | withdrawn
//                        (no_show with the call window when it timed out: "叫号后 N 秒内没有回应…";
//                        a ticket that ended while the page was away is told by `welcome.ticketEnded`)
//   #queue-error         a refused join/leave/here (role=alert)
//   #queue-turn          the "your turn" banner (shown in state called):
//                        #queue-turn-title, #queue-turn-message, #queue-turn-hint (how long
//                        there is to confirm), #queue-here (我在)

import { byId, setText } from './dom.js';
import { formatNumber, t } from './i18n.js';

const LIVE_STATES = new Set(['waiting', 'called', 'here']);

/** `queue_ended` or `welcome.ticketEnded` as {reason, windowSeconds}. */
function endingOf(message) {
  const windowSeconds = Number.isInteger(message.windowSeconds) ? message.windowSeconds : null;
  return { reason: String(message.reason ?? ''), windowSeconds };
}

/** The outcome in words; a timed-out call says how long the viewer had. */
function endingText({ reason, windowSeconds }) {
  if (reason === 'no_show' && windowSeconds) return t('queue.ended.no_show_window', { n: formatNumber(windowSeconds) });
  return t(`queue.ended.${reason}`);
}

export class QueueView {
  #conn;
  #leadId;
  #hasApplied;
  #lineClosed;
  #els;
  #ticket = null; // {ticket, state, position, ahead, etaSeconds, message}
  #ended = null; // {reason}
  #paused = false;
  #busy = false;
  #error = null; // () => text
  #audio = null;
  #onRender;

  /**
   * @param {object} options
   * @param {import('./connection.js').Connection} options.conn
   * @param {() => string|null} options.leadId     the application to join the line with
   * @param {() => boolean} options.hasApplied      whether to offer the line at all
   * @param {() => string|null} [options.lineClosed]  the session status that keeps the line
   *        closed (scheduled | ended | closed), or null while it is open
   * @param {() => void} [options.onRender]        after every render (the page title follows isTurn)
   */
  constructor({ conn, leadId, hasApplied, lineClosed = () => null, onRender = () => {} }) {
    this.#conn = conn;
    this.#onRender = onRender;
    this.#leadId = leadId;
    this.#hasApplied = hasApplied;
    this.#lineClosed = lineClosed;
    this.#els = {
      panel: byId('queue-panel'),
      paused: byId('queue-paused'),
      idle: byId('queue-idle'),
      join: byId('queue-join'),
      intro: byId('queue-intro'),
      closed: byId('queue-closed'),
      status: byId('queue-status'),
      ticket: byId('queue-ticket'),
      position: byId('queue-position'),
      ahead: byId('queue-ahead'),
      eta: byId('queue-eta'),
      stateText: byId('queue-state-text'),
      leave: byId('queue-leave'),
      outcome: byId('queue-outcome'),
      error: byId('queue-error'),
      turn: byId('queue-turn'),
      turnMessage: byId('queue-turn-message'),
      turnHint: byId('queue-turn-hint'),
      here: byId('queue-here'),
    };
    this.#els.join.addEventListener('click', () => this.#join());
    this.#els.leave.addEventListener('click', () => this.#leave());
    this.#els.here.addEventListener('click', () => this.#here());
    // Any tap while in line lets the page prepare the "your turn" sound (browsers allow audio
    // only after a user gesture); e.g. after a reload, when the join tap is long gone.
    document.addEventListener('pointerdown', () => { if (this.#ticket) this.#unlockAudio(); }, { passive: true });
    this.render();
  }

  /** Whether the viewer has been called and not yet confirmed. */
  get isTurn() { return this.#ticket?.state === 'called'; }

  /** After every (re)connect: the ticket the server still holds for us, and the pause flag. */
  fromWelcome(welcome) {
    this.#paused = welcome.snapshot?.queuePaused === true;
    const ticket = welcome.ticket;
    if (ticket && typeof ticket.ticket === 'number') {
      const wasCalled = this.#ticket?.state === 'called';
      this.#ticket = { ...ticket };
      this.#ended = null;
      if (ticket.state === 'called' && !wasCalled) this.#alert();
    } else if (welcome.ticketEnded && typeof welcome.ticketEnded.reason === 'string') {
      // It ended while we were away: the server says how (not "away too long").
      this.#ticket = null;
      this.#ended = endingOf(welcome.ticketEnded);
    } else if (this.#ticket && LIVE_STATES.has(this.#ticket.state)) {
      // We had a place but the server no longer has it (grace period over while away).
      this.#ticket = null;
      this.#ended = { reason: 'lost' };
    }
    this.render();
  }

  /** `queue_position` */
  position(message) {
    if (!this.#ticket || message.ticket !== this.#ticket.ticket) {
      this.#ticket = { ...message };
    } else {
      Object.assign(this.#ticket, pickTicket(message));
    }
    this.render();
  }

  /** `queue_called` */
  called(message) {
    const wasCalled = this.#ticket?.state === 'called';
    this.#ticket = { ...(this.#ticket ?? {}), ticket: message.ticket, state: 'called', message: message.message,
      windowSeconds: Number.isInteger(message.windowSeconds) ? message.windowSeconds : null };
    this.#ended = null;
    this.#error = null;
    this.render();
    if (!wasCalled) this.#alert();
  }

  /** `queue_ended` */
  ended(message) {
    if (this.#ticket && message.ticket !== this.#ticket.ticket) return;
    this.#ticket = null;
    this.#ended = endingOf(message);
    this.render();
  }

  /** `queue_status` */
  setPaused(paused) {
    this.#paused = paused === true;
    this.render();
  }

  render() {
    const els = this.#els;
    const ticket = this.#ticket;
    const state = ticket ? ticket.state : this.#ended ? 'ended' : 'none';
    els.panel.dataset.state = state;
    els.panel.dataset.paused = String(this.#paused);
    els.panel.hidden = !ticket && !this.#ended && !this.#hasApplied();

    const closedBy = this.#lineClosed();
    els.paused.hidden = !this.#paused || Boolean(closedBy && !ticket); // closed says more
    setText(els.paused, t(ticket ? 'queue.paused.holding' : 'queue.paused'));
    els.idle.hidden = Boolean(ticket);
    els.closed.hidden = !closedBy;
    els.closed.dataset.status = closedBy ?? '';
    setText(els.closed, closedBy ? t(`queue.closed.${closedBy}`) : '');
    els.intro.hidden = Boolean(closedBy);
    const canJoin = Boolean(this.#leadId()) && !closedBy;
    els.join.hidden = !canJoin;
    els.join.disabled = this.#busy || this.#paused || !canJoin;
    setText(els.join, t(this.#busy ? 'queue.joining' : this.#ended ? 'queue.rejoin' : 'queue.join'));

    els.status.hidden = !ticket;
    if (ticket) {
      els.ticket.dataset.ticket = String(ticket.ticket);
      setText(els.ticket, t('queue.ticket.value', { n: ticket.ticket }));
      const waiting = ticket.state === 'waiting';
      for (const node of [els.position, els.ahead, els.eta]) node.closest('.queue__fact').hidden = !waiting;
      setText(els.position, t('queue.position.value', { n: formatNumber(ticket.position ?? 0) }));
      setText(els.ahead, t('queue.ahead.value', { n: formatNumber(ticket.ahead ?? 0) }));
      setText(els.eta, formatEta(ticket.etaSeconds));
      setText(els.stateText, t(`queue.state.${ticket.state}`));
      els.leave.disabled = this.#busy;
    }

    els.outcome.hidden = Boolean(ticket) || !this.#ended;
    els.outcome.dataset.reason = this.#ended?.reason ?? '';
    if (this.#ended) setText(els.outcome, endingText(this.#ended));

    els.error.hidden = !this.#error;
    setText(els.error, this.#error ? this.#error() : '');

    const turn = ticket?.state === 'called';
    els.turn.hidden = !turn;
    els.here.disabled = this.#busy;
    setText(els.turnMessage, turn ? ticket.message || t('queue.turn.defaultMessage') : '');
    // How long the viewer has, when the server said (queue_called.windowSeconds).
    setText(els.turnHint, turn && ticket.windowSeconds
      ? t('queue.turn.hintWindow', { n: formatNumber(ticket.windowSeconds) }) : t('queue.turn.hint'));
    document.body.classList.toggle('has-turn', turn);
    this.#onRender();
  }

  // -- commands -----------------------------------------------------------------------------

  async #join() {
    const leadId = this.#leadId();
    if (!leadId || this.#busy) return;
    this.#unlockAudio(); // a user gesture: the one moment a browser lets a page prepare sound
    await this.#run({ type: 'queue_join', leadId }, (reply) => {
      this.#ticket = pickTicket(reply);
      this.#ended = null;
    });
  }

  async #leave() {
    if (!this.#ticket || this.#busy) return;
    const ticket = this.#ticket.ticket;
    await this.#run({ type: 'queue_leave', ticket }, () => {
      this.#ticket = null;
      this.#ended = { reason: 'left' };
    });
  }

  async #here() {
    if (!this.#ticket || this.#busy) return;
    const ticket = this.#ticket.ticket;
    await this.#run({ type: 'queue_here', ticket }, () => {
      if (this.#ticket?.ticket === ticket) this.#ticket.state = 'here';
    });
  }

  async #run(message, onOk) {
    this.#busy = true;
    this.#error = null;
    this.render();
    try {
      const reply = await this.#conn.request(message);
      onOk(reply);
    } catch (error) {
      this.#error = () => errorText(error, this.#paused);
    } finally {
      this.#busy = false;
      this.render();
    }
  }

  // -- "your turn" --------------------------------------------------------------------------

  #alert() {
    const here = this.#els.here;
    here.focus({ preventScroll: true });
    this.#els.turn.scrollIntoView({ block: 'nearest' });
    // Vibration: only once the user interacted with the page (else Chrome blocks and logs it).
    try {
      if (typeof navigator.vibrate === 'function' && navigator.userActivation?.hasBeenActive) {
        navigator.vibrate([400, 150, 400, 150, 400]);
      }
    } catch { /* not allowed here */ }
    this.#beep();
  }

  #unlockAudio() {
    if (this.#audio) {
      if (this.#audio.state === 'suspended') this.#audio.resume().catch(() => {});
      return;
    }
    const AudioContextClass = window.AudioContext ?? window.webkitAudioContext;
    if (!AudioContextClass) return;
    try {
      this.#audio = new AudioContextClass();
    } catch {
      this.#audio = null;
    }
  }

  /** Three short tones through WebAudio, if a user gesture unlocked audio earlier. */
  #beep() {
    const ctx = this.#audio;
    if (!ctx || ctx.state !== 'running') return;
    try {
      const start = ctx.currentTime + 0.05;
      for (let i = 0; i < 3; i += 1) {
        const at = start + i * 0.3;
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = i === 2 ? 1320 : 880;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
        osc.connect(gain).connect(ctx.destination);
        osc.start(at);
        osc.stop(at + 0.22);
      }
    } catch { /* no sound then */ }
  }
}

function pickTicket(message) {
  const ticket = {};
  for (const key of ['ticket', 'state', 'position', 'ahead', 'etaSeconds', 'message']) {
    if (message[key] !== undefined) ticket[key] = message[key];
  }
  return ticket;
}

/** "约 6 分钟", "不到 1 分钟", or "稍后估算" while the server has no estimate yet (null). */
export function formatEta(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return t('queue.eta.unknown');
  if (seconds < 60) return t('queue.eta.lessThanMinute');
  return t('queue.eta.minutes', { n: formatNumber(Math.round(seconds / 60)) });
}

function errorText(error, paused) {
  switch (error.code) {
    case 'conflict':
      if (paused || error.reply?.reason === 'queue_paused') return t('queue.paused');
      if (error.reply?.reason === 'queue_full') return t('queue.error.full');
      if (error.reply?.reason === 'session_not_live') return t('queue.closed.scheduled');
      if (error.reply?.reason === 'session_ended') return t('queue.closed.ended');
      if (error.reply?.reason === 'session_closed') return t('queue.closed.closed');
      return t('queue.error.other', { message: error.message });
    case 'not_found': return t('queue.error.not_found');
    case 'offline':
    case 'disconnected':
    case 'timeout': return t('queue.error.offline');
    case 'unavailable':
    case 'rate_limited': return t('queue.error.retry');
    default: return t('queue.error.other', { message: error.message });
  }
}
