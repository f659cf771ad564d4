// Daigang — admin-time.js
// The console speaks Beijing time (UTC+8, no daylight saving) whatever the clerk's computer is set
// to; the API speaks milliseconds since the epoch. No DOM ids.

const OFFSET_MS = 8 * 3600 * 1000;

/** `<input type="datetime-local">` value ("2026-12-05T09:30") read as Beijing time → ms, or null. */
export function msFromBeijingInput(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value ?? '');
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi) - OFFSET_MS;
}

/** ms → "2026-12-05 09:30" in Beijing time; '' for nothing. */
export function beijingText(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const date = new Date(ms + OFFSET_MS);
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} `
    + `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
}
