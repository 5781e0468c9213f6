/*
 * The visitor inbox (staff): the tenant's website-visitor chats, live. Each shows who answers it
 * (the assistant, nobody yet, or staff), a marker when a person is needed, and the visitor's page and
 * browser. Chats that need a person come first. Opening one uses the ordinary conversation view.
 */

import { $, h, announce, byData, setupTabs } from '../dom.js';
import { describeError } from '../format.js';
import { byActivity, chatOf, chatTitle, isVisitorChat, track } from '../chats/model.js';
import { chatItem } from '../chats/item.js';
import { contextLine } from './context.js';

const HANDLED_BY = { assistant: 'Assistant answering', waiting: 'Waiting for a person', human: 'With staff' };

/** Who answers the chat, as words: "With Ada" once a named person took it over. */
export function handledByText(state) {
  const value = state.chat.handled_by;
  if (value === 'human' && state.handledByName) return `With ${state.handledByName}`;
  return HANDLED_BY[value] ?? value ?? '';
}

function handledByBadge(state) {
  const value = state.chat.handled_by;
  if (!value) return null;
  return h('span', { class: 'state-badge', 'data-testid': 'handled-by', 'data-state': value, text: handledByText(state) });
}

const attentionMarker = () =>
  h('span', { class: 'attention', 'data-testid': 'needs-attention', text: 'Needs a person' });

/** Says so when a chat starts to need a person, wherever the reader is in the console. */
export function noteAttention(app, state, before) {
  if (state.chat.needs_attention && !before) announce(`A visitor needs a person: ${chatTitle(app, state)}`);
}

export async function loadVisitorChats(app) {
  const current = app.client;
  const load = ++app.visitorLoads; // loads overlap (handoffs, new chats, the poll): only the newest may write
  const error = $('#visitor-list-error');
  let list;
  try {
    list = await app.api.visitorChats();
  } catch (failure) {
    if (app.client !== current || load !== app.visitorLoads) return;
    error.textContent = `Visitor chats could not be loaded: ${describeError(failure)}`;
    error.hidden = false;
    return;
  }
  if (!current || app.client !== current) return; // signed out (or in as someone else) meanwhile
  if (load !== app.visitorLoads) return; // an older answer must not overwrite what a newer one says
  error.hidden = true;
  for (const chat of Array.isArray(list) ? list : []) {
    if (chat.chat_type !== 'visitor') continue;
    const before = chatOf(app, chat.id)?.chat.needs_attention ?? true; // a chat seen for the first time is not news
    noteAttention(app, track(app, chat), before);
  }
  renderVisitorList(app);
}

const urgency = (state) => (state.chat.needs_attention ? 0 : state.chat.handled_by === 'waiting' ? 1 : 2);
const byUrgency = (a, b) => urgency(a) - urgency(b) || byActivity(a, b);

export function renderVisitorList(app) {
  const list = $('#visitor-list');
  const focusedId = document.activeElement?.closest?.('#visitor-list li[data-chat-id]')?.dataset.chatId;
  const visitors = [...app.chats.values()].filter(isVisitorChat).sort(byUrgency);
  list.replaceChildren(...visitors.map((state) => {
    const attention = Boolean(state.chat.needs_attention);
    const context = contextLine(state.chat.visitor);
    const item = chatItem(app, state, {
      testid: 'visitor-item',
      label: [handledByText(state), attention ? 'needs a person' : null, context],
      extra: [
        h('span', { class: 'visitor-meta' }, handledByBadge(state), attention ? attentionMarker() : null),
        context ? h('span', { class: 'visitor-context', 'data-testid': 'visitor-context', text: context }) : null,
      ],
    });
    item.dataset.handledBy = state.chat.handled_by ?? '';
    item.dataset.needsAttention = String(attention);
    return item;
  }));
  $('#visitor-list-empty').hidden = visitors.length > 0;
  const waiting = visitors.filter((state) => state.chat.needs_attention).length;
  const count = $('#visitors-attention');
  count.textContent = String(waiting);
  count.hidden = waiting === 0;
  if (focusedId) list.querySelector(`li${byData('chat-id', focusedId)} button`)?.focus({ preventScroll: true });
}

/** Staff switch the list pane between customer chats and the visitor inbox. */
export function setupInbox(app) {
  app.selectChatKind = setupTabs($('#chat-kinds'));
}
