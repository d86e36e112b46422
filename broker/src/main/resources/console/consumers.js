// The consumers of one queue, as the queue page shows them: who each is, what it holds, and when it last took and
// acknowledged a message. A consumer that holds unsettled deliveries and has acknowledged nothing for STUCK_MILLIS
// (since it attached, when it never has) is marked stuck.
import {h, num, table} from './lib.js';

/** How long a consumer may hold deliveries without acknowledging any before it is marked stuck. */
export const STUCK_MILLIS = 10_000;

const time = iso => iso ? new Date(iso).toLocaleTimeString('sv-SE') : '–';

/** Whether `c` holds deliveries and has not acknowledged one for STUCK_MILLIS (at `now`, epoch millis). */
export function stuck(c, now) {
  return c.unsettled > 0 && now - Date.parse(c.lastAcknowledgement ?? c.since) > STUCK_MILLIS;
}

/** The table of `list` (GET /api/queues/Q/consumers), one row per consumer, data-row its connection and link. */
export function consumerTable(list, now = Date.now()) {
  return table(['Connection', 'Link', 'User', 'From', 'Since', 'Selector', 'Credit', 'Unsettled', 'Delivered',
    'Acknowledged', 'Last delivery', 'Last ack'], list.map(c => {
    const held = stuck(c, now);
    return h('tr', {'data-row': `${c.connection}/${c.link}`, class: held ? 'stuck' : null,
      title: held ? `holds ${c.unsettled} unsettled deliveries and has acknowledged none for over `
        + `${STUCK_MILLIS / 1000} s` : null},
    h('td', {class: 'mono', text: c.connection}), h('td', {class: 'mono', text: c.link}),
    h('td', {text: c.user ?? '–'}), h('td', {text: c.remote ?? '–'}),
    h('td', {class: 'nowrap', text: new Date(c.since).toLocaleString('sv-SE')}),
    h('td', {class: 'mono', text: c.selector ?? '–'}),
    ...['credit', 'unsettled', 'delivered', 'acknowledged'].map(f => h('td', {'data-col': f, class: 'n',
      text: num(c[f])})),
    h('td', {'data-col': 'lastDelivery', class: 'nowrap', text: time(c.lastDelivery)}),
    h('td', {'data-col': 'lastAcknowledgement', class: 'nowrap', text: time(c.lastAcknowledgement)}));
  }), 'No consumer is attached.');
}
