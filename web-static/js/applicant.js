// Daigang — applicant.js
// What the viewer page knows about the person on this device: the phone rule (the same as the
// server's, PROTOCOL.md "Applying"), the remembered name + phone (localStorage, until "forget
// me"), the applications made from this device (job id → lead id, per session), and the draft
// of the apply form (sessionStorage, so a reload does not lose what was typed). No DOM ids.

import { localStore, sessionStore } from './storage.js';

const PROFILE_KEY = 'daigang.applicant';
const DRAFT_KEY = 'daigang.applyDraft';
const appliedKey = (sessionId) => `daigang.applied.${sessionId}`;

export const NAME_MAX = 40;

/**
 * The 11 digits of a mainland mobile number, or null. Tolerates spaces (also U+3000), dashes
 * and a +86 / 86 prefix, exactly as the server does (DaigangCore PhoneNumber.normalize).
 */
export function normalizePhone(input) {
  let digits = '';
  let sawPlus = false;
  let index = 0;
  for (const ch of String(input ?? '')) {
    if (ch === '+' && index === 0) { sawPlus = true; index += 1; continue; }
    index += 1;
    if (ch === ' ' || ch === '-' || ch === '\u3000') continue;
    if (ch < '0' || ch > '9') return null;
    digits += ch;
  }
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  else if (sawPlus) return null;
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** `138****5678`. */
export function maskPhone(digits) {
  const value = normalizePhone(digits) ?? String(digits ?? '');
  return value.length === 11 ? `${value.slice(0, 3)}****${value.slice(7)}` : '****';
}

/** A name as the server counts it: trimmed, 1–40 characters; null if not acceptable. */
export function normalizeName(input) {
  const name = String(input ?? '').trim();
  const length = [...name].length;
  return length >= 1 && length <= NAME_MAX ? name : null;
}

function readJson(store, key) {
  const text = store.get(key);
  if (!text) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** The remembered {name, phone}, or null. */
export function loadProfile() {
  const value = readJson(localStore, PROFILE_KEY);
  const name = normalizeName(value?.name);
  const phone = normalizePhone(value?.phone);
  return name && phone ? { name, phone } : null;
}

export function saveProfile({ name, phone }) {
  localStore.set(PROFILE_KEY, JSON.stringify({ name, phone }));
}

/** The apply form as last typed in this tab: {name, phone}. */
export function loadDraft() {
  const value = readJson(sessionStore, DRAFT_KEY);
  return { name: typeof value?.name === 'string' ? value.name : '', phone: typeof value?.phone === 'string' ? value.phone : '' };
}

export function saveDraft(draft) {
  sessionStore.set(DRAFT_KEY, JSON.stringify({ name: draft.name ?? '', phone: draft.phone ?? '' }));
}

/** Applications from this device in a session: {jobId: {leadId, at}}. */
export function loadApplied(sessionId) {
  const value = readJson(localStore, appliedKey(sessionId)) ?? {};
  const result = {};
  for (const [jobId, entry] of Object.entries(value)) {
    if (entry && typeof entry.leadId === 'string') result[jobId] = { leadId: entry.leadId, at: Number(entry.at) || 0 };
  }
  return result;
}

export function recordApplied(sessionId, jobId, leadId) {
  const applied = loadApplied(sessionId);
  applied[jobId] = { leadId, at: Date.now() };
  localStore.set(appliedKey(sessionId), JSON.stringify(applied));
  return applied;
}

/** Removes one application record (after it was withdrawn); returns the records left. */
export function forgetApplied(sessionId, jobId) {
  const applied = loadApplied(sessionId);
  delete applied[jobId];
  localStore.set(appliedKey(sessionId), JSON.stringify(applied));
  return applied;
}

/** "Forget me": the remembered profile, the draft and this session's application records. */
export function forgetApplicant(sessionId) {
  localStore.remove(PROFILE_KEY);
  localStore.remove(appliedKey(sessionId));
  sessionStore.remove(DRAFT_KEY);
}
