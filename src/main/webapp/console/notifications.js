/*
 * The notifications panel: live events for this account (message status, sync pushes, the tenant's
 * own events), and for admins a form to publish a test event. `message_status` also moves the ticks
 * of our messages.
 */

import { $, h, busy } from './dom.js';
import { describeError } from './format.js';
import { chatOf, isOpen } from './chats/model.js';
import { renderMessages } from './chats/conversation.js';

export function onNotification(app, frame) {
  if (frame.type === 'message_status') {
    const { chat_id: chatId, message_id: id, status } = frame.data ?? {};
    const state = chatOf(app, chatId);
    if (state) {
      if (status === 'delivered') state.delivered.add(String(id));
      if (status === 'read') state.readIds.add(String(id));
      if (isOpen(app, state)) renderMessages(app);
    }
  }
  const list = $('#notifications-list');
  list.prepend(h('li', { 'data-testid': 'notification-item', 'data-event': frame.event },
    h('span', { class: 'event-name', text: frame.event }), ' ',
    h('time', { class: 'muted small-text', text: new Date().toLocaleTimeString() }),
    h('pre', { class: 'mono', text: JSON.stringify(frame.data ?? {}, null, 0) })));
  while (list.children.length > 100) list.lastElementChild.remove();
  if ($('#tab-notifications').getAttribute('aria-selected') !== 'true') {
    app.unseenNotifications++;
    $('#notifications-count').textContent = String(app.unseenNotifications);
    $('#notifications-count').hidden = false;
  }
}

/** Looking at the panel: nothing is unseen any more. */
export function notificationsSeen(app) {
  app.unseenNotifications = 0;
  $('#notifications-count').hidden = true;
}

export function setupNotifications(app) {
  $('#notifications-clear').addEventListener('click', () => $('#notifications-list').replaceChildren());
  $('#publish-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('#publish-result');
    const button = $('#publish-submit');
    busy(button, true);
    try {
      const text = $('#publish-data').value.trim();
      const data = text ? JSON.parse(text) : {};
      const answer = await app.api.publish({ event: $('#publish-event').value.trim(), data });
      result.textContent = `Delivered to ${answer.delivered} connection${answer.delivered === 1 ? '' : 's'}.`;
    } catch (failure) {
      result.textContent = failure instanceof SyntaxError ? 'Data must be a JSON object.' : describeError(failure);
    } finally {
      busy(button, false);
    }
  });
}
