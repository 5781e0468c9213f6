/*
 * The chat list: the account's chats (customer chats), newest first, with unread counts and who is
 * online. Staff also have the visitor inbox, drawn alongside whenever the chats change.
 */

import { $, announce, byData } from '../dom.js';
import { describeError } from '../format.js';
import { byActivity, isVisitorChat, track } from './model.js';
import { chatItem } from './item.js';
import { loadVisitorChats, renderVisitorList } from '../visitors/inbox.js';

export async function loadChats(app) {
  const current = app.client;
  const list = await app.api.chats();
  if (!current || app.client !== current) return; // signed out (or in as someone else) meanwhile
  for (const chat of list) track(app, chat);
  renderChatList(app);
}

/** Both lists, for when something new may have arrived (an unknown chat's message, the slow poll). */
export function refreshChats(app) {
  return Promise.all([loadChats(app), app.me?.isStaff ? loadVisitorChats(app) : null]);
}

/** Redraws the lists, keeping keyboard focus on the same chat (they are rebuilt on every message). */
export function renderChatList(app) {
  const list = $('#chat-list');
  const focusedId = document.activeElement?.closest?.('#chat-list li[data-chat-id]')?.dataset.chatId;
  const sorted = [...app.chats.values()].filter((state) => !isVisitorChat(state)).sort(byActivity);
  list.replaceChildren(...sorted.map((state) => chatItem(app, state)));
  $('#chat-list-empty').hidden = sorted.length > 0;
  if (focusedId) list.querySelector(`li${byData('chat-id', focusedId)} button`)?.focus({ preventScroll: true });
  if (app.me?.isStaff) renderVisitorList(app);
}

export function setupChatList(app) {
  $('#chats-refresh').addEventListener('click', () => refreshChats(app).catch((e) => announce(describeError(e))));
}
