// Daigang — hr-api.js
// The HR HTTP API (docs/PROTOCOL.md, "# Leads") for the HR page (hr.js): holds the current
// sign-in (the token and an AbortController for its requests) and sends the token as
// `Authorization: Bearer …`. A 401 calls `onUnauthorized` (hr.js signs out). Errors are ApiError.

import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The status-line sentence for an ApiError. */
export function errorText(error) {
  switch (error.code) {
    case 'network': return t('hr.msg.network');
    case 'unavailable': return t('hr.msg.unavailable');
    case 'not_found': return t('hr.msg.notFound');
    default: return t('hr.msg.error', { message: error.message, code: error.code });
  }
}

/** Errors that need no message of their own (the sign-out already said why). */
export function isSilent(error) {
  return error?.code === 'unauthorized' || error?.code === 'signed_out';
}

export class HrApi {
  /** The current sign-in: {token, abort: AbortController}, or null. */
  #auth = null;
  #onUnauthorized;

  /** @param {{onUnauthorized: () => void}} options */
  constructor({ onUnauthorized }) {
    this.#onUnauthorized = onUnauthorized;
  }

  /** The current sign-in (compare by identity to tell a stale answer), or null. */
  get auth() {
    return this.#auth;
  }

  /** Starts a sign-in with `token`; returns it. */
  begin(token) {
    this.#auth = { token, abort: new AbortController() };
    return this.#auth;
  }

  /** Ends the current sign-in, aborting its requests. */
  end() {
    const current = this.#auth;
    this.#auth = null;
    current?.abort.abort();
  }

  /**
   * Calls the HR HTTP API with the token in the Authorization header. A 401 signs out.
   * Resolves with the parsed JSON (or the Response when `raw`); rejects with ApiError.
   */
  async call(path, { method = 'GET', body, accept = 'application/json', raw = false } = {}) {
    const current = this.#auth;
    if (!current) throw new ApiError(0, 'signed_out', 'signed out');
    const headers = { Authorization: `Bearer ${current.token}`, Accept: accept };
    const init = { method, headers, signal: current.abort.signal, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      if (current.abort.signal.aborted) throw new ApiError(0, 'signed_out', 'signed out');
      throw new ApiError(0, 'network', error?.message ?? 'network error');
    }
    if (this.#auth !== current) throw new ApiError(0, 'signed_out', 'signed out');
    if (response.status === 401) {
      this.#onUnauthorized();
      throw new ApiError(401, 'unauthorized', 'unauthorized');
    }
    if (!response.ok) {
      let payload = null;
      try { payload = await response.json(); } catch { /* not JSON */ }
      throw new ApiError(response.status,
        typeof payload?.error === 'string' ? payload.error : `http_${response.status}`,
        typeof payload?.message === 'string' ? payload.message : response.statusText);
    }
    if (raw) return response;
    try {
      return await response.json();
    } catch {
      throw new ApiError(response.status, 'bad_response', 'the response is not JSON');
    }
  }
}
