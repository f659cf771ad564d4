// Daigang — hr-format.js
// How the HR page (hr.js) shows a lead: dates, lead statuses, phone numbers, and the order of
// the leads table. Shared by the list (hr-list.js), the detail (hr-detail.js) and the follow-up
// form (hr-followup.js).

import { h } from './dom.js';
import { formatTime, hasMessage, t } from './i18n.js';

export const LEAD_STATUSES = ['new', 'contacted', 'interview_scheduled', 'agreed', 'hired', 'rejected', 'unreachable'];

/** Today's date in Beijing (UTC+8), `YYYY-MM-DD`: the calendar start dates and the 还在岗吗 day use. */
export function beijingToday(now = Date.now()) {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Whether the page asks 还在岗吗 for `lead`: hired, its ask day (start + 7) reached, not answered. */
export function asksRetention(lead, today = beijingToday()) {
  return Boolean(lead) && lead.status === 'hired' && typeof lead.retained_7d !== 'boolean'
    && typeof lead.retentionAskDate === 'string' && lead.retentionAskDate <= today;
}

export const pad = (n) => String(n).padStart(2, '0');

/** "11-24 14:05" (this year) or "2025-11-24 14:05" (another year, or `withYear`). */
export function formatDateTime(ms, withYear = false) {
  const date = new Date(ms);
  if (typeof ms !== 'number' || Number.isNaN(date.getTime())) return '';
  const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const year = withYear || date.getFullYear() !== new Date().getFullYear() ? `${date.getFullYear()}-` : '';
  return `${year}${day} ${formatTime(ms)}`;
}

export function leadStatusLabel(status) {
  const key = `lead.status.${status}`;
  return hasMessage(key) ? t(key) : String(status ?? '');
}

export function statusBadge(status, id = null) {
  return h('span', { class: 'lead-status', 'data-status': status, id, text: leadStatusLabel(status) });
}

/** A tel: link for the full number; the masked number (live leads) as plain text. */
export function phoneNode(lead, id = null) {
  if (typeof lead.phone === 'string' && lead.phone) {
    const dial = lead.phone.replace(/[^\d+]/g, '');
    return h('a', { class: 'phone', href: `tel:${dial}`, 'data-phone': 'full', id, text: lead.phone });
  }
  return h('span', {
    class: 'phone phone--masked', 'data-phone': 'masked', id,
    title: t('hr.phone.masked'), text: lead.phoneMasked ?? '',
  });
}

export function isLead(value) {
  return Boolean(value) && typeof value === 'object' && typeof value.id === 'string' && value.id !== '';
}

/** The follow-up history in a reply, if it carries one (else null). */
export function followupsOf(lead) {
  return Array.isArray(lead.followups) ? lead.followups.filter((item) => item && typeof item === 'object') : null;
}

/** Orders leads newest first (ties: the larger id first). Negative: `a` comes before `b`. */
export function compareLeads(a, b) {
  const diff = (Number(b.createdAt) || 0) - (Number(a.createdAt) || 0);
  if (diff !== 0) return diff;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
