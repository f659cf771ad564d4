// Daigang — svg-chart.js
// Plain SVG charts for the report page (no library, no CDN): horizontal bars and a province tile grid.
// Every number is also printed as text, so the charts read without colour.

const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/**
 * Horizontal bars: `rows` = [{label, value, text?}], one bar each, the longest to the right edge.
 * @returns {SVGSVGElement}
 */
export function barChart(rows, { width = 720, barHeight = 34, labelWidth = 300, title = '' } = {}) {
  const height = rows.length * (barHeight + 10) + 10;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'svg-chart' });
  const max = Math.max(1, ...rows.map((r) => r.value));
  const room = width - labelWidth - 90;
  rows.forEach((row, i) => {
    const y = 10 + i * (barHeight + 10);
    svg.append(el('text', { x: labelWidth - 10, y: y + barHeight * 0.68, 'text-anchor': 'end', class: 'svg-chart__label' },
      row.label.length > 13 ? `${row.label.slice(0, 12)}…` : row.label));
    const w = Math.max(2, Math.round((row.value / max) * room));
    svg.append(el('rect', { x: labelWidth, y, width: w, height: barHeight, rx: 4, class: `svg-chart__bar ${row.kind || ''}` }));
    svg.append(el('text', { x: labelWidth + w + 8, y: y + barHeight * 0.68, class: 'svg-chart__value' }, row.text ?? row.value));
  });
  return svg;
}

/** Provinces as tiles placed roughly as on the map: [name, column, row]. */
const PROVINCE_TILES = [
  ['黑龙江', 8, 0], ['内蒙古', 5, 1], ['吉林', 8, 1],
  ['新疆', 0, 2], ['甘肃', 2, 2], ['宁夏', 3, 2], ['山西', 4, 2], ['河北', 5, 2], ['北京', 6, 2], ['天津', 7, 2], ['辽宁', 8, 2],
  ['西藏', 0, 3], ['青海', 1, 3], ['陕西', 3, 3], ['河南', 4, 3], ['山东', 5, 3],
  ['四川', 2, 4], ['重庆', 3, 4], ['湖北', 4, 4], ['安徽', 5, 4], ['江苏', 6, 4], ['上海', 7, 4],
  ['云南', 2, 5], ['贵州', 3, 5], ['湖南', 4, 5], ['江西', 5, 5], ['浙江', 6, 5],
  ['广西', 3, 6], ['广东', 4, 6], ['福建', 5, 6], ['台湾', 6, 6],
  ['海南', 3, 7], ['香港', 4, 7], ['澳门', 5, 7],
];

/**
 * A tile-grid map of provinces; `cells` are the report's origin cells (place, count?, shown).
 * A place counts for the province whose name it starts with; hidden cells print their "<5" / "*".
 */
export function provinceTiles(cells, { size = 74, title = '' } = {}) {
  const svg = el('svg', { viewBox: `0 0 ${9 * size + 10} ${8 * size + 10}`, role: 'img', 'aria-label': title, class: 'svg-chart' });
  const max = Math.max(1, ...cells.map((c) => c.count || 0));
  for (const [name, col, row] of PROVINCE_TILES) {
    const cell = cells.find((c) => c.place.startsWith(name));
    const share = cell && cell.count ? cell.count / max : 0;
    const level = !cell ? 'none' : share > 0.66 ? 'high' : share > 0.33 ? 'mid' : cell.count ? 'low' : 'hidden';
    const x = 5 + col * size, y = 5 + row * size;
    svg.append(el('rect', { x, y, width: size - 4, height: size - 4, rx: 6, class: `tile tile--${level}` }));
    svg.append(el('text', { x: x + size / 2 - 2, y: y + size * 0.42, 'text-anchor': 'middle', class: `tile__name tile__text--${level}` }, name));
    if (cell) svg.append(el('text', { x: x + size / 2 - 2, y: y + size * 0.78, 'text-anchor': 'middle', class: `tile__value tile__text--${level}` }, cell.shown));
  }
  return svg;
}
