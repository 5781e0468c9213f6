/*
 * Writing: the composer, typing signals, and our messages until they are stored. A message shows at
 * once as pending; parley.js queues it while offline and resends it with the same client_message_id,
 * so it is stored once; a refused one can be retried. Files reach here uploaded (attach.js), as pending
 * messages with `media`: the upload's answer.
 */

import { $, announce } from '../dom.js';
import { describeError } from '../format.js';
import { isOpen } from './model.js';
import { renderMessages } from './conversation.js';
import { setReply } from './reply.js';

function send(app) {
  const input = $('#message-input');
  const text = input.value;
  const state = app.chats.get(app.openChatId);
  if (!state || !text.trim()) return;
  const pending = { content: text, replyTo: app.replyTo?.id ?? null, status: 'sending', createdAt: Date.now() };
  input.value = '';
  setReply(app, null);
  sendPending(app, state, pending);
}

/** Sends a new message of ours: `{content, replyTo, media?, messageType?, status: 'sending', createdAt}`. */
export function sendPending(app, state, pending) {
  stopTyping(app, state.id);
  transmit(app, state, pending);
  if (isOpen(app, state)) renderMessages(app, { toBottom: true });
}

/** Sends (or resends, with the same client_message_id so it is stored once) a pending message. */
function transmit(app, state, pending) {
  const opts = { replyTo: pending.replyTo ?? undefined, clientMessageId: pending.cmid };
  const promise = pending.media
    ? app.client.sendMedia(state.id, pending.media, { ...opts, caption: pending.content, messageType: pending.messageType })
    : app.client.send(state.id, pending.content, opts);
  pending.cmid = promise.clientMessageId;
  state.pending.set(pending.cmid, pending);
  promise.then(() => {}, (failure) => {
    if (!state.pending.has(pending.cmid)) return;
    pending.status = 'failed';
    pending.error = describeError(failure);
    if (isOpen(app, state)) renderMessages(app);
    announce(`Message not sent: ${pending.error}`);
  });
}

function resend(app, state, pending) {
  pending.status = 'sending';
  pending.error = null;
  if (app.client.state === 'closed') app.client.connect();
  transmit(app, state, pending);
  renderMessages(app);
}

function stopTyping(app, chatId) {
  clearTimeout(app.timers.typing);
  app.client?.typing(chatId, false);
}

/** `message_ack`: stored; the message itself follows as a `message` frame. */
export function onAck(app, ack) {
  const state = app.chats.get(String(ack.chat_id));
  const pending = state?.pending.get(ack.client_message_id);
  if (!pending) return;
  pending.status = 'sent';
  if (isOpen(app, state)) renderMessages(app);
}

export function setupComposer(app) {
  const input = $('#message-input');
  $('#composer').addEventListener('submit', (event) => {
    event.preventDefault();
    send(app);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(app);
    }
  });
  input.addEventListener('input', () => {
    if (!app.openChatId || !app.client) return;
    const chatId = app.chats.get(app.openChatId)?.id;
    if (chatId === undefined) return;
    if (input.value) app.client.typing(chatId, true); // parley.js sends at most one `true` every few seconds
    clearTimeout(app.timers.typing);
    app.timers.typing = setTimeout(() => app.client?.typing(chatId, false), 3000);
  });
  // Reply and Retry buttons inside messages.
  $('#message-list').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-testid="reply-button"], button[data-testid="retry-button"]');
    const item = button?.closest('li');
    const state = app.chats.get(app.openChatId);
    if (!item || !state) return;
    if (button.dataset.testid === 'reply-button') {
      const message = state.messages.get(item.dataset.messageId);
      if (message) setReply(app, message);
    } else {
      const pending = state.pending.get(item.dataset.clientMessageId);
      if (pending) resend(app, state, pending);
    }
  });
}
