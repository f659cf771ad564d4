// Daigang — cards.js
// Renders jobs and policies (PROTOCOL.md "Job", "Policy") into DOM nodes, shared by the viewer
// and host pages. Pure functions of (data, current language); text via textContent only.
//
// Ids are only given when the caller passes `idPrefix` (the one pinned/shown card on a page):
//   job:    #<prefix>-title, #<prefix>-employer, #<prefix>-pay
//   policy: #<prefix>-title, #<prefix>-summary
// Every job node carries data-job-id, every policy node data-policy-id; each fact row carries
// data-field="shift|location|headcount|housing|meals|socialInsurance|ageRange".

import { h, safeHttpUrl } from './dom.js';
import { formatNumber, t } from './i18n.js';

// -- formatting ---------------------------------------------------------------------------

/** "5500–7500 元/月" (zh) or "¥5,500–7,500 / month" (en). */
export function formatPay(pay) {
  if (!pay || typeof pay !== 'object') return '';
  const unit = t(`pay.unit.${pay.unit}`);
  const params = { min: formatNumber(pay.min), max: formatNumber(pay.max), unit };
  return t(pay.min === pay.max ? 'pay.single' : 'pay.range', params);
}

/** "澄州 · 澄湖区 · 星河路88号". */
export function formatLocation(location) {
  if (!location || typeof location !== 'object') return '';
  return [location.city, location.district, location.address].filter(Boolean).join(' · ');
}

/** "提供宿舍 · 有夫妻房 · 6人间…". */
export function formatHousing(housing) {
  if (!housing || typeof housing !== 'object') return '';
  const parts = [];
  if (housing.dorm === true) parts.push(t('job.housing.dorm'));
  else if (housing.dorm === false) parts.push(t('job.housing.noDorm'));
  if (housing.coupleRooms === true) parts.push(t('job.housing.coupleRooms'));
  if (housing.note) parts.push(housing.note);
  return parts.join(' · ');
}

/** "18–45 岁". */
export function formatAgeRange(range) {
  if (!range || typeof range !== 'object') return '';
  return t('job.ageRange.value', { min: range.min, max: range.max });
}

// -- jobs ---------------------------------------------------------------------------------

function idFor(prefix, part) {
  return prefix ? `${prefix}-${part}` : null;
}

function verifiedBadge(job) {
  return job.verified === true ? h('span', { class: 'badge badge--verified', text: t('job.verified') }) : null;
}

function tagList(tags) {
  if (!Array.isArray(tags) || tags.length === 0) return null;
  return h('ul', { class: 'tags' }, tags.map((tag) => h('li', { class: 'tag', text: tag })));
}

function fact(field, label, value) {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'fact', 'data-field': field },
    h('dt', { class: 'fact__label', text: label }),
    h('dd', { class: 'fact__value', text: value }));
}

function bulletSection(field, heading, items) {
  if (!Array.isArray(items) || items.length === 0) return null;
  return h('section', { class: 'job-list-section', 'data-field': field },
    h('h4', { class: 'job-list-section__heading', text: heading }),
    h('ul', { class: 'bullets' }, items.map((item) => h('li', { text: item }))));
}

/** The body shared by the full card and the expanded list item: pay note, tags, facts, lists. */
function jobBody(job) {
  const facts = [
    fact('shift', t('job.shift'), job.shift),
    fact('location', t('job.location'), formatLocation(job.location)),
    fact('headcount', t('job.headcount'),
      typeof job.headcount === 'number' ? t('job.headcount.value', { n: job.headcount }) : null),
    fact('housing', t('job.housing'), formatHousing(job.housing)),
    fact('meals', t('job.meals'), job.meals),
    fact('socialInsurance', t('job.socialInsurance'), job.socialInsurance),
    fact('ageRange', t('job.ageRange'), formatAgeRange(job.ageRange)),
  ].filter(Boolean);
  return [
    job.pay?.note ? h('p', { class: 'job-card__pay-note', text: job.pay.note }) : null,
    tagList(job.tags),
    facts.length ? h('dl', { class: 'facts' }, facts) : null,
    bulletSection('requirements', t('job.requirements'), job.requirements),
    bulletSection('benefits', t('job.benefits'), job.benefits),
  ];
}

/**
 * A full job card (the pinned job).
 * @param {object} job
 * @param {{idPrefix?: string}} [options]
 */
export function renderJobCard(job, { idPrefix = null } = {}) {
  return h('article', { class: 'job-card', 'data-job-id': job.id },
    h('div', { class: 'job-card__head' },
      h('h3', { class: 'job-card__title', id: idFor(idPrefix, 'title'), text: job.title }),
      verifiedBadge(job)),
    job.employerName
      ? h('p', { class: 'job-card__employer', id: idFor(idPrefix, 'employer'), text: job.employerName })
      : null,
    h('p', { class: 'job-card__pay', id: idFor(idPrefix, 'pay'), text: formatPay(job.pay) }),
    jobBody(job));
}

/**
 * A collapsed job for lists: a <details> whose <summary> shows title, employer and pay.
 * @param {object} job
 * @param {{open?: boolean, pinned?: boolean}} [options]
 */
export function renderJobSummary(job, { open = false, pinned = false } = {}) {
  return h('details', { class: pinned ? 'job-item is-pinned' : 'job-item', 'data-job-id': job.id, open },
    h('summary', { class: 'job-item__summary' },
      h('span', { class: 'job-item__line' },
        h('span', { class: 'job-item__title', text: job.title }),
        pinned ? h('span', { class: 'badge badge--live', text: t('job.pinnedBadge') }) : null,
        verifiedBadge(job)),
      job.employerName ? h('span', { class: 'job-item__employer', text: job.employerName }) : null,
      h('span', { class: 'job-item__pay', text: formatPay(job.pay) })),
    h('div', { class: 'job-item__body' }, jobBody(job)));
}

// -- policies -----------------------------------------------------------------------------

function textSection(field, heading, text) {
  if (!text) return null;
  return h('section', { class: 'policy-section', 'data-field': field },
    h('h4', { class: 'policy-section__heading', text: heading }),
    h('p', { text }));
}

/**
 * A policy explainer: title, issuer, summary, key points in a <details>, eligibility,
 * how to claim, link.
 * @param {object} policy
 * @param {{idPrefix?: string, pointsOpen?: boolean}} [options]
 */
export function renderPolicyCard(policy, { idPrefix = null, pointsOpen = false } = {}) {
  const points = Array.isArray(policy.keyPoints) ? policy.keyPoints : [];
  const link = safeHttpUrl(policy.link);
  return h('article', { class: 'policy-card', 'data-policy-id': policy.id },
    h('h3', { class: 'policy-card__title', id: idFor(idPrefix, 'title'), text: policy.title }),
    policy.issuer ? h('p', { class: 'policy-card__issuer', text: t('policy.issuer.value', { issuer: policy.issuer }) }) : null,
    h('p', { class: 'policy-card__summary', id: idFor(idPrefix, 'summary'), text: policy.summary }),
    points.length
      ? h('details', { class: 'policy-card__points', 'data-field': 'keyPoints', open: pointsOpen },
        h('summary', { text: t('policy.keyPoints.count', { n: points.length }) }),
        h('ol', { class: 'bullets' }, points.map((point) => h('li', { text: point }))))
      : null,
    textSection('eligibility', t('policy.eligibility'), policy.eligibility),
    textSection('howToClaim', t('policy.howToClaim'), policy.howToClaim),
    link
      ? h('p', { class: 'policy-card__link' },
        h('a', { href: link, target: '_blank', rel: 'noopener noreferrer', text: t('policy.link') }))
      : null);
}
