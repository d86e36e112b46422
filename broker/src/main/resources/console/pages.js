// The console's pages. Each one renders into the page's <main> and may answer a `tick` the console calls after each
// sample of the queues (every two seconds) to bring its figures and charts up to date.
import {age, api, bytes, changeButton, figure, h, last, may, notice, num, rate, rateSeries, seg, series, sumQueues,
  table} from './lib.js';
import {barChart, lineChart, sparkline, timeline} from './charts.js';
import {consumerTable} from './consumers.js';

const link = (hash, text) => h('a', {href: hash, text});
const queueLink = name => link(`#/queue/${seg(name)}`, name);

function section(title, ...children) {
  return h('section', {}, h('h3', {text: title}), children);
}

/** Replaces the children of `el` with `children`. */
function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined));
}

// ------------------------------------------------------------------ overview

async function overview(main) {
  const cards = h('div', {class: 'figures'});
  const charts = h('div', {class: 'charts'});
  main.append(cards, charts);
  const tick = async () => {
    const [queues, connections, addresses, health] = await Promise.all([api('/api/queues'),
      api('/api/connections'), api('/api/addresses'), api('/health/ready').catch(e => ({status: e.message}))]);
    const sum = f => queues.reduce((t, q) => t + q[f], 0);
    const enq = rateSeries(s => sumQueues(s, 'enqueued'));
    const ack = rateSeries(s => sumQueues(s, 'acknowledged'));
    const commits = rateSeries(s => s.metrics.tributary_store_commit_seconds_count);
    const commitTime = rateSeries(s => s.metrics.tributary_store_commit_seconds_sum);
    const m = series(s => s.metrics);
    const metrics = m.length ? last(m) : {};
    const meanCommit = last(commits) > 0 ? (last(commitTime) / last(commits)) * 1000 : null;
    const ready = health.status === 'ready';
    fill(cards,
      figure('queues', 'Queues', num(queues.length)),
      figure('addresses', 'Addresses', num(addresses.length)),
      figure('depth', 'Messages ready', num(sum('depth'))),
      figure('in-flight', 'In flight', num(sum('inFlight'))),
      figure('consumers', 'Consumers', num(sum('consumers'))),
      figure('connections', 'Connections', num(connections.length)),
      figure('enqueue-rate', 'Enqueued / s', rate(last(enq))),
      figure('ack-rate', 'Acknowledged / s', rate(last(ack))),
      figure('dead-lettered', 'Dead-lettered', num(sum('deadLettered')), 'since start'),
      h('div', {class: `figure ${ready ? 'good' : 'bad'}`, 'data-figure': 'store'},
        h('span', {class: 'label', text: 'Store'}), h('span', {class: 'value', text: ready ? 'ready' : 'not ready'}),
        h('span', {class: 'note', text: ready ? 'writes' : health.error || health.status})),
      figure('commits', 'Store commits / s', rate(last(commits)),
        meanCommit === null ? null : `${meanCommit.toFixed(2)} ms each`),
      figure('pending', 'Pending writes', num(metrics.tributary_store_pending_batches), 'batches'),
      figure('memory', 'Memory', bytes(metrics.tributary_memory_used_bytes),
        metrics.tributary_memory_limit_bytes ? `of ${bytes(metrics.tributary_memory_limit_bytes)}` : null));
    fill(charts,
      lineChart('Messages ready, all queues', [{name: 'ready', cls: 's1', points: series(s => sumQueues(s, 'depth'))},
        {name: 'in flight', cls: 's2', points: series(s => sumQueues(s, 'inFlight'))}]),
      lineChart('Messages per second', [{name: 'enqueued', cls: 's1', points: enq},
        {name: 'acknowledged', cls: 's3', points: ack}], {rates: true}));
  };
  await tick();
  return tick;
}

// ------------------------------------------------------------------ addresses and queues

async function addresses(main) {
  const box = h('div');
  main.append(h('p', {class: 'hint', text: 'Depth and enqueue rate of each address over the last ten minutes, '
    + 'sampled every two seconds while the console is open.'}), box);
  const tick = async () => {
    const list = await api('/api/addresses');
    const of = name => q => q.address === name;
    fill(box, table(['Address', 'Kind', 'Messages', 'Consumers', 'Depth', 'Enqueued / s', ''], list.map(a => {
      const depth = series(s => sumQueues(s, 'depth', of(a.name)));
      const enq = rateSeries(s => sumQueues(s, 'enqueued', of(a.name)));
      const target = a.kind === 'stream' ? `#/stream/${seg(a.name)}` : a.kind === 'queue' ? `#/queue/${seg(a.name)}`
        : `#/queues/${seg(a.name)}`;
      return h('tr', {'data-row': a.name},
        h('td', {}, link(target, a.name), a.temporary ? h('span', {class: 'badge', text: 'temporary'}) : null),
        h('td', {'data-col': 'kind', text: a.kind}),
        h('td', {'data-col': 'messages', class: 'n', text: num(a.messages)}),
        h('td', {'data-col': 'consumers', class: 'n', text: num(a.consumers)}),
        h('td', {class: 'spark-cell'}, sparkline(depth, 's1', `depth of ${a.name}`)),
        h('td', {class: 'spark-cell'}, sparkline(enq, 's3', `enqueue rate of ${a.name}`)),
        h('td', {'data-col': 'rate', class: 'n', text: rate(last(enq))}));
    }), 'No addresses yet.'));
  };
  await tick();
  return tick;
}

async function queues(main, address) {
  const box = h('div');
  main.append(box);
  if (address) {
    main.querySelector('h2').textContent = `Queues of ${address}`;
  }
  const tick = async () => {
    const list = (await api('/api/queues')).filter(q => !address || q.address === address);
    fill(box, table(['Queue', 'Address', 'Ready', 'In flight', 'Scheduled', 'Consumers', 'Enqueued', 'Acknowledged',
      'Dead-lettered', 'Oldest', 'Paging'], list.map(q => h('tr', {'data-row': q.name},
      h('td', {}, queueLink(q.name)), h('td', {text: q.address}),
      ...['depth', 'inFlight', 'scheduled', 'consumers', 'enqueued', 'acknowledged', 'deadLettered']
        .map(f => h('td', {'data-col': f, class: 'n', text: num(q[f])})),
      h('td', {class: 'n', text: age(q.oldestMessageAgeMillis)}),
      h('td', {text: q.paging ? `paging (${num(q.pagedOut)} out)` : 'in memory'}))), 'No queues.'));
  };
  await tick();
  return tick;
}

/** The names of the dead-letter queues: each address's dead-letter-address (DLQ.NAME unless set), and DLQ.*. */
async function deadLetterNames() {
  const list = await api('/api/addresses');
  const names = new Map();
  for (const a of list) {
    const dla = a.settings && 'dead-letter-address' in a.settings ? a.settings['dead-letter-address'] : `DLQ.${a.name}`;
    if (dla) {
      names.set(dla, [...(names.get(dla) || []), a.name]);
    }
  }
  return names;
}

async function queue(main, name) {
  main.querySelector('h2').textContent = `Queue ${name}`;
  const figures = h('div', {class: 'figures'});
  const charts = h('div', {class: 'charts'});
  const detail = h('div', {id: 'message-detail'});
  const consumers = h('div', {id: 'consumers'});
  const messages = h('div', {id: 'messages'});
  const selector = h('input', {id: 'selector', type: 'text', placeholder: "e.g. color = 'red' AND JMSPriority > 4",
    size: 48});
  const limit = h('input', {id: 'limit', type: 'number', min: 1, max: 1000, value: 50});
  const isDlq = (await deadLetterNames()).has(name) || name.startsWith('DLQ.');
  const manage = await may('manage', name);
  const browse = async () => {
    const query = `limit=${seg(limit.value || 50)}` + (selector.value.trim() ? `&selector=${seg(selector.value)}` : '');
    try {
      const list = await api(`/api/queues/${seg(name)}/messages?${query}`);
      fill(messages, h('p', {class: 'hint', 'data-figure': 'shown',
        text: `${list.length} message(s) shown, at most ${limit.value}, oldest first.`}),
      table(['ID', 'Message ID', 'Priority', 'Deliveries', 'Size', 'Durable', 'Application properties', ''],
        list.map(m => messageRow(name, m, manage, isDlq, browse, detail)), 'No message matches.'));
    } catch (e) {
      fill(messages, h('p', {class: 'failed', id: 'browse-error', text: e.message}));
    }
  };
  const tick = async () => {
    const [q, attached] = await Promise.all([api(`/api/queues/${seg(name)}`),
      api(`/api/queues/${seg(name)}/consumers`)]);
    fill(consumers, consumerTable(attached));
    fill(figures, ...[['depth', 'Ready'], ['inFlight', 'In flight'], ['scheduled', 'Scheduled'],
      ['consumers', 'Consumers'], ['enqueued', 'Enqueued'], ['delivered', 'Delivered'],
      ['acknowledged', 'Acknowledged'], ['deadLettered', 'Dead-lettered'], ['expired', 'Expired']]
      .map(([f, label]) => figure(f, label, num(q[f]))),
    figure('oldest', 'Oldest message', age(q.oldestMessageAgeMillis)),
    figure('paged-out', 'Paged out', num(q.pagedOut), q.paging ? 'paging to the store' : 'all in memory'),
    figure('memory', 'Memory', bytes(q.memoryBytes)));
    fill(charts, lineChart('Ready and in flight', [
      {name: 'ready', cls: 's1', points: series(s => s.queues.get(name)?.depth)},
      {name: 'in flight', cls: 's2', points: series(s => s.queues.get(name)?.inFlight)}]),
    lineChart('Messages per second', [
      {name: 'enqueued', cls: 's1', points: rateSeries(s => s.queues.get(name)?.enqueued)},
      {name: 'acknowledged', cls: 's3', points: rateSeries(s => s.queues.get(name)?.acknowledged)}], {rates: true}));
  };
  await tick();
  const actions = h('div', {class: 'actions'},
    manage && isDlq ? changeButton('retry-all', 'Retry all dead letters', async () => {
      const r = await api(`/api/queues/${seg(name)}/retry`, 'POST');
      return `${r.retried} message(s) sent back to their original address.`;
    }, async () => { await tick(); await browse(); }) : null);
  main.append(figures, actions, charts, section('Consumers', h('p', {class: 'hint', text: 'A consumer marked red '
    + 'holds deliveries it has not acknowledged for a while: it may be stuck.'}), consumers), section('Messages',
    h('form', {class: 'browse', onsubmit: e => { e.preventDefault(); browse(); }},
      h('label', {}, 'Selector ', selector), h('label', {}, 'Limit ', limit),
      h('button', {type: 'submit', id: 'browse', text: 'Browse'})),
    messages, detail));
  await browse();
  return tick;
}

function messageRow(queueName, m, manage, isDlq, refresh, detail) {
  const target = h('input', {type: 'text', placeholder: 'address', size: 12, 'data-input': 'move-to'});
  const base = `/api/queues/${seg(queueName)}/messages/${m.id}`;
  const props = Object.entries(m.applicationProperties || {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return h('tr', {'data-row': String(m.id)},
    h('td', {}, h('a', {href: '#', 'data-action': 'show', text: String(m.id),
      onclick: e => { e.preventDefault(); showMessage(queueName, m, detail); }})),
    h('td', {class: 'mono', text: m.properties.messageId ?? '–'}),
    h('td', {class: 'n', text: m.header.priority}),
    h('td', {class: 'n', 'data-col': 'deliveries', text: m.deliveryCount}),
    h('td', {class: 'n', text: bytes(m.size)}),
    h('td', {text: m.header.durable ? 'yes' : 'no'}),
    h('td', {class: 'mono props', text: props || '–'}),
    h('td', {}, h('div', {class: 'row-actions'}, manage ? [
      isDlq ? changeButton('retry', 'Retry', async () => {
        await api(`${base}/retry`, 'POST');
        return `message ${m.id} sent back to its original address.`;
      }, refresh) : null,
      h('span', {class: 'move'}, target, h('button', {type: 'button', class: 'change', 'data-action': 'move',
        text: 'Move', onclick: async () => {
          try {
            await api(`${base}/move?to=${seg(target.value.trim())}`, 'POST');
            notice(`message ${m.id} moved to ${target.value.trim()}.`);
          } catch (e) {
            notice(e.message, true);
          }
          await refresh();
        }})),
      changeButton('delete', 'Delete', async () => {
        await api(base, 'DELETE');
        return `message ${m.id} deleted.`;
      }, refresh)] : null)));
}

/** One message in full: GET .../messages/{id} when the broker has it, else what the browse showed. */
async function showMessage(queueName, browsed, detail) {
  let m = browsed;
  let note = null;
  try {
    m = await api(`/api/queues/${seg(queueName)}/messages/${browsed.id}`);
  } catch (e) {
    note = e.status === 404 || e.status === 405 ? 'The body is not shown: this broker does not answer one message by '
      + 'its id.' : `The body is not shown: ${e.message}`;
  }
  const when = t => t ? `${new Date(t).toISOString()} (${t})` : null;
  const properties = {...m.properties, creationTime: when(m.properties.creationTime),
    absoluteExpiryTime: when(m.properties.absoluteExpiryTime)};
  const kv = (title, obj) => section(title, h('dl', {class: 'kv'}, Object.entries(obj || {}).flatMap(([k, v]) =>
    [h('dt', {text: k}), h('dd', {class: 'mono', text: v === null ? '–' : typeof v === 'object'
      ? JSON.stringify(v) : String(v)})])));
  fill(detail, h('div', {class: 'panel', 'data-message': String(m.id)},
    h('h3', {text: `Message ${m.id}`},
      m.properties?.messageId ? link(`#/trace/${seg(m.properties.messageId)}`, 'trace') : null),
    kv('Header', {...m.header, deliveryCount: m.deliveryCount, size: m.size}), kv('Properties', properties),
    kv('Application properties', m.applicationProperties), kv('Message annotations', m.messageAnnotations),
    m.body !== undefined ? section('Body', h('pre', {class: 'body', text: typeof m.body === 'string' ? m.body
      : JSON.stringify(m.body, null, 2)})) : null,
    note ? h('p', {class: 'hint', text: note}) : null));
  detail.scrollIntoView({block: 'nearest'});
}

async function deadLetters(main) {
  const box = h('div');
  main.append(h('p', {class: 'hint', text: 'Messages that could not be delivered (too many delivery attempts, or '
    + 'rejected). Retry sends them back to the address they were first sent to.'}), box);
  const tick = async () => {
    const [names, list] = await Promise.all([deadLetterNames(), api('/api/queues')]);
    const dlqs = list.filter(q => names.has(q.name) || q.name.startsWith('DLQ.'));
    const rows = await Promise.all(dlqs.map(async q => h('tr', {'data-row': q.name},
      h('td', {}, queueLink(q.name)),
      h('td', {text: (names.get(q.name) || []).join(', ') || '–'}),
      h('td', {'data-col': 'depth', class: 'n', text: num(q.depth)}),
      h('td', {class: 'n', text: age(q.oldestMessageAgeMillis)}),
      h('td', {class: 'row-actions'}, await may('manage', q.name) && q.depth > 0
        ? changeButton('retry-all', 'Retry all', async () => {
          const r = await api(`/api/queues/${seg(q.name)}/retry`, 'POST');
          return `${r.retried} message(s) from ${q.name} sent back to their original address.`;
        }, tick) : null))));
    fill(box, table(['Dead-letter queue', 'For address', 'Messages', 'Oldest', ''], rows,
      'No dead-letter queue has been created yet.'));
  };
  await tick();
  return null; // not refreshed by itself: a Retry button must not move under the pointer
}

// ------------------------------------------------------------------ streams

async function streams(main) {
  const list = await api('/api/streams');
  main.append(table(['Stream', 'Partitions', 'Messages', 'Size', 'Consumer groups'], list.map(s => h('tr',
    {'data-row': s.name},
    h('td', {}, link(`#/stream/${seg(s.name)}`, s.name)),
    h('td', {'data-col': 'partitions', class: 'n', text: num(s.partitions)}),
    h('td', {'data-col': 'messages', class: 'n', text: num(s.messages)}),
    h('td', {class: 'n', text: bytes(s.bytes)}),
    h('td', {'data-col': 'groups', text: Array.isArray(s.groups) ? s.groups.map(g => g.group ?? g).join(', ') || '–'
      : num(s.groups)}))), 'No streams.'));
  return null;
}

async function stream(main, name) {
  main.querySelector('h2').textContent = `Stream ${name}`;
  const box = h('div');
  main.append(box);
  const tick = async () => {
    const s = await api(`/api/streams/${seg(name)}`);
    fill(box, section('Partitions', table(['Partition', 'First offset', 'Last offset', 'Messages', 'Size'],
      s.partitions.map(p => h('tr', {'data-row': String(p.partition)},
        h('td', {class: 'n', text: p.partition}), h('td', {class: 'n', text: num(p.firstOffset)}),
        h('td', {class: 'n', text: num(p.lastOffset)}),
        h('td', {class: 'n', 'data-col': 'messages', text: num(p.messages)}),
        h('td', {class: 'n', text: bytes(p.bytes)}))))),
    s.groups.length ? s.groups.map(g => h('section', {class: 'group', 'data-group': g.group},
      h('h3', {text: `Consumer group ${g.group}`}),
      h('div', {class: 'figures'}, figure('lag', 'Lag', num(g.lag), 'messages behind'),
        figure('consumers', 'Consumers', num(g.consumers))),
      barChart(`Lag per partition of ${g.group}`, g.partitions.map(p => ({label: `partition ${p.partition}`,
        value: p.lag})), 's2'),
      table(['Partition', 'Committed offset', 'Last offset', 'Lag'], g.partitions.map(p => h('tr',
        {'data-row': String(p.partition)}, h('td', {class: 'n', text: p.partition}),
        h('td', {class: 'n', text: num(p.committedOffset)}), h('td', {class: 'n', text: num(p.lastOffset)}),
        h('td', {class: 'n', 'data-col': 'lag', text: num(p.lag)}))))))
      : h('p', {class: 'hint', text: 'No consumer group reads this stream.'}));
  };
  await tick();
  return tick;
}

// ------------------------------------------------------------------ connections

async function connections(main) {
  const box = h('div');
  main.append(box);
  const manage = await may('manage');
  const load = async () => {
    const list = await api('/api/connections');
    fill(box, table(['Connection', 'User', 'From', 'Container', 'Client ID', 'Since', 'Sessions', 'Producers',
      'Consumers', ''], list.map(c => h('tr', {'data-row': c.id},
      h('td', {class: 'mono', text: c.id}), h('td', {text: c.user ?? '–'}), h('td', {text: c.remoteAddress}),
      h('td', {class: 'mono', text: c.containerId ?? '–'}), h('td', {text: c.clientId ?? '–'}),
      h('td', {class: 'nowrap', text: new Date(c.connectedAt).toLocaleString('sv-SE')}),
      h('td', {class: 'n', text: c.sessions}), h('td', {class: 'n', text: c.producers}),
      h('td', {class: 'n', text: c.consumers}),
      h('td', {class: 'row-actions'}, manage ? changeButton('close', 'Close', async () => {
        await api(`/api/connections/${seg(c.id)}`, 'DELETE');
        return `connection ${c.id} closed.`;
      }, load) : null))), 'No client is connected.'));
  };
  await load();
  return null;
}

// ------------------------------------------------------------------ trace

async function trace(main, id) {
  const input = h('input', {id: 'trace-id', type: 'text', size: 40, placeholder: 'message-id', value: id || ''});
  const box = h('div', {id: 'trace'});
  main.append(h('form', {class: 'browse', onsubmit: e => {
    e.preventDefault();
    location.hash = `#/trace/${seg(input.value.trim())}`;
  }}, h('label', {}, 'Message ID ', input), h('button', {type: 'submit', text: 'Trace'})), box);
  if (!id) {
    return null;
  }
  const traces = await api(`/api/messages/${seg(id)}/trace`);
  const time = t => typeof t === 'number' ? t : Date.parse(t);
  fill(box, traces.length ? traces.map(tr => {
    const events = tr.events.map(e => ({...e, time: time(e.time)})).sort((a, b) => a.time - b.time);
    const first = events.length ? events[0].time : 0;
    return h('section', {class: 'trace', 'data-trace': tr.messageId},
      h('h3', {text: `${tr.messageId} on ${tr.address}` + (tr.brokerId ? ` (broker ${tr.brokerId})` : '')}),
      timeline(`Events of ${tr.messageId}`, events),
      h('ol', {class: 'events'}, events.map(e => h('li', {'data-event': e.type},
        h('span', {class: 'when', text: `${new Date(e.time).toISOString().slice(11, 23)} (+${e.time - first} ms)`}),
        h('span', {class: `type ${e.type}`, text: e.type}),
        h('span', {class: 'mono', text: Object.entries(e).filter(([k]) => k !== 'time' && k !== 'type')
          .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join('  ')})))));
  }) : h('p', {class: 'hint', text: `No trace of ${id}: tracing may be off for its address, or it is past `
    + 'retention.'}));
  return null;
}

/** The pages by the first word of the hash (#/queue/orders → queue with the argument orders). */
export const pages = {
  '': {title: 'Overview', nav: 'overview', render: overview},
  addresses: {title: 'Addresses', nav: 'addresses', render: addresses},
  queues: {title: 'Queues', nav: 'queues', render: queues},
  queue: {title: 'Queue', nav: 'queues', render: queue},
  dlq: {title: 'Dead letters', nav: 'dlq', render: deadLetters},
  streams: {title: 'Streams', nav: 'streams', render: streams},
  stream: {title: 'Stream', nav: 'streams', render: stream},
  connections: {title: 'Connections', nav: 'connections', render: connections},
  trace: {title: 'Message trace', nav: 'trace', render: trace},
};
