/*
 * What the connection says about chats: new messages, edits, deletions, reads and new chats. Each
 * handler updates the chat's state, then redraws what shows it.
 */

import { announce } from '../dom.js';
import { describeError, keyOf, short } from '../format.js';
import { chatOf, chatTitle, isAssistant, isMine, isOpen, isVisitorChat, senderLabel } from './model.js';
import { loadChats, refreshChats, renderChatList } from './list.js';
import { markLatestRead, renderMessages } from './conversation.js';
import { renderPresence, renderTyping } from './presence.js';
import { loadVisitorChats, noteAttention } from '../visitors/inbox.js';
import { renderChatHead } from '../visitors/handoff.js';
import { summary } from './media.js';

/** Assistant replies that end like this need a person to look: no answer, or the model failed. */
const NEEDS_A_PERSON = ['no_answer', 'timeout', 'error'];

export function onMessage(app, { chat_id: chatId, message: m, replayed }) {
  const state = chatOf(app, chatId ?? m.chat_id);
  if (!state) {
    refreshChats(app).catch(() => {});
    return;
  }
  state.messages.set(String(m.id), m);
  clearTimeout(state.streams.get(String(m.id))?.idle);
  state.streams.delete(String(m.id)); // a streamed reply is complete
  if (m.client_message_id) state.pending.delete(m.client_message_id);
  state.chat.last_message_preview = m.is_deleted ? null : short(summary(m) || m.message_type, 100);
  state.chat.last_message_at = m.created_at;
  state.chat.last_seq = Math.max(state.chat.last_seq ?? 0, m.seq);
  if (isVisitorChat(state) && isAssistant(m) && NEEDS_A_PERSON.includes(m.metadata?.finish_reason)) {
    const before = state.chat.needs_attention;
    state.chat.needs_attention = true;
    if (app.me.isStaff) noteAttention(app, state, before);
    renderChatHead(app, state);
  }
  if (!isMine(app, m)) {
    const key = keyOf(m.sender_type, m.sender_id);
    clearTimeout(state.typing.get(key));
    state.typing.delete(key);
    const reading = isOpen(app, state) && document.visibilityState === 'visible';
    if (!reading && m.seq > state.myReadSeq) state.unread++;
    if (!replayed || reading) announce(`${senderLabel(m)} in ${chatTitle(app, state)}: ${short(summary(m) || m.message_type, 120)}`);
  }
  if (isOpen(app, state)) {
    renderMessages(app);
    renderTyping(app, state);
    markLatestRead(app, state);
  }
  renderChatList(app);
}

export function onMessageUpdated(app, { chat_id: chatId, message }) {
  const state = chatOf(app, chatId);
  if (!state) return;
  const key = String(message.id);
  state.messages.set(key, { ...state.messages.get(key), ...message });
  if (isOpen(app, state)) renderMessages(app);
}

export function onMessageDeleted(app, { chat_id: chatId, message_id: id }) {
  const state = chatOf(app, chatId);
  const message = state?.messages.get(String(id));
  if (!message) return;
  Object.assign(message, { is_deleted: true, content: null });
  if (isOpen(app, state)) renderMessages(app);
}

export function onReadReceipt(app, receipt) {
  const state = chatOf(app, receipt.chat_id);
  if (!state) return;
  if (keyOf(receipt.reader_type, receipt.reader_id) === app.me.key) {
    // Read in another tab or device.
    state.myReadSeq = Math.max(state.myReadSeq, receipt.seq);
    if (receipt.seq >= (state.chat.last_seq ?? 0)) state.unread = 0;
    renderChatList(app);
  } else {
    state.othersReadSeq = Math.max(state.othersReadSeq, receipt.seq);
  }
  if (isOpen(app, state)) renderMessages(app);
}

/** `chat_created`: a chat with us, or (staff) a visitor opened one on the website. */
export function onChatCreated(app, frame) {
  const load = frame.chat_type === 'visitor' && app.me.isStaff ? loadVisitorChats : loadChats;
  load(app).catch((e) => announce(describeError(e)));
  if (frame.chat_type === 'visitor' && app.me.isStaff) announce(`A visitor opened a chat${frame.title ? `: ${frame.title}` : ''}.`);
}

/**
 * Disconnected, the console cannot know who is online or typing, nor how a reply being written goes
 * on: it shows nothing rather than stale news. Rejoining after the reconnect brings a fresh `presence`
 * for every chat, and the replay brings any reply completed meanwhile.
 */
export function forgetLiveState(app) {
  for (const state of app.chats.values()) {
    state.online.clear();
    for (const timer of state.typing.values()) clearTimeout(timer);
    state.typing.clear();
    for (const stream of state.streams.values()) clearTimeout(stream.idle);
    state.streams.clear();
  }
  const open = app.chats.get(app.openChatId);
  if (open) {
    renderPresence(app, open);
    renderTyping(app, open);
    renderMessages(app);
  }
  renderChatList(app);
}
