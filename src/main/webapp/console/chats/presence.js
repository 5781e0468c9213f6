/* Who is online in a chat and who is typing: ephemeral, never stored, forgotten when disconnected. */

import { $ } from '../dom.js';
import { keyOf } from '../format.js';
import { chatOf, isOpen, participantName } from './model.js';
import { renderChatList } from './list.js';

export function renderPresence(app, state) {
  if (isOpen(app, state)) {
    const names = [...state.online].map((k) => participantName(state, k));
    $('#chat-presence').textContent = names.length ? `${names.join(', ')} online`
      : app.client?.state === 'open' ? 'Nobody else is online' : '';
  }
  renderChatList(app);
}

/** `presence`: everyone online in the chat, on each join. */
export function onPresence(app, { chat_id: chatId, online }) {
  const state = chatOf(app, chatId);
  if (!state) return;
  state.online = new Set(online.map((p) => keyOf(p.participant_type, p.participant_id)).filter((k) => k !== app.me.key));
  renderPresence(app, state);
}

/** `user_joined` and `user_left`. */
export function changePresence(app, frame, online) {
  const state = chatOf(app, frame.chat_id);
  const key = keyOf(frame.participant_type, frame.participant_id);
  if (!state || key === app.me.key) return;
  if (online) state.online.add(key);
  else state.online.delete(key);
  renderPresence(app, state);
}

/** `typing`, also from the assistant while it writes a reply. */
export function onTyping(app, frame) {
  const state = chatOf(app, frame.chat_id);
  const key = keyOf(frame.participant_type, frame.participant_id);
  if (!state || key === app.me.key) return;
  clearTimeout(state.typing.get(key));
  if (frame.is_typing) {
    // A `false` may be lost (typing is ephemeral): the indicator goes away on its own.
    state.typing.set(key, setTimeout(() => {
      state.typing.delete(key);
      renderTyping(app, state);
    }, 6000));
  } else {
    state.typing.delete(key);
  }
  renderTyping(app, state);
}

export function renderTyping(app, state) {
  if (!isOpen(app, state)) return;
  const names = [...state.typing.keys()].map((k) => participantName(state, k));
  $('#typing-indicator').textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
}
