// Daigang — report.js
// The campaign report (/report): the headline (fairs, employers, openings, applicants, agreements,
// hires, viewers), the funnel, applications and hires per session, and where applicants come from as
// aggregates only: a province tile map and a prefecture table (cells under 5 shown "<5", docs/REPORTS.md).
//
// Element ids (report-download.js: #report-xlsx, #report-xlsx-status): #report-updated, #report-main, #report-headline, #report-funnel, #report-sessions,
//   #report-origin-map, #report-origins, #report-origin-note

import { byId, h, setChildren, setText } from './dom.js';
import { watchFigures } from './report-api.js';
import { wireReportDownload } from './report-download.js';
import { barChart, provinceTiles } from './svg-chart.js';

function render(report) {
  const hl = report.headline;
  setChildren(byId('report-headline'), [
    ['场招聘会', hl.fairs], ['家企业参加', hl.employers], ['个岗位空缺', hl.openings],
    ['位求职者', hl.applicants], ['人初步达成意向', hl.agreements], ['人录用', hl.hires],
    ['人最多同时在看', hl.peakViewers ?? 0], ['人观看', hl.uniqueViewers ?? 0],
  ].map(([word, n]) => h('div', { class: 'headline__item' }, h('span', { class: 'headline__n', text: n }), h('span', { text: word }))));
  const c = report.campaign.tally;
  byId('report-funnel').replaceChildren(barChart([
    { label: '报名', value: c.applications }, { label: '已联系', value: c.contacted },
    { label: '约面试', value: c.interviews }, { label: '初步达成意向', value: c.agreed },
    { label: '录用', value: c.hired, kind: 'good' }, { label: '7天在岗', value: c.retained, kind: 'good' },
  ], { title: '求职者走到哪一步' }));
  // The session's name is shortened, never the word after it: the bars differ by word, not colour alone.
  const short = (name) => (name.length > 9 ? `${name.slice(0, 8)}…` : name);
  byId('report-sessions').replaceChildren(barChart(report.sessions.flatMap((s) => [
    { label: `${short(s.name)} 报名`, value: s.tally.applications },
    { label: `${short(s.name)} 录用`, value: s.tally.hired, kind: 'good' },
  ]), { title: '各场次报名与录用' }));
  // By province on the map, by prefecture in the table (older servers: the places as written).
  const provinces = report.originProvinces ?? report.origins;
  const origins = report.originPrefectures ?? report.origins;
  byId('report-origin-map').replaceChildren(provinceTiles(provinces.cells, { title: '求职者家乡（省）' }));
  setChildren(byId('report-origins'), origins.cells.map((cell) => h('tr', null,
    h('td', { text: cell.province ?? (cell.code ? '' : '—') }),
    h('th', { scope: 'row', text: cell.place }), h('td', { class: 'num', text: cell.shown }))));
  const parts = [];
  if (origins.other != null) parts.push(`标“<5”或“*”的地市合计 ${origins.other} 人`);
  parts.push(`填了家乡的合计 ${origins.totalShown ?? origins.total ?? '<5'} 人，未填 ${origins.unstated} 人`);
  parts.push('家乡只用于统计，不用于筛选任何人');
  setText(byId('report-origin-note'), parts.join('；'));
  byId('report-main').hidden = false;
}

wireReportDownload();
watchFigures('/api/report', render, (text) => setText(byId('report-updated'), text));
