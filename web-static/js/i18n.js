// Daigang — i18n.js
// UI strings in Chinese (default) and English. The language comes from `?lang=zh|en`, else
// localStorage, else Chinese; switching remembers it in localStorage. Job and policy content
// comes from the server as written (Chinese); only the page chrome is translated.
// Static markup opts in with attributes: data-i18n (textContent), data-i18n-placeholder,
// data-i18n-aria-label, data-i18n-title. No DOM ids of its own.

import { localStore } from './storage.js';

const STORAGE_KEY = 'daigang.lang';
export const LANGS = ['zh', 'en'];

const MESSAGES = {
  zh: {
    'app.name': '直播带岗',
    'lang.switch': 'English',
    'lang.switch.label': 'Switch to English',

    'status.scheduled': '未开始',
    'status.live': '直播中',
    'status.ended': '已结束',

    'conn.connecting': '正在连接…',
    'conn.reconnecting': '重新连接中…',
    'conn.failed': '无法进入直播间：{message}',
    'conn.failed.not_found': '找不到这个直播间，请检查链接。',
    'conn.failed.unauthorized': '口令不正确，请重新登录。',

    'counters.online': '{n} 人在线',
    'counters.online.suffix': '人在线',
    'counters.online.label': '在线',
    'counters.applications.label': '报名',
    'counters.queue.label': '排队',

    'session.host': '主播：{host}',

    'viewer.title': '直播带岗',
    'viewer.pinned.heading': '正在讲解的岗位',
    'viewer.pinned.empty': '主播还没有置顶岗位，请稍候。',
    'viewer.policy.heading': '政策解读',
    'viewer.policy.empty': '暂无政策讲解。',
    'viewer.announcements.heading': '直播公告',
    'viewer.announcements.empty': '暂无公告。',
    'viewer.jobs.heading': '全部岗位',
    'viewer.jobs.empty': '暂无岗位。',
    'viewer.noscript': '请开启 JavaScript 后刷新页面。',

    'job.verified': '人社认证',
    'job.employer': '招聘单位',
    'job.pay': '薪资',
    'job.shift': '班次',
    'job.location': '工作地点',
    'job.headcount': '招聘人数',
    'job.headcount.value': '{n} 人',
    'job.housing': '住宿',
    'job.housing.dorm': '提供宿舍',
    'job.housing.noDorm': '不提供宿舍',
    'job.housing.coupleRooms': '有夫妻房',
    'job.meals': '餐饮',
    'job.socialInsurance': '社保',
    'job.ageRange': '年龄要求',
    'job.ageRange.value': '{min}–{max} 岁',
    'job.requirements': '岗位要求',
    'job.benefits': '福利待遇',
    'job.details': '查看详情',
    'job.pinnedBadge': '讲解中',

    'pay.range': '{min}–{max} {unit}',
    'pay.single': '{min} {unit}',
    'pay.unit.month': '元/月',
    'pay.unit.day': '元/天',
    'pay.unit.hour': '元/小时',
    'pay.unit.piece': '元/件',

    'policy.keyPoints': '政策要点',
    'policy.keyPoints.count': '政策要点（{n} 条）',
    'policy.eligibility': '适用对象',
    'policy.howToClaim': '如何申领',
    'policy.issuer': '发布单位',
    'policy.issuer.value': '发布单位：{issuer}',
    'policy.link': '查看政策原文',

    'host.title': '主播控制台',
    'host.login.heading': '主播登录',
    'host.login.hint': '请输入人社局发放的主播口令。口令只保存在本标签页中。',
    'host.login.token': '主播口令',
    'host.login.submit': '登录',
    'host.logout': '退出登录',
    'host.viewerLink': '打开观众页面',
    'host.status.heading': '直播状态',
    'host.counters.heading': '实时数据',
    'host.jobs.heading': '岗位',
    'host.pin': '置顶',
    'host.pinned': '已置顶',
    'host.unpin': '取消置顶',
    'host.pinned.current': '当前置顶：{title}',
    'host.pinned.none': '当前没有置顶岗位',
    'host.policies.heading': '政策',
    'host.show': '讲解',
    'host.shown': '讲解中',
    'host.hide': '收起政策',
    'host.shown.current': '正在讲解：{title}',
    'host.shown.none': '当前没有讲解政策',
    'host.announce.heading': '发布公告',
    'host.announce.placeholder': '输入公告内容，最多 500 字',
    'host.announce.submit': '发布公告',
    'host.announce.count': '{n}/500',
    'host.announcements.heading': '最近公告',
    'host.msg.connecting': '正在连接服务器…',
    'host.msg.ready': '已连接，可以开始操作。',
    'host.msg.sending': '正在发送…',
    'host.msg.ok': '操作成功。',
    'host.msg.error': '操作失败：{message}（{code}）',
    'host.msg.offline': '连接已断开，正在重连，请稍后再试。',
    'host.msg.tokenRequired': '请输入主播口令。',
    'host.msg.announceEmpty': '公告内容不能为空。',
    'host.msg.loggedOut': '已退出登录。',

    'hr.title': 'HR 线索跟进',
    'hr.login.heading': '企业 HR 登录',
    'hr.login.hint': '请输入人社局发给贵企业的 HR 口令。口令只保存在本标签页中，关闭标签页即失效。',
    'hr.login.token': 'HR 口令',
    'hr.login.submit': '登录',
    'hr.logout': '退出登录',
    'hr.leads.heading': '报名线索',
    'hr.leads.count': '共 {n} 条',
    'hr.leads.countMore': '已显示 {n} 条，还有更多',
    'hr.leads.loading': '正在加载线索…',
    'hr.leads.empty': '暂无符合条件的线索。',
    'hr.filters.label': '筛选线索',
    'hr.filter.status': '状态',
    'hr.filter.status.all': '全部状态',
    'hr.filter.job': '岗位',
    'hr.filter.job.all': '全部岗位',
    'hr.filter.since': '报名日期（起）',
    'hr.filter.reset': '清除筛选',
    'hr.refresh': '刷新',
    'hr.csv': '导出 CSV',
    'hr.loadMore': '加载更多',
    'hr.col.createdAt': '报名时间',
    'hr.col.name': '姓名',
    'hr.col.phone': '电话',
    'hr.col.job': '岗位',
    'hr.col.hometown': '家乡',
    'hr.col.status': '状态',
    'hr.col.actions': '操作',
    'hr.detail': '详情',
    'hr.detail.for': '查看 {name} 的详情',
    'hr.fresh': '新',
    'hr.phone.masked': '打开详情可查看完整号码',
    'hr.detail.close': '关闭',
    'hr.detail.loading': '正在加载详情…',
    'hr.detail.status': '当前状态',
    'hr.detail.phone': '手机号',
    'hr.detail.job': '报名岗位',
    'hr.detail.hometown': '家乡',
    'hr.detail.note': '求职者留言',
    'hr.detail.createdAt': '报名时间',
    'hr.detail.updatedAt': '最近更新',
    'hr.detail.id': '线索编号',
    'hr.followups.heading': '跟进记录',
    'hr.followups.empty': '还没有跟进记录。',
    'hr.followups.by': '跟进人：{by}',
    'hr.followup.heading': '添加跟进',
    'hr.followup.status': '跟进结果',
    'hr.followup.note': '备注',
    'hr.followup.placeholder': '例如：已电话沟通，约周三上午到厂面试（最多 2000 字）',
    'hr.followup.count': '{n}/2000',
    'hr.followup.submit': '保存跟进',
    'hr.msg.signingIn': '正在登录…',
    'hr.msg.tokenRequired': '请输入 HR 口令。',
    'hr.msg.tokenInvalid': '口令无效或已失效，请重新登录。',
    'hr.msg.loggedOut': '已退出登录。',
    'hr.msg.saving': '正在保存…',
    'hr.msg.saved': '跟进记录已保存。',
    'hr.msg.exporting': '正在导出…',
    'hr.msg.exported': '已开始下载 {file}。',
    'hr.msg.newLead': '新线索：{name}（{job}）',
    'hr.msg.noteTooLong': '备注最多 2000 字。',
    'hr.msg.notFound': '找不到这条线索（可能已不属于本企业）。',
    'hr.msg.network': '网络连接失败，请检查网络后重试。',
    'hr.msg.unavailable': '服务器暂时无法处理，请稍后再试。',
    'hr.msg.error': '操作失败：{message}（{code}）',

    'lead.status.new': '新线索',
    'lead.status.contacted': '已联系',
    'lead.status.interview_scheduled': '已约面试',
    'lead.status.hired': '已录用',
    'lead.status.rejected': '不合适',
    'lead.status.unreachable': '联系不上',
  },
  en: {
    'app.name': 'Live Job Fair',
    'lang.switch': '中文',
    'lang.switch.label': '切换到中文',

    'status.scheduled': 'Not started',
    'status.live': 'Live',
    'status.ended': 'Ended',

    'conn.connecting': 'Connecting…',
    'conn.reconnecting': 'Reconnecting…',
    'conn.failed': 'Cannot join the session: {message}',
    'conn.failed.not_found': 'This session does not exist. Please check the link.',
    'conn.failed.unauthorized': 'Wrong token. Please sign in again.',

    'counters.online': '{n} online',
    'counters.online.suffix': 'online',
    'counters.online.label': 'Online',
    'counters.applications.label': 'Applications',
    'counters.queue.label': 'In queue',

    'session.host': 'Host: {host}',

    'viewer.title': 'Live Job Fair',
    'viewer.pinned.heading': 'Job on air',
    'viewer.pinned.empty': 'No job pinned yet. Please wait.',
    'viewer.policy.heading': 'Policy explained',
    'viewer.policy.empty': 'No policy being explained.',
    'viewer.announcements.heading': 'Announcements',
    'viewer.announcements.empty': 'No announcements yet.',
    'viewer.jobs.heading': 'All jobs',
    'viewer.jobs.empty': 'No jobs yet.',
    'viewer.noscript': 'Please enable JavaScript and reload the page.',

    'job.verified': 'Verified',
    'job.employer': 'Employer',
    'job.pay': 'Pay',
    'job.shift': 'Shift',
    'job.location': 'Location',
    'job.headcount': 'Openings',
    'job.headcount.value': '{n}',
    'job.housing': 'Housing',
    'job.housing.dorm': 'Dorm provided',
    'job.housing.noDorm': 'No dorm',
    'job.housing.coupleRooms': 'Couple rooms',
    'job.meals': 'Meals',
    'job.socialInsurance': 'Social insurance',
    'job.ageRange': 'Age',
    'job.ageRange.value': '{min}–{max}',
    'job.requirements': 'Requirements',
    'job.benefits': 'Benefits',
    'job.details': 'Details',
    'job.pinnedBadge': 'On air',

    'pay.range': '¥{min}–{max} {unit}',
    'pay.single': '¥{min} {unit}',
    'pay.unit.month': '/ month',
    'pay.unit.day': '/ day',
    'pay.unit.hour': '/ hour',
    'pay.unit.piece': '/ piece',

    'policy.keyPoints': 'Key points',
    'policy.keyPoints.count': 'Key points ({n})',
    'policy.eligibility': 'Who is eligible',
    'policy.howToClaim': 'How to claim',
    'policy.issuer': 'Issued by',
    'policy.issuer.value': 'Issued by: {issuer}',
    'policy.link': 'Read the official notice',

    'host.title': 'Host console',
    'host.login.heading': 'Host sign-in',
    'host.login.hint': 'Enter the host token from the bureau. It is kept in this tab only.',
    'host.login.token': 'Host token',
    'host.login.submit': 'Sign in',
    'host.logout': 'Sign out',
    'host.viewerLink': 'Open viewer page',
    'host.status.heading': 'Session status',
    'host.counters.heading': 'Live numbers',
    'host.jobs.heading': 'Jobs',
    'host.pin': 'Pin',
    'host.pinned': 'Pinned',
    'host.unpin': 'Unpin',
    'host.pinned.current': 'Pinned: {title}',
    'host.pinned.none': 'No job pinned',
    'host.policies.heading': 'Policies',
    'host.show': 'Show',
    'host.shown': 'On screen',
    'host.hide': 'Hide policy',
    'host.shown.current': 'On screen: {title}',
    'host.shown.none': 'No policy on screen',
    'host.announce.heading': 'Post an announcement',
    'host.announce.placeholder': 'Announcement text, up to 500 characters',
    'host.announce.submit': 'Post',
    'host.announce.count': '{n}/500',
    'host.announcements.heading': 'Recent announcements',
    'host.msg.connecting': 'Connecting to the server…',
    'host.msg.ready': 'Connected. Ready.',
    'host.msg.sending': 'Sending…',
    'host.msg.ok': 'Done.',
    'host.msg.error': 'Failed: {message} ({code})',
    'host.msg.offline': 'Disconnected; reconnecting. Please try again shortly.',
    'host.msg.tokenRequired': 'Please enter the host token.',
    'host.msg.announceEmpty': 'The announcement is empty.',
    'host.msg.loggedOut': 'Signed out.',

    'hr.title': 'HR leads',
    'hr.login.heading': 'Employer HR sign-in',
    'hr.login.hint': 'Enter the HR token the bureau issued to your company. It is kept in this tab only and forgotten when the tab closes.',
    'hr.login.token': 'HR token',
    'hr.login.submit': 'Sign in',
    'hr.logout': 'Sign out',
    'hr.leads.heading': 'Applications',
    'hr.leads.count': '{n} in total',
    'hr.leads.countMore': '{n} shown, more available',
    'hr.leads.loading': 'Loading applications…',
    'hr.leads.empty': 'No applications match.',
    'hr.filters.label': 'Filter applications',
    'hr.filter.status': 'Status',
    'hr.filter.status.all': 'All statuses',
    'hr.filter.job': 'Job',
    'hr.filter.job.all': 'All jobs',
    'hr.filter.since': 'Applied on or after',
    'hr.filter.reset': 'Clear filters',
    'hr.refresh': 'Refresh',
    'hr.csv': 'Export CSV',
    'hr.loadMore': 'Load more',
    'hr.col.createdAt': 'Applied',
    'hr.col.name': 'Name',
    'hr.col.phone': 'Phone',
    'hr.col.job': 'Job',
    'hr.col.hometown': 'Hometown',
    'hr.col.status': 'Status',
    'hr.col.actions': 'Actions',
    'hr.detail': 'Details',
    'hr.detail.for': 'Details for {name}',
    'hr.fresh': 'New',
    'hr.phone.masked': 'Open the details to see the full number',
    'hr.detail.close': 'Close',
    'hr.detail.loading': 'Loading details…',
    'hr.detail.status': 'Status',
    'hr.detail.phone': 'Mobile',
    'hr.detail.job': 'Job',
    'hr.detail.hometown': 'Hometown',
    'hr.detail.note': 'Applicant\'s note',
    'hr.detail.createdAt': 'Applied',
    'hr.detail.updatedAt': 'Last update',
    'hr.detail.id': 'Lead ID',
    'hr.followups.heading': 'Follow-ups',
    'hr.followups.empty': 'No follow-ups yet.',
    'hr.followups.by': 'By {by}',
    'hr.followup.heading': 'Add a follow-up',
    'hr.followup.status': 'Outcome',
    'hr.followup.note': 'Note',
    'hr.followup.placeholder': 'e.g. Called; interview at the plant Wednesday morning (up to 2000 characters)',
    'hr.followup.count': '{n}/2000',
    'hr.followup.submit': 'Save follow-up',
    'hr.msg.signingIn': 'Signing in…',
    'hr.msg.tokenRequired': 'Please enter the HR token.',
    'hr.msg.tokenInvalid': 'The token is invalid or no longer valid. Please sign in again.',
    'hr.msg.loggedOut': 'Signed out.',
    'hr.msg.saving': 'Saving…',
    'hr.msg.saved': 'Follow-up saved.',
    'hr.msg.exporting': 'Exporting…',
    'hr.msg.exported': 'Downloading {file}.',
    'hr.msg.newLead': 'New application: {name} ({job})',
    'hr.msg.noteTooLong': 'The note can be at most 2000 characters.',
    'hr.msg.notFound': 'This lead was not found (it may not belong to your company).',
    'hr.msg.network': 'Network error. Please check the connection and try again.',
    'hr.msg.unavailable': 'The server cannot do this right now. Please try again shortly.',
    'hr.msg.error': 'Failed: {message} ({code})',

    'lead.status.new': 'New',
    'lead.status.contacted': 'Contacted',
    'lead.status.interview_scheduled': 'Interview scheduled',
    'lead.status.hired': 'Hired',
    'lead.status.rejected': 'Not a fit',
    'lead.status.unreachable': 'Unreachable',
  },
};

const listeners = new Set();
let current = detectLang();

function normalize(value) {
  return LANGS.includes(value) ? value : null;
}

function detectLang() {
  const fromQuery = normalize(new URLSearchParams(window.location.search).get('lang'));
  if (fromQuery) {
    localStore.set(STORAGE_KEY, fromQuery);
    return fromQuery;
  }
  return normalize(localStore.get(STORAGE_KEY)) ?? 'zh';
}

/** The current language: 'zh' or 'en'. */
export function lang() {
  return current;
}

/** A BCP 47 tag for the current language (for `<html lang>` and Intl). */
export function locale() {
  return current === 'en' ? 'en' : 'zh-CN';
}

/** The translation of `key`, with `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  const template = MESSAGES[current][key] ?? MESSAGES.zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match);
}

/** Whether `key` has a translation. */
export function hasMessage(key) {
  return Object.prototype.hasOwnProperty.call(MESSAGES.zh, key);
}

/** Switches language, remembers it, rewrites `?lang=` if present, and re-translates. */
export function setLang(next) {
  const value = normalize(next);
  if (!value || value === current) return;
  current = value;
  localStore.set(STORAGE_KEY, value);
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', value);
    window.history.replaceState(window.history.state, '', url);
  }
  applyTranslations();
  for (const listener of [...listeners]) listener(value);
}

/** Calls `listener(lang)` after every language switch; returns the unsubscribe function. */
export function onLangChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Translates the static markup under `root` (data-i18n* attributes) and sets `<html lang>`. */
export function applyTranslations(root = document) {
  document.documentElement.lang = locale();
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  }
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
  for (const node of root.querySelectorAll('[data-i18n-title]')) {
    node.setAttribute('title', t(node.dataset.i18nTitle));
  }
}

/** A number for display: grouped in English (5,500), plain in Chinese (5500). */
export function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value ?? '');
  return current === 'en' ? value.toLocaleString('en-US') : String(value);
}

/** Clock time (HH:MM) of a millisecond timestamp. */
export function formatTime(ms) {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** ISO 8601 form of a millisecond timestamp (for <time datetime>), or null if invalid. */
export function isoTime(ms) {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
