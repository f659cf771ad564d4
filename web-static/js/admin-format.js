// Daigang — admin-format.js
// Words the console shows for the API's values: session statuses, roles, pay. No DOM ids.

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

/** The viewer link of a session: the server's (publicURL-based) when it gives one, else this origin. */
export function viewerLink(session) {
  const given = session?.viewerURL ?? session?.links?.viewer ?? session?.shareURL;
  if (typeof given === 'string' && /^https?:\/\//.test(given)) return given;
  const base = session?.publicURL ?? location.origin;
  return `${String(base).replace(/\/$/, '')}/?session=${encodeURIComponent(session.id)}`;
}
