// Daigang — admin-format.js
// Words the console shows for the API's values (session statuses, roles, pay) and the viewer
// link of a session. No DOM ids.

export const STATUS_TEXT = { scheduled: '预告中', live: '直播中', ended: '已结束', closed: '已关闭' };
export const ROLE_TEXT = { organizer: '管理员', host: '主播', hr: '企业 HR' };
export const ACCOUNT_STATUS_TEXT = { active: '有效', expired: '已过期', revoked: '已作废' };
const UNIT_TEXT = { month: '月', day: '天', hour: '小时', piece: '件' };

/** "5000–7000 元/月" */
export function payText(pay) {
  if (!pay) return '';
  const range = pay.max && pay.max !== pay.min ? `${pay.min}–${pay.max}` : `${pay.min}`;
  return `${range} 元/${UNIT_TEXT[pay.unit] ?? pay.unit}`;
}

/**
 * The viewer link of a session as the server hands it out (starting with `server.publicURL` when
 * one is configured): the `og:url` of the viewer page for that session; this origin's link if the
 * page cannot be read.
 */
export async function viewerLink(sessionId) {
  const local = `${location.origin}/?session=${encodeURIComponent(sessionId)}`;
  try {
    const response = await fetch(`/?session=${encodeURIComponent(sessionId)}`, { cache: 'no-cache' });
    if (!response.ok) return local;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const shared = page.querySelector('meta[property="og:url"]')?.getAttribute('content');
    return shared && /^https?:\/\//.test(shared) ? shared : local;
  } catch {
    return local;
  }
}
