// Daigang — early-hello.js
// The viewer's hello, sent while the page's other modules are still on their way. On a weak
// phone (800 ms round trips) the page's modules take several round trips; this module has no
// imports, so loaded with `<script type="module" async src="/js/early-hello.js">` in the head
// it runs after one, opens the WebSocket and says hello (compact welcome, with the resume
// token), and keeps what arrives until connection.js adopts the socket (`takeEarlySocket`).
// Pages that do not load it with a script tag (host, HR) get no early socket: importing it
// only gives the helpers below. No DOM ids.

export const SUBPROTOCOL = 'daigang.v1';
export const DEFAULT_SESSION = 'demo';
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The ref of the early hello; connection.js numbers its own requests from 1. */
export const EARLY_HELLO_REF = 0;

/** The session id from `?session=`, or "demo". */
export function sessionIdFromLocation(loc = window.location) {
  const requested = new URLSearchParams(loc.search).get('session');
  return requested && SESSION_ID.test(requested) ? requested : DEFAULT_SESSION;
}

/** ws: or wss: to match the page, same host, path /ws. */
export function socketUrlFor(loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws`;
}

/** Where the viewer page keeps its resume token (sessionStorage). */
export function resumeKeyFor(session) {
  return `daigang.resume.${session}`;
}

/** The viewer hello the page would send: compact welcome, resume token when there is one. */
export function viewerHello(session, resume) {
  const hello = { type: 'hello', session, role: 'viewer', catalog: 'http' };
  if (resume) hello.resume = resume;
  return hello;
}

function readResume(session) {
  try { return window.sessionStorage.getItem(resumeKeyFor(session)); } catch { return null; } // storage may be disabled
}

function openEarly() {
  if (!document.querySelector('script[src="/js/early-hello.js"]')) return null;
  const session = sessionIdFromLocation();
  let ws;
  try {
    ws = new WebSocket(socketUrlFor(), SUBPROTOCOL);
  } catch {
    return null;
  }
  const early = { ws, session, ref: EARLY_HELLO_REF, frames: [], isHelloSent: false, isClosed: false };
  ws.onopen = () => {
    ws.send(JSON.stringify({ ...viewerHello(session, readResume(session)), ref: EARLY_HELLO_REF }));
    early.isHelloSent = true;
  };
  ws.onmessage = (event) => early.frames.push(event.data);
  ws.onclose = () => { early.isClosed = true; };
  return early;
}

let early = openEarly();

/**
 * The early socket for `session`, once (null if there is none, it closed, or it was taken):
 * {ws, ref, frames (received so far, in order), isHelloSent}. The caller sets the socket's
 * handlers; while it is still opening, the caller's onopen sends the hello instead.
 */
export function takeEarlySocket(session) {
  const taken = early;
  early = null;
  if (!taken || taken.session !== session || taken.isClosed) {
    if (taken && !taken.isClosed) taken.ws.close(1000, 'not used');
    return null;
  }
  return taken;
}
