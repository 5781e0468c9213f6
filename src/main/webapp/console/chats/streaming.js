/*
 * Assistant replies as they are written (the console connects with `stream: true`): a bubble keyed
 * by the reply's message id grows with each `message_delta`, and the final `message` with the same id
 * replaces it. A reply that stores nothing (stopped before a word, or dropped by a takeover) has no
 * final message: its bubble ends with the assistant's `typing` false or a handoff away from it (live.js).
 * Stop asks the assistant to end the reply where it is.
 */

import { $, announce, byData } from '../dom.js';
import { chatOf, isAssistant, isOpen } from './model.js';
import { renderMessages } from './conversation.js';

/** `message_delta` {chat_id, message_id, index, delta}: pieces are placed by index, so a repeat changes nothing. */
export function onDelta(app, frame) {
  const state = chatOf(app, frame.chat_id);
  if (!state || frame.message_id === undefined || frame.message_id === null) return;
  const key = String(frame.message_id);
  if (state.messages.has(key)) return; // already complete
  let stream = state.streams.get(key);
  const created = !stream;
  if (created) {
    // The assistant's name as its earlier replies in the chat give it; the final message brings it anyway.
    const earlier = [...state.messages.values()].filter(isAssistant).sort((a, b) => b.seq - a.seq)[0];
    stream = { messageId: key, parts: [], text: '', startedAt: Date.now(), stopping: false, senderName: earlier?.sender_name };
    state.streams.set(key, stream);
  }
  const index = Number.isInteger(frame.index) ? frame.index : stream.parts.length;
  stream.parts[index] = String(frame.delta ?? '');
  stream.text = stream.parts.join('');
  // A reply whose end never comes (its writer gone) must not stay on screen as if still being written.
  clearTimeout(stream.idle);
  stream.idle = setTimeout(() => endStream(app, state, key), IDLE_MS);
  if (!isOpen(app, state)) return;
  // A growing bubble changes only its own text: rebuilding the list on every piece would lose the
  // reader's text selection. The list is redrawn only when a bubble comes (or goes, below).
  const content = created ? null : $(`#message-list li${byData('stream-id', key)} [data-testid="stream-content"]`);
  if (!content) {
    renderMessages(app);
    return;
  }
  const scroller = $('#message-scroller');
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
  content.textContent = stream.text;
  if (atBottom) scroller.scrollTop = scroller.scrollHeight; // a reader at the bottom follows the reply
}

const IDLE_MS = 60_000;

function endStream(app, state, key) {
  const stream = state.streams.get(key);
  if (!stream) return;
  clearTimeout(stream.idle);
  state.streams.delete(key);
  if (isOpen(app, state)) renderMessages(app);
}

/** The assistant stopped writing, or handed the chat on: no `message` is coming for the replies shown as written. */
export function endStreams(app, chatId) {
  const state = chatOf(app, chatId);
  for (const key of state ? [...state.streams.keys()] : []) endStream(app, state, key);
}

export function setupStreaming(app) {
  $('#message-list').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-testid="stop-generation"]');
    const state = app.chats.get(app.openChatId);
    const stream = state?.streams.get(button?.closest('li[data-stream-id]')?.dataset.streamId);
    if (!stream || stream.stopping) return;
    if (app.client?.stopGeneration(state.id)) {
      stream.stopping = true;
      announce('Stopping the assistant\'s reply.');
      renderMessages(app);
      $('#message-input').focus(); // the Stop button is gone once the reply ends
    } else {
      announce('Not connected: the reply cannot be stopped now.');
    }
  });
}
