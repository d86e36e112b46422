// The consumers of one queue, as the queue page shows them: who each is, what it holds, and when it last took and
// acknowledged a message. The API marks `stuck` a consumer that holds unsettled deliveries and has acknowledged
// nothing for the broker's http.stuck-consumer-after (since it attached, when it never has); GET /api/me says how long
// that is.
import {currentUser, h, num, table} from './lib.js';

const time = iso => iso ? new Date(iso).toLocaleTimeString('sv-SE') : '–';

/** The broker's stuck-consumer threshold in seconds, as GET /api/me gave it. */
function stuckSeconds() {
  return (currentUser()?.stuckConsumerAfterMillis ?? 0) / 1000;
}

/** The table of `list` (GET /api/queues/Q/consumers), one row per consumer, data-row its connection and link. */
export function consumerTable(list) {
  return table(['Connection', 'Link', 'User', 'From', 'Since', 'Selector', 'Credit', 'Unsettled', 'Delivered',
    'Acknowledged', 'Last delivery', 'Last ack'], list.map(c => {
    const held = c.stuck === true;
    return h('tr', {'data-row': `${c.connection}/${c.link}`, class: held ? 'stuck' : null,
      title: held ? `holds ${c.unsettled} unsettled deliveries and has acknowledged none for over `
        + `${stuckSeconds()} s` : null},
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
