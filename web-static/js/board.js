// Daigang — board.js
// The labour-shortage board (/board): employers red first, with openings, filled and in progress,
// and their colour in each session; roll-ups by industry, district and session. Re-reads every 30 s.
//
// Element ids: #board-legend, #board-updated, #board-main, #board-total, #board-employers,
//   #board-industries, #board-districts, #board-sessions

import { byId, h, setChildren, setText } from './dom.js';
import { colourWord, watchFigures } from './report-api.js';

function chip(colour) {
  return h('span', { class: `chip chip--${colour || 'none'}`, text: colourWord(colour) });
}

function trend(points) {
  return h('span', { class: 'trend' }, points.map((p) => h('span', {
    class: `trend__dot chip--${p.colour || 'none'}`,
    title: `${p.session}：${colourWord(p.colour)} ${p.filled + p.inProgress}/${p.openings}`,
    text: colourWord(p.colour).slice(0, 1),
  })));
}

function rollupRows(rows) {
  return rows.map((row) => h('tr', null,
    h('td', null, chip(row.colour)), h('th', { scope: 'row', text: row.name }),
    h('td', { class: 'num', text: row.tally.openings }), h('td', { class: 'num', text: row.tally.filled }),
    h('td', { class: 'num', text: row.tally.inProgress })));
}

function render(board) {
  const t = board.thresholds;
  setText(byId('board-legend'),
    `红＝缺工（录用＋跟进中 < 招聘的 ${t.redBelowPercent}%）  黄＝偏紧  绿＝充足（≥ ${t.greenFromPercent}%）`);
  const c = board.campaign.tally;
  setChildren(byId('board-total'),
    chip(board.campaign.colour),
    h('span', { class: 'big', text: `招聘 ${c.openings}` }),
    h('span', { class: 'big', text: `已录用 ${c.filled}` }),
    h('span', { class: 'big', text: `跟进中 ${c.inProgress}` }),
    h('span', { class: 'big', text: `报名 ${c.applications}` }));
  setChildren(byId('board-employers'), board.employers.map((e) => h('tr', { 'data-colour': e.colour || 'none' },
    h('td', null, chip(e.colour)), h('th', { scope: 'row', text: e.name }),
    h('td', { text: e.industry || '—' }), h('td', { text: e.district || '—' }),
    h('td', { class: 'num', text: e.tally.openings }), h('td', { class: 'num', text: e.tally.filled }),
    h('td', { class: 'num', text: e.tally.inProgress }), h('td', null, trend(e.trend)))));
  setChildren(byId('board-industries'), rollupRows(board.industries));
  setChildren(byId('board-districts'), rollupRows(board.districts));
  setChildren(byId('board-sessions'), rollupRows(board.sessions));
  byId('board-main').hidden = false;
}

watchFigures('/api/board', render, (text) => setText(byId('board-updated'), text), 30);
