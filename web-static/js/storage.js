// Daigang — storage.js
// Thin wrappers around sessionStorage / localStorage that never throw: some in-app browsers
// (private mode, storage disabled) throw on access, and the pages must keep working without it.
// No DOM ids.

function storageOf(kind) {
  try {
    const storage = kind === 'local' ? window.localStorage : window.sessionStorage;
    const probe = '__daigang_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

function makeStore(kind) {
  let storage; // resolved lazily, once
  const get = () => (storage === undefined ? (storage = storageOf(kind)) : storage);
  return {
    /** @returns {string | null} */
    get(key) {
      try { return get()?.getItem(key) ?? null; } catch { return null; }
    },
    set(key, value) {
      try { get()?.setItem(key, value); } catch { /* quota or disabled: ignore */ }
    },
    remove(key) {
      try { get()?.removeItem(key); } catch { /* ignore */ }
    },
  };
}

/** Per-tab storage: resume tokens, the host token. */
export const sessionStore = makeStore('session');
/** Persistent storage: the language choice. */
export const localStore = makeStore('local');
