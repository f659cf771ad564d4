// Daigang — connection.js
// A reusable client for the `daigang.v1` WebSocket protocol (docs/PROTOCOL.md):
//   - URL from `location` (ws:/wss: to match http:/https:, same host, path /ws);
//   - sends `hello` first and waits for `welcome` before reporting 'ready';
//   - keeps the viewer's resume token (sessionStorage) and sends it on every reconnect;
//   - reconnects with exponential backoff and jitter, sooner when the browser comes back
//     online or the tab becomes visible again;
//   - `request()` adds a `ref` and returns a promise settled by the reply with that ref
//     (`ok`/`welcome` resolve, `error` rejects with a DaigangError carrying `code`);
//   - every other server message is emitted by its `type` (broadcasts, `counters`, and
//     `error`s without a known ref); broadcasts' `seq` is tracked and a gap emits 'gap'.
// Owns no DOM ids; pages render from its events.
//
// Events (conn.on(name, handler) returns an unsubscribe function):
//   'state'   {state, attempt, delayMs, error}   state: idle | connecting | ready | waiting |
//                                                 stopped | failed
//   'welcome' the welcome message (after every (re)connect: re-render from welcome.snapshot)
//   'fatal'   DaigangError — hello was refused for good (unauthorized, not_found, …); no retry
//   'gap'     {expected, got} — broadcasts were coalesced by the server
//   'close'   {code, reason, wasClean}
//   '<type>'  any server message type: job_pinned, policy_shown, announcement, session_status,
//             job_updated, policy_updated, counters, error, …
//   'message' every server message (after its typed event)

import { SUBPROTOCOL, socketUrlFor } from './early-hello.js';
import { sessionStore } from './storage.js';

export { SUBPROTOCOL, socketUrlFor };

/** Largest text frame the server accepts (PROTOCOL.md: 64 KiB, else close 1009). */
const MAX_FRAME_BYTES = 64 * 1024;

/** The longest wait for a socket to open or for the welcome, however many attempts failed. */
const MAX_FIRST_RESPONSE_MS = 120_000;

/** Hello errors worth retrying; any other hello error is final. */
const RETRYABLE_HELLO_CODES = new Set(['rate_limited', 'unavailable', 'timeout', 'disconnected']);

/** A protocol `error` reply, or a client-side failure (code offline, timeout, disconnected,
 *  stopped, too_large). `message` is English, for people; act on `code`. */
export class DaigangError extends Error {
  constructor(code, message, reply = null) {
    super(message || code);
    this.name = 'DaigangError';
    this.code = code;
    this.reply = reply;
  }
}

/**
 * Delay before reconnect attempt number `attempt` (0-based): exponential, capped, with "equal
 * jitter" (half fixed, half random) so thousands of viewers dropped at once by a server restart
 * do not all come back in the same instant.
 */
export function backoffDelay(attempt, { initialMs = 1000, maxMs = 30000, factor = 2 } = {}, random = Math.random) {
  const base = Math.min(maxMs, initialMs * factor ** Math.min(attempt, 30));
  return Math.round(base / 2 + random() * (base / 2));
}

export class Connection {
  #url;
  #session;
  #role;
  #token;
  #resumeKey;
  #backoff;
  #requestTimeoutMs;
  #catalog;
  #early;
  /** The welcome's pending request (ref), so frames arriving meanwhile can extend its wait. */
  #helloRef = null;

  #ws = null;
  #state = 'idle';
  #attempt = 0;
  #retryTimer = null;
  #openTimer = null;
  #nextRef = 1;
  #pending = new Map(); // ref → {resolve, reject, timer}
  #listeners = new Map(); // event name → Set<handler>
  #lastSeq = null;
  #windowHooks = null;

  /** The viewer id from the last welcome (null before). */
  viewerId = null;
  /** Whether the last welcome restored an earlier identity. */
  resumed = false;

  /**
   * @param {object} options
   * @param {string} options.session            session id
   * @param {'viewer'|'host'} [options.role]     default 'viewer'
   * @param {string} [options.token]            host token (role 'host')
   * @param {string|null} [options.resumeKey]   sessionStorage key for the resume token; null: none
   * @param {string} [options.url]              default: socketUrlFor(location)
   * @param {object} [options.backoff]          {initialMs, maxMs, factor}
   * @param {number} [options.requestTimeoutMs] default 10000; the first attempt's wait for the
   *        socket and for the welcome, doubled on every further attempt (up to 2 minutes) so a
   *        slow network gets there instead of starting over
   * @param {'http'} [options.catalog]          'http': a compact welcome; the jobs come over HTTP
   * @param {object|null} [options.early]       a socket that early-hello.js opened (and maybe
   *        said hello on) for this session: adopted by the first attempt
   */
  constructor({ session, role = 'viewer', token, resumeKey = null, url, backoff = {}, requestTimeoutMs = 10000, catalog, early = null }) {
    this.#session = session;
    this.#early = early;
    this.#catalog = catalog;
    this.#role = role;
    this.#token = token;
    this.#resumeKey = resumeKey;
    this.#url = url ?? socketUrlFor();
    this.#backoff = backoff;
    this.#requestTimeoutMs = requestTimeoutMs;
  }

  get state() { return this.#state; }
  get isReady() { return this.#state === 'ready'; }
  /** The `seq` of the last broadcast applied (or of the welcome snapshot). */
  get lastSeq() { return this.#lastSeq; }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on(name, handler) {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Connects (again) unless already running. */
  start() {
    if (this.#state !== 'idle' && this.#state !== 'stopped' && this.#state !== 'failed') return;
    this.#attempt = 0;
    this.#installWindowHooks();
    this.#connect();
  }

  /** Closes for good (no reconnect) and rejects pending requests. */
  stop() {
    this.#shutDown('stopped', null);
  }

  /** Skips the current backoff wait, if any. */
  retryNow() {
    if (this.#state === 'waiting') this.#connect();
  }

  /**
   * Sends a message with a fresh `ref`; resolves with the reply, rejects with DaigangError.
   * Only once 'ready' (after welcome); otherwise rejects at once with code 'offline'.
   */
  request(message, { timeoutMs = this.#requestTimeoutMs } = {}) {
    if (this.#state !== 'ready') {
      return Promise.reject(new DaigangError('offline', 'not connected'));
    }
    return this.#send(message, timeoutMs);
  }

  // -- internals -------------------------------------------------------------------------

  #emit(name, payload) {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(payload);
      } catch (error) {
        console.error(`daigang: '${name}' handler failed`, error);
      }
    }
  }

  #setState(state, extra = {}) {
    this.#state = state;
    this.#emit('state', { state, attempt: this.#attempt, delayMs: null, error: null, ...extra });
  }

  #connect() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#setState('connecting');
    const early = this.#early;
    this.#early = null;
    if (early && !early.isClosed) {
      this.#adopt(early);
      return;
    }
    let ws;
    try {
      ws = new WebSocket(this.#url, SUBPROTOCOL);
    } catch (error) {
      console.error('daigang: cannot open WebSocket', error);
      this.#scheduleRetry();
      return;
    }
    this.#ws = ws;
    // A weak network can leave a socket "connecting" for minutes; give up sooner and retry.
    this.#openTimer = setTimeout(() => { if (this.#ws === ws) ws.close(); }, this.#firstResponseMs());
    ws.onopen = () => {
      clearTimeout(this.#openTimer);
      if (this.#ws === ws) this.#sendHello(ws);
    };
    ws.onmessage = (event) => { if (this.#ws === ws) this.#receive(event.data); };
    ws.onclose = (event) => { if (this.#ws === ws) this.#closed(event); };
    ws.onerror = () => { /* a close event always follows */ };
  }

  /**
   * Takes over the socket early-hello.js opened: if its hello is out, waits for that welcome and
   * replays what already arrived; if it is still opening, says hello itself once it opens.
   */
  #adopt(early) {
    const { ws, frames } = early;
    this.#ws = ws;
    const live = (event) => { if (this.#ws === ws) this.#receive(event.data); };
    ws.onmessage = live;
    ws.onclose = (event) => { if (this.#ws === ws) this.#closed(event); };
    ws.onerror = () => { /* a close event always follows */ };
    if (!early.isHelloSent) {
      this.#openTimer = setTimeout(() => { if (this.#ws === ws) ws.close(); }, this.#firstResponseMs());
      ws.onopen = () => {
        clearTimeout(this.#openTimer);
        if (this.#ws === ws) this.#sendHello(ws);
      };
      return;
    }
    this.#awaitWelcome(ws, early.ref, this.#expectReply(early.ref, this.#firstResponseMs()));
    // Replay what already arrived one frame per task (so the welcome is handled before the
    // broadcasts after it, as when frames arrive live); frames arriving meanwhile queue behind.
    ws.onmessage = (event) => frames.push(event.data);
    const replay = () => {
      if (this.#ws !== ws) return;
      if (frames.length === 0) {
        ws.onmessage = live;
        return;
      }
      this.#receive(frames.shift());
      setTimeout(replay, 0);
    };
    replay();
  }

  #sendHello(ws) {
    const hello = { type: 'hello', session: this.#session, role: this.#role };
    if (this.#token) hello.token = this.#token;
    const resume = this.#resumeKey ? sessionStore.get(this.#resumeKey) : null;
    if (resume) hello.resume = resume;
    if (this.#catalog) hello.catalog = this.#catalog;
    const ref = this.#nextRef; // the ref #send gives it
    this.#awaitWelcome(ws, ref, this.#send(hello, this.#firstResponseMs()));
  }

  /** Handles the reply to the hello with `ref` on `ws` (pending as `reply`). */
  #awaitWelcome(ws, ref, reply) {
    this.#helloRef = ref;
    reply.then(
      (welcome) => { if (this.#ws === ws) this.#welcomed(welcome); },
      (error) => { if (this.#ws === ws) this.#helloFailed(ws, error); },
    ).finally(() => { if (this.#helloRef === ref) this.#helloRef = null; });
  }

  /**
   * How long to wait for the socket to open and for the welcome: the request timeout on the
   * first attempt, doubled on each retry up to 2 minutes. A weak network then gets through on a
   * later attempt instead of timing out and downloading the same bytes again and again.
   */
  #firstResponseMs() {
    return Math.min(this.#requestTimeoutMs * 2 ** Math.min(this.#attempt, 8), MAX_FIRST_RESPONSE_MS);
  }

  /** Any frame while the welcome is awaited shows the link works: its wait starts afresh. */
  #extendHelloWait() {
    const pending = this.#helloRef === null ? null : this.#pending.get(this.#helloRef);
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      this.#pending.delete(this.#helloRef);
      pending.reject(new DaigangError('timeout', 'no reply from the server'));
    }, this.#firstResponseMs());
  }

  #welcomed(welcome) {
    if (this.#resumeKey && typeof welcome.resume === 'string') {
      sessionStore.set(this.#resumeKey, welcome.resume);
    }
    this.viewerId = welcome.viewerId ?? null;
    this.resumed = welcome.resumed === true;
    const seq = welcome.snapshot?.seq;
    this.#lastSeq = typeof seq === 'number' ? seq : null;
    this.#attempt = 0;
    // 'ready' before the welcome handlers run, so they may send requests;
    // the 'state' event after them, so the UI is filled in before banners hide.
    this.#state = 'ready';
    this.#emit('welcome', welcome);
    this.#setState('ready');
  }

  #helloFailed(ws, error) {
    if (RETRYABLE_HELLO_CODES.has(error.code)) {
      ws.close(1000, 'retry hello'); // → #closed → backoff
    } else {
      this.#shutDown('failed', error);
      this.#emit('fatal', error);
    }
  }

  #receive(data) {
    if (typeof data !== 'string') return;
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn('daigang: ignoring a frame that is not JSON');
      return;
    }
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    if (message.type !== 'welcome') this.#extendHelloWait();

    if (message.ref !== undefined && this.#pending.has(message.ref)) {
      const { resolve, reject, timer } = this.#pending.get(message.ref);
      this.#pending.delete(message.ref);
      clearTimeout(timer);
      if (message.type === 'error') {
        reject(new DaigangError(String(message.code ?? 'error'), message.message, message));
      } else {
        resolve(message);
      }
      this.#emit('message', message);
      return;
    }

    if (typeof message.seq === 'number') {
      if (this.#lastSeq !== null) {
        if (message.seq <= this.#lastSeq) return; // already covered by the snapshot
        if (message.seq > this.#lastSeq + 1) {
          this.#emit('gap', { expected: this.#lastSeq + 1, got: message.seq });
        }
      }
      this.#lastSeq = message.seq;
    }
    this.#emit(message.type, message);
    this.#emit('message', message);
  }

  #closed(event) {
    clearTimeout(this.#openTimer);
    this.#ws = null;
    this.#rejectPending('disconnected', 'connection closed');
    this.#emit('close', { code: event.code, reason: event.reason, wasClean: event.wasClean });
    if (this.#state !== 'stopped' && this.#state !== 'failed') this.#scheduleRetry();
  }

  #scheduleRetry() {
    const delayMs = backoffDelay(this.#attempt, this.#backoff);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => this.#connect(), delayMs);
    this.#setState('waiting', { delayMs });
  }

  #send(message, timeoutMs) {
    const ws = this.#ws;
    const ref = this.#nextRef++;
    const text = JSON.stringify({ ...message, ref });
    if (new TextEncoder().encode(text).length > MAX_FRAME_BYTES) {
      return Promise.reject(new DaigangError('too_large', 'message larger than 64 KiB'));
    }
    const reply = this.#expectReply(ref, timeoutMs);
    try {
      ws.send(text);
    } catch {
      const { reject, timer } = this.#pending.get(ref);
      clearTimeout(timer);
      this.#pending.delete(ref);
      reject(new DaigangError('disconnected', 'connection closed'));
    }
    return reply;
  }

  /** A promise settled by the reply with `ref` (or rejected with `timeout` after `timeoutMs`). */
  #expectReply(ref, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(ref);
        reject(new DaigangError('timeout', 'no reply from the server'));
      }, timeoutMs);
      this.#pending.set(ref, { resolve, reject, timer });
    });
  }

  #rejectPending(code, text) {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject, timer } of pending) {
      clearTimeout(timer);
      reject(new DaigangError(code, text));
    }
  }

  #shutDown(state, error) {
    clearTimeout(this.#openTimer);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#removeWindowHooks();
    const ws = this.#ws;
    this.#ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, state);
    this.#rejectPending(state, `connection ${state}`);
    this.#setState(state, { error });
  }

  #installWindowHooks() {
    if (this.#windowHooks) return;
    const online = () => this.retryNow();
    const visibility = () => { if (document.visibilityState === 'visible') this.retryNow(); };
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visibility);
    this.#windowHooks = { online, visibility };
  }

  #removeWindowHooks() {
    if (!this.#windowHooks) return;
    window.removeEventListener('online', this.#windowHooks.online);
    document.removeEventListener('visibilitychange', this.#windowHooks.visibility);
    this.#windowHooks = null;
  }
}
