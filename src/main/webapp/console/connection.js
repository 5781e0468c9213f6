/*
 * The connection as the person sees it: the badge in the header (with Retry while not connected), the
 * Connection panel's facts, and a log of recent frames.
 */

import { $, h } from './dom.js';
import { short } from './format.js';

const STATE_TEXT = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…', closed: 'Disconnected' };

export function showState(app, status) {
  const badge = $('#connection-state');
  badge.dataset.state = status.state;
  let text = STATE_TEXT[status.state];
  if (status.state === 'reconnecting') text = `Reconnecting… (attempt ${status.attempt})`;
  if (status.state === 'closed' && status.reason) text = `Disconnected: ${status.reason}`;
  badge.textContent = text;
  renderConnection(app);
}

export function renderConnection(app) {
  if (!app.client) return;
  const s = app.client.status;
  const set = (id, value) => { $(id).textContent = value ?? '—'; };
  set('#conn-state', s.state);
  set('#conn-url', s.url);
  set('#conn-tenant', s.tenantId ?? app.me?.tenantId);
  set('#conn-participant', s.participantType ? `${s.participantType} ${s.participantId}` : null);
  set('#conn-id', s.connectionId);
  set('#conn-latency', s.latencyMs === null ? null : `${s.latencyMs} ms`);
  set('#conn-attempts', String(s.attempt));
  set('#conn-reconnects', String(s.reconnects));
  set('#conn-next-retry', s.state === 'reconnecting' && s.retryAt
    ? `in ${Math.max(0, Math.ceil((s.retryAt - Date.now()) / 1000))} s` : null);
  set('#conn-close-reason', s.code || s.reason ? `${s.code ?? ''} ${s.reason ?? ''}`.trim() : null);
  set('#conn-queued', String(s.queued));
  $('#conn-disconnect').textContent = s.state === 'closed' ? 'Connect' : 'Disconnect';
  $('#conn-reconnect').disabled = s.state === 'open' || s.state === 'connecting';
  $('#connection-retry').hidden = s.state === 'open' || s.state === 'connecting';
}

export function logFrame(frame) {
  const log = $('#frame-log');
  const text = JSON.stringify(frame);
  log.prepend(h('li', { 'data-type': frame.type }, `${new Date().toLocaleTimeString()} ${short(text, 400)}`));
  while (log.children.length > 50) log.lastElementChild.remove();
}

export function setupConnectionPanel(app) {
  // The retry button sits beside the connection badge, shown while not connected.
  $('#connection-state').after(h('button', { type: 'button', id: 'connection-retry', 'data-testid': 'connection-retry',
    class: 'secondary small', hidden: true }, 'Retry now'));
  $('#conn-reconnect').addEventListener('click', () => app.client?.reconnect());
  $('#connection-retry').addEventListener('click', () => app.client?.reconnect());
  $('#conn-disconnect').addEventListener('click', () => {
    if (!app.client) return;
    if (app.client.state === 'closed') app.client.connect();
    else app.client.close('closed from the console');
  });
}
