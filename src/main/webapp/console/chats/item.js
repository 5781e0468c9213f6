/* One chat as an entry of a list: the same markup in the chat list and the visitor inbox. */

import { h } from '../dom.js';
import { chatTitle, isOpen } from './model.js';

/**
 * `extra`: more lines under the preview; `label`: more words for the button's accessible name.
 * The item's `data-chat-id` is the chat id as a string, whatever its kind.
 */
export function chatItem(app, state, { extra = [], label = [], testid = 'chat-item' } = {}) {
  const online = state.online.size > 0;
  const title = chatTitle(app, state);
  const described = [title, ...label, state.unread ? `${state.unread} unread` : null, online ? 'online' : null];
  return h('li', { 'data-chat-id': state.key, 'data-testid': testid },
    h('button', { type: 'button', class: 'chat-item', 'aria-current': isOpen(app, state) ? 'true' : null,
      'aria-label': described.filter(Boolean).join(', ') },
    h('span', { class: 'title', text: title }),
    h('span', { class: 'preview', text: state.chat.last_message_preview ?? 'No messages yet' }),
    ...extra,
    h('span', { class: 'side' },
      online ? h('span', { class: 'online-dot', 'data-testid': 'online-marker', text: 'online' }) : null,
      state.unread ? h('span', { class: 'count', 'data-testid': 'unread-count', text: String(state.unread) }) : null)));
}

