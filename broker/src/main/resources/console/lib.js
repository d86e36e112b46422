// The console's plumbing: calls to the management API with the user's credentials, building the page's elements,
// formatting figures, and the samples of the queues kept in the page for the charts.

const AUTH_KEY = 'tributary.authorization';
const SAMPLE_MILLIS = 2000;
const KEEP_SAMPLES = 300; // ten minutes at one sample every two seconds

/** An answer of the API other than 2xx: its status and the API's own message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let unauthorized = () => {};

/** What happens when the API answers 401: the console shows its login form again. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * Calls the API and answers its JSON (or text). The credentials go in the Authorization header; credentials: 'omit'
 * keeps the browser from asking for a password itself when the API answers 401.
 */
export async function api(path, method = 'GET', authorization = sessionStorage.getItem(AUTH_KEY)) {
  const headers = {Accept: 'application/json'};
  if (authorization) {
    headers.Authorization = authorization;
  }
  const res = await fetch(path, {method, headers, credentials: 'omit', cache: 'no-store'});
  const text = await res.text();
  const json = (res.headers.get('Content-Type') || '').startsWith('application/json');
  const body = json && text ? JSON.parse(text) : text;
  if (!res.ok) {
    if (res.status === 401 && authorization === sessionStorage.getItem(AUTH_KEY)) {
      unauthorized();
    }
    throw new ApiError(res.status, body && body.error ? body.error : `${method} ${path} answered ${res.status}`);
  }
  return body;
}

/** Encodes one path segment of the API (a queue name may hold any character). */
export function seg(text) {
  return encodeURIComponent(String(text));
}

// ------------------------------------------------------------------ who is logged in, and what they may do

let me = null;
const mayCache = new Map();

/** Logs in: keeps the credentials for this tab only if the API accepts them. */
export async function login(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  const authorization = 'Basic ' + btoa(String.fromCharCode(...bytes));
  me = await api('/api/me', 'GET', authorization);
  sessionStorage.setItem(AUTH_KEY, authorization);
  mayCache.clear();
  return me;
}

export function logout() {
  sessionStorage.removeItem(AUTH_KEY);
  me = null;
  mayCache.clear();
}

/** Who the stored credentials (or none, on a broker without users) belong to; throws ApiError 401 otherwise. */
export async function whoAmI() {
  me = await api('/api/me');
  mayCache.clear();
  return me;
}

export function currentUser() {
  return me;
}

/** Whether the user may do `permission` on `address` (every address when none is given), as GET /api/me says. */
export async function may(permission, address) {
  if (address === undefined) {
    return me.permissions.includes(permission);
  }
  if (!mayCache.has(address)) {
    mayCache.set(address, api(`/api/me?address=${seg(address)}`).then(m => m.permissions,
      () => []));
  }
  return (await mayCache.get(address)).includes(permission);
}

// ------------------------------------------------------------------ elements

/** An element with attributes (on* are listeners, text is its text) and children (strings become text nodes). */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key.startsWith('on')) {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'text') {
      el.textContent = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return el;
}

/** A table with a header row; `rows` are elements made by the caller. */
export function table(headings, rows, empty = 'None.') {
  return h('table', {},
    h('thead', {}, h('tr', {}, headings.map(t => h('th', {text: t})))),
    h('tbody', {}, rows.length ? rows : h('tr', {class: 'empty'}, h('td', {colspan: headings.length, text: empty}))));
}

/** A figure card: a label and a value, found by tests and people as [data-figure=key]. */
export function figure(key, label, value, note) {
  return h('div', {class: 'figure', 'data-figure': key},
    h('span', {class: 'label', text: label}),
    h('span', {class: 'value', text: value}),
    note ? h('span', {class: 'note', text: note}) : null);
}

/** Shows what an action did, or why it failed, in the page's notice line. */
export function notice(text, failed = false) {
  const el = document.getElementById('notice');
  el.textContent = text;
  el.className = failed ? 'failed' : 'done';
  el.hidden = !text;
}

/**
 * A button for a change: the first click arms it ("Sure?"), a second one within four seconds does it. The result or
 * the API's error goes to the notice line, then `after` runs (a refresh).
 */
export function changeButton(action, label, work, after) {
  let armed = null;
  const button = h('button', {type: 'button', class: 'change', 'data-action': action, text: label});
  button.addEventListener('click', async () => {
    if (!armed) {
      button.textContent = 'Sure? ' + label;
      button.classList.add('armed');
      armed = setTimeout(() => {
        armed = null;
        button.textContent = label;
        button.classList.remove('armed');
      }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.disabled = true;
    try {
      notice(await work());
    } catch (e) {
      notice(e.message, true);
    }
    if (after) {
      await after();
    }
  });
  return button;
}

// ------------------------------------------------------------------ formatting

export function num(n) {
  return n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toLocaleString('en-US');
}

export function rate(n) {
  return n === null || n === undefined ? '–' : n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function age(millis) {
  if (millis === null || millis === undefined) {
    return '–';
  }
  const s = millis / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : s < 3600 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
}

/** Sums the samples of each metric name in Prometheus text (over all its labels). */
export function parseMetrics(text) {
  const sums = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) {
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (match) {
      sums[match[1]] = (sums[match[1]] || 0) + Number(match[3]);
    }
  }
  return sums;
}

// ------------------------------------------------------------------ samples kept in the page

const samples = [];
const listeners = new Set();
let timer = null;

/** Samples /api/queues and /metrics every two seconds while the console is open, keeping ten minutes of them. */
export function startSampling() {
  if (timer === null) {
    sample();
    timer = setInterval(sample, SAMPLE_MILLIS);
  }
}

export function stopSampling() {
  clearInterval(timer);
  timer = null;
  samples.length = 0;
}

/** Calls `listener` after each sample; answers a function that stops it. */
export function onSample(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function sample() {
  try {
    const [queues, metrics] = await Promise.all([api('/api/queues'), api('/metrics')]);
    samples.push({t: Date.now(), queues: new Map(queues.map(q => [q.name, q])), metrics: parseMetrics(metrics)});
    if (samples.length > KEEP_SAMPLES) {
      samples.shift();
    }
  } catch (e) {
    return; // a 401 shows the login form; other failures wait for the next sample
  }
  for (const listener of listeners) {
    listener();
  }
}

/** [{t, v}] of `value(sample)` over the kept samples (skipping those where it is undefined). */
export function series(value) {
  return samples.map(s => ({t: s.t, v: value(s)})).filter(p => p.v !== undefined && p.v !== null);
}

/** [{t, v}] of the per-second change of the counter `value(sample)` between consecutive samples. */
export function rateSeries(value) {
  const out = [];
  for (let i = 1; i < samples.length; i++) {
    const a = value(samples[i - 1]);
    const b = value(samples[i]);
    if (a !== undefined && b !== undefined && b >= a) {
      out.push({t: samples[i].t, v: (b - a) * 1000 / (samples[i].t - samples[i - 1].t)});
    }
  }
  return out;
}

/** The sum of `field` over the queues of a sample that `filter` keeps. */
export function sumQueues(sample, field, filter = () => true) {
  let total;
  for (const q of sample.queues.values()) {
    if (filter(q)) {
      total = (total || 0) + q[field];
    }
  }
  return total;
}

export function last(points) {
  return points.length ? points[points.length - 1].v : null;
}
