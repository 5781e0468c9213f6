/*
 * What the console knows of each chat, kept in `app.chats` by the chat id as a string: customer chats
 * have numeric ids and visitor chats string ones, and the page's data attributes are strings anyway.
 * `state.id` keeps the id as the server sent it, for frames and REST calls.
 */

import { keyOf } from '../format.js';

const chatKey = (chatId) => String(chatId);
export const chatOf = (app, chatId) => (chatId === null || chatId === undefined ? undefined : app.chats.get(chatKey(chatId)));
export const isOpen = (app, state) => state.key === app.openChatId;
export const isVisitorChat = (state) => state.chat.chat_type === 'visitor';

function chatState(chat) {
  return { id: chat.id, key: chatKey(chat.id), chat, messages: new Map(), pending: new Map(), streams: new Map(),
    delivered: new Set(), readIds: new Set(), unread: 0, online: new Set(), othersReadSeq: 0, myReadSeq: 0,
    nextPage: 1, hasMore: true, loading: false, loaded: false, typing: new Map() };
}

/** Takes what the REST chat says: unread count, who is online, how far each side has read. */
export function applyChat(app, state, chat) {
  state.chat = { ...state.chat, ...chat };
  state.unread = chat.unread_count ?? state.unread;
  const me = app.me.key;
  const participants = chat.participants ?? [];
  const others = participants.filter((p) => keyOf(p.participant_type, p.participant_id) !== me);
  const mine = participants.find((p) => keyOf(p.participant_type, p.participant_id) === me);
  state.online = new Set(others.filter((p) => p.is_online).map((p) => keyOf(p.participant_type, p.participant_id)));
  state.othersReadSeq = Math.max(state.othersReadSeq, ...others.map((p) => p.last_read_seq ?? 0));
  state.myReadSeq = Math.max(state.myReadSeq, mine?.last_read_seq ?? 0);
}

/**
 * Starts following a chat the server listed: joining brings its live messages, unread counts and
 * presence. Starting from the seq the list reported means nothing sent between the list and the join
 * is missed. Answers the chat's state, new or known.
 */
export function track(app, chat, sinceSeq = chat.last_seq ?? 0) {
  let state = chatOf(app, chat.id);
  if (!state) {
    state = chatState(chat);
    app.chats.set(state.key, state);
    app.client.join(chat.id, { sinceSeq }).catch(() => {});
  }
  applyChat(app, state, chat);
  return state;
}

export const isMine = (app, m) => keyOf(m.sender_type, m.sender_id) === app.me.key;
export const isAssistant = (m) => m.sender_type === 'assistant' || m.role === 'assistant';

/** How a sender is named: the assistant and visitors may come without a name. */
export function senderLabel(m) {
  if (isAssistant(m)) return m.sender_name || 'Assistant';
  if (m.sender_type === 'visitor') return m.sender_name || 'Visitor';
  if (m.sender_type === 'system') return m.sender_name || 'Parley';
  return m.sender_name ?? '';
}

export function participantName(state, key) {
  const p = (state.chat.participants ?? []).find((x) => keyOf(x.participant_type, x.participant_id) === key);
  if (p?.name) return p.name;
  if (key.startsWith('assistant:')) return 'The assistant';
  if (key.startsWith('visitor:')) return 'The visitor';
  return key;
}

export function chatTitle(app, state) {
  if (state.chat.title) return state.chat.title;
  if (isVisitorChat(state)) return `Visitor ${String(state.chat.visitor?.visitor_id ?? state.id).slice(0, 8)}`;
  const others = (state.chat.participants ?? []).filter((p) => keyOf(p.participant_type, p.participant_id) !== app.me.key);
  return others.map((p) => p.name).join(', ') || `Chat ${state.id}`;
}

/** Newest activity first. */
export const byActivity = (a, b) =>
  String(b.chat.last_message_at ?? b.chat.created_at ?? '').localeCompare(String(a.chat.last_message_at ?? a.chat.created_at ?? ''));
