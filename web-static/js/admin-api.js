// Daigang — admin-api.js
// The admin HTTP API (docs/PROTOCOL.md, "Admin API", "Accounts API") for the organizer console:
// holds the organizer token (in sessionStorage only, never in a URL) and sends it as
// `Authorization: Bearer …`. Every failure becomes an AdminError naming the field the server
// named (`field` in the body, or "field 'x' …" in the message). A 401 calls `onUnauthorized`.

import { fieldOfMessage } from './form-errors.js';
import { sessionStore } from './storage.js';

const TOKEN_KEY = 'daigang.admin.token';

export class AdminError extends Error {
  /** @param {number} status @param {object} body the server's JSON error ({error, message, field?, errors?}) */
  constructor(status, body) {
    super(body?.message || body?.error || `HTTP ${status}`);
    this.name = 'AdminError';
    this.status = status;
    this.code = body?.error ?? 'network';
    this.field = body?.field ?? fieldOfMessage(body?.message);
    this.body = body ?? {};
  }
}

/** Plain Chinese for an error that names no field. */
export function errorText(error) {
  if (!(error instanceof AdminError)) return `出错了：${error?.message ?? error}`;
  switch (error.code) {
    case 'network': return '连不上服务器，请检查网络后再试。';
    case 'unavailable': return '服务器暂时存不了，什么都没有改动；请稍后再试。';
    case 'forbidden': return `没有权限：${error.message}`;
    case 'not_found': return `找不到：${error.message}`;
    case 'conflict': return `不能这样做：${error.message}`;
    case 'rate_limited': return `登录失败次数太多，请稍后再试。`;
    default: return error.message;
  }
}

export class AdminApi {
  #token = sessionStore.get(TOKEN_KEY);
  #onUnauthorized;

  constructor({ onUnauthorized }) {
    this.#onUnauthorized = onUnauthorized;
  }

  get isSignedIn() { return Boolean(this.#token); }

  signIn(token) {
    this.#token = token;
    sessionStore.set(TOKEN_KEY, token);
  }

  signOut() {
    this.#token = null;
    sessionStore.remove(TOKEN_KEY);
  }

  get(path) { return this.#send('GET', path); }
  post(path, json) { return this.#send('POST', path, json); }
  patch(path, json) { return this.#send('PATCH', path, json); }
  put(path, json) { return this.#send('PUT', path, json); }
  delete(path) { return this.#send('DELETE', path); }

  /** Uploads raw bytes (a job sheet); the server judges the format by content. */
  upload(path, file) { return this.#send('POST', path, undefined, file); }

  /** Downloads a file the API serves behind the token (the template) as a Blob. */
  async download(path) {
    const response = await this.#fetch('GET', path);
    return response.blob();
  }

  async #send(method, path, json, raw) {
    const response = await this.#fetch(method, path, json, raw);
    const text = await response.text();
    return text ? JSON.parse(text) : {};
  }

  async #fetch(method, path, json, raw) {
    const headers = { authorization: `Bearer ${this.#token ?? ''}` };
    let body;
    if (json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(json); }
    if (raw !== undefined) { headers['content-type'] = 'application/octet-stream'; body = raw; }
    let response;
    try {
      response = await fetch(path, { method, headers, body, cache: 'no-store' });
    } catch {
      throw new AdminError(0, null);
    }
    if (response.ok) return response;
    let parsed = null;
    try { parsed = await response.json(); } catch { parsed = { error: 'http', message: `HTTP ${response.status}` }; }
    const error = new AdminError(response.status, parsed);
    if (response.status === 401) this.#onUnauthorized(error);
    throw error;
  }
}
