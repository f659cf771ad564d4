// Daigang — command-errors.js
// The host's sentence for a refused command (an `error` reply, or a client-side failure such as
// `offline`): in the page's language for the codes and reasons a host can act on (status_order,
// session_closed, unavailable, not_found), else the server's English message with its code. Shared by
// host.js and the job/policy editors. No DOM ids.

import { t } from './i18n.js';

/** `conflict` reasons with a sentence of their own. */
const CONFLICT_REASONS = new Set(['status_order', 'session_closed']);

/** "操作失败：…（code）" for `error` (a DaigangError; `error.reply` is the `error` message). */
export function commandErrorText(error) {
  const code = error?.code ?? 'error';
  const reason = error?.reply?.reason;
  if (code === 'offline' || code === 'disconnected') return t('host.msg.offline');
  if (code === 'conflict' && CONFLICT_REASONS.has(reason)) {
    return t('host.msg.error', { message: t(`host.error.${reason}`), code: reason });
  }
  if (code === 'unavailable' || code === 'not_found') {
    return t('host.msg.error', { message: t(`host.error.${code}`), code });
  }
  return t('host.msg.error', { message: error?.message ?? '', code: reason ?? code });
}
