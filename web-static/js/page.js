// Daigang — page.js
// Page chrome shared by the viewer and host pages: which session, the language switch, the
// connection banner. Expects (when used) #lang-switch (a button) and #conn-banner.
//   #conn-banner: hidden while connected; otherwise shows 正在连接… / 重新连接中… or the
//   reason the session cannot be joined; data-state = connecting | reconnecting | failed.

import { hasMessage, lang, onLangChange, setLang, t } from './i18n.js';

// Which session: early-hello.js needs it before anything else loads, so it lives there.
export { DEFAULT_SESSION, sessionIdFromLocation } from './early-hello.js';

/** Makes `button` toggle between Chinese and English. Its label comes from data-i18n. */
export function bindLangSwitch(button) {
  button.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
}

/** The label for a session status (scheduled | live | ended | closed). */
export function statusLabel(status) {
  const key = `status.${status}`;
  return hasMessage(key) ? t(key) : String(status ?? '');
}

/** The sentence for a DaigangError that ended the connection for good. */
export function fatalMessage(error) {
  const key = `conn.failed.${error?.code}`;
  return hasMessage(key) ? t(key) : t('conn.failed', { message: error?.message ?? '' });
}

/**
 * Keeps `banner` in step with `conn`: hidden when ready, "connecting…" before the first
 * welcome, "reconnecting…" after a drop, the reason when the hello was refused for good.
 * @returns {() => void} unsubscribe
 */
export function bindConnBanner(banner, conn) {
  let everReady = false;
  let last = { state: conn.state, error: null };

  const render = () => {
    const { state, error } = last;
    if (state === 'ready') {
      everReady = true;
      banner.hidden = true;
      banner.dataset.state = 'ready';
      return;
    }
    let kind;
    let text;
    if (state === 'failed') {
      kind = 'failed';
      text = fatalMessage(error);
    } else if (state === 'stopped') {
      banner.hidden = true;
      banner.dataset.state = 'stopped';
      return;
    } else if (everReady) {
      kind = 'reconnecting';
      text = t('conn.reconnecting');
    } else {
      kind = 'connecting';
      text = t('conn.connecting');
    }
    banner.dataset.state = kind;
    banner.textContent = text;
    banner.hidden = false;
  };

  const offState = conn.on('state', (event) => { last = event; render(); });
  const offLang = onLangChange(render);
  render();
  return () => { offState(); offLang(); };
}
