// Daigang — save-file.js
// Saves downloaded bytes as a file: a fetch with an Authorization header cannot be a plain link,
// so the answer's Blob goes through an object URL and a clicked <a download> (kept a minute for
// slow phones, then revoked). Used by the HR export, the /admin job-sheet template and /report.

import { h } from './dom.js';

/** Offers `blob` to the user as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
