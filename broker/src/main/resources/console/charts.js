// Small SVG charts drawn by hand: a line chart over the last minutes, a sparkline for a table cell, and bars.
import {h, num, rate} from './lib.js';

const MAX_WINDOW = 10 * 60 * 1000;
const MIN_WINDOW = 60 * 1000;

/** The span the x axis shows: the samples kept so far (at least a minute), at most the last ten minutes. */
function windowOf(series, now) {
  const first = Math.min(now, ...series.flatMap(pts => pts.length ? [pts[0].t] : []));
  return Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, now - first));
}

function ago(millis) {
  return millis >= 60000 ? `-${+(millis / 60000).toFixed(1)} min` : `-${Math.round(millis / 1000)} s`;
}

function niceMax(max) {
  if (max <= 0) {
    return 1;
  }
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * step >= max) {
      return m * step;
    }
  }
  return 10 * step;
}

/**
 * A line chart of `series` ([{name, cls, points: [{t, v}]}]) over the last ten minutes (or since the console opened),
 * with the y axis from 0 to a round maximum, the x axis in time before now, and a legend with each series' latest value.
 */
export function lineChart(title, series, {height = 160, rates = false} = {}) {
  const width = 560;
  const left = 48;
  const bottom = 22;
  const top = 8;
  const now = Date.now();
  const span = windowOf(series.map(s => s.points), now);
  const start = now - span;
  const max = niceMax(Math.max(0, ...series.flatMap(s => s.points.map(p => p.v))));
  const x = t => left + (width - left - 6) * Math.max(0, t - start) / span;
  const y = v => top + (height - top - bottom) * (1 - v / max);
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title});
  for (const frac of [0, 0.5, 1]) {
    const v = max * frac;
    svg.append(h('svg:line', {x1: left, x2: width - 6, y1: y(v), y2: y(v), class: 'grid'}),
      h('svg:text', {x: left - 6, y: y(v) + 4, class: 'axis end', text: rates ? rate(v) : num(v)}));
  }
  for (const back of [span, span / 2, 0]) {
    svg.append(h('svg:text', {x: x(now - back), y: height - 6, class: back === 0 ? 'axis end' : 'axis middle',
      text: back === 0 ? 'now' : ago(back)}));
  }
  for (const s of series) {
    const pts = s.points.filter(p => p.t >= start);
    if (pts.length === 1) {
      svg.append(h('svg:circle', {cx: x(pts[0].t), cy: y(pts[0].v), r: 3, class: `dot ${s.cls}`}));
    } else if (pts.length > 1) {
      svg.append(h('svg:polyline', {class: `line ${s.cls}`,
        points: pts.map(p => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}));
    }
  }
  const legend = h('div', {class: 'legend'}, series.map(s => {
    const latest = s.points.length ? s.points[s.points.length - 1].v : null;
    return h('span', {class: `key ${s.cls}`}, h('i'), `${s.name}: ${rates ? rate(latest) : num(latest)}`);
  }));
  return h('figure', {class: 'chart-box'}, h('figcaption', {text: title}), svg, legend);
}

/** A sparkline of `points` ([{t, v}]) over the last ten minutes, for a table cell. */
export function sparkline(points, cls, label) {
  const width = 140;
  const height = 30;
  const now = Date.now();
  const span = windowOf([points], now);
  const pts = points.filter(p => p.t >= now - span);
  const max = niceMax(Math.max(0, ...pts.map(p => p.v)));
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img', 'aria-label': label});
  svg.append(h('svg:line', {x1: 0, x2: width, y1: height - 1, y2: height - 1, class: 'grid'}));
  const x = t => width * (t - (now - span)) / span;
  const y = v => 2 + (height - 4) * (1 - v / max);
  if (pts.length > 1) {
    svg.append(h('svg:polyline', {class: `line ${cls}`,
      points: pts.map(p => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}));
  }
  return svg;
}

/** Horizontal bars ([{label, value}]), each with its value written beside it. */
export function barChart(title, bars, cls) {
  const width = 560;
  const row = 22;
  const left = 110;
  const height = Math.max(1, bars.length) * row + 6;
  const max = niceMax(Math.max(0, ...bars.map(b => b.value)));
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart bars', role: 'img',
    'aria-label': title});
  bars.forEach((b, i) => {
    const w = (width - left - 80) * b.value / max;
    svg.append(h('svg:text', {x: left - 8, y: i * row + 17, class: 'axis end', text: b.label}),
      h('svg:rect', {x: left, y: i * row + 5, width: Math.max(w, b.value > 0 ? 2 : 0), height: row - 8,
        class: `bar ${cls}`}),
      h('svg:text', {x: left + w + 6, y: i * row + 17, class: 'axis', text: num(b.value)}));
  });
  return h('figure', {class: 'chart-box'}, h('figcaption', {text: title}), svg);
}

/**
 * A timeline of `events` ([{time (ms), type, detail}]) on one horizontal axis from the first to the last event, a
 * dot for each, its type written above or below by turns.
 */
export function timeline(title, events) {
  const width = 760;
  const height = 120;
  const left = 40;
  const right = width - 40;
  const first = events.length ? events[0].time : 0;
  const span = Math.max(1, (events.length ? events[events.length - 1].time : 0) - first);
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart timeline', role: 'img',
    'aria-label': title});
  svg.append(h('svg:line', {x1: left, x2: right, y1: 60, y2: 60, class: 'axisline'}));
  events.forEach((e, i) => {
    const x = left + (right - left) * (e.time - first) / span;
    const up = i % 2 === 0;
    svg.append(h('svg:line', {x1: x, x2: x, y1: 60, y2: up ? 40 : 80, class: 'grid'}),
      h('svg:circle', {cx: x, cy: 60, r: 5, class: `event ${e.type}`}),
      h('svg:text', {x, y: up ? 34 : 96, class: 'axis middle', text: e.type}),
      h('svg:text', {x, y: up ? 20 : 110, class: 'axis middle faint', text: `+${e.time - first} ms`}));
  });
  return h('figure', {class: 'chart-box wide'}, h('figcaption', {text: title}), svg);
}
