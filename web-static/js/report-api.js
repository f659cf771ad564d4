// Daigang — report-api.js
// Reading the bureau's figures (GET /api/board, /api/report, /api/report.xlsx) for board.js and report.js: an
// organizer's or host's token (docs/REPORTS.md) comes from this tab's sign-in to /admin or the host
// console, or from the token form; it goes in the Authorization header, never the URL.
//
// Element ids: #token-form, #token-input

import { byId } from './dom.js';
import { sessionStore } from './storage.js';

const TOKEN_KEY = 'daigang.hostToken';
/** The /admin console's sign-in (admin-api.js), tried first: an organizer reads every figure. */
const ADMIN_TOKEN_KEY = 'daigang.admin.token';

function storedToken() {
  return sessionStore.get(ADMIN_TOKEN_KEY) ?? sessionStore.get(TOKEN_KEY);
}

function forgetToken(token) {
  for (const key of [ADMIN_TOKEN_KEY, TOKEN_KEY]) {
    if (sessionStore.get(key) === token) sessionStore.remove(key);
  }
}

/** GET `path` with the token in the Authorization header, never cached. */
function fetchWithToken(path, token) {
  return fetch(path, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
}

/**
 * Fetches `path` with the signed-in token (null without one): for downloads beside the figures
 * (report-download.js), which the token form has already signed in.
 */
export function fetchSignedIn(path) {
  const token = storedToken();
  return token ? fetchWithToken(path, token) : Promise.resolve(null);
}

/**
 * Fetches `path` with the stored host token, asking for one when there is none or it was refused.
 * Calls `onFigures(json)` with each answer; `refreshSeconds` > 0 re-reads on that period.
 */
export function watchFigures(path, onFigures, onStatus, refreshSeconds = 0) {
  const form = byId('token-form');
  const input = byId('token-input');
  let timer = null;

  async function load() {
    const token = storedToken();
    if (!token) {
      form.hidden = false;
      return;
    }
    try {
      const response = await fetchWithToken(path, token);
      if (response.status === 401 || response.status === 403) {
        forgetToken(token);
        form.hidden = false;
        onStatus(response.status === 401 ? '令牌不对，请重新输入' : '这个账号不能看全局数据，请用组织方令牌');
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      form.hidden = true;
      onFigures(await response.json());
      onStatus(`更新于 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`);
    } catch {
      onStatus('暂时读不到数据，稍后自动重试');
    }
    if (refreshSeconds > 0) {
      clearTimeout(timer);
      timer = setTimeout(load, refreshSeconds * 1000);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    input.value = '';
    if (token) sessionStore.set(TOKEN_KEY, token);
    load();
  });
  load();
}

/** The colour's word, printed beside it (never colour alone). */
export const COLOUR_LABEL = { red: '缺工', yellow: '偏紧', green: '充足' };

/** A status chip: colour plus word; "未填人数" when no openings were stated. */
export function colourWord(colour) {
  return colour ? COLOUR_LABEL[colour] : '未填人数';
}
