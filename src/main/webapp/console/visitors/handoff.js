/*
 * Who answers a visitor chat. The open conversation's head shows it with the visitor's page and
 * browser, and lets staff take the chat over from the assistant or hand it back. `handoff` frames
 * reach every staff connection on each change.
 */

import { $, announce, busy } from '../dom.js';
import { describeError, keyOf } from '../format.js';
import { applyChat, chatOf, chatTitle, isOpen, isVisitorChat } from '../chats/model.js';
import { handledByText, loadVisitorChats, noteAttention, renderVisitorList } from './inbox.js';
import { contextFacts } from './context.js';

const HINTS = { assistant: 'The assistant is answering. A reply from you takes the chat over.',
  waiting: 'The visitor is waiting for a person.' };

/** The title, and for a visitor chat (staff only) who answers it, what the visitor is looking at, and the handoff buttons. */
export function renderChatHead(app, state) {
  if (!isOpen(app, state)) return;
  $('#chat-title').textContent = chatTitle(app, state);
  const shown = isVisitorChat(state) && Boolean(app.me?.isStaff);
  $('#chat-visitor').hidden = !shown;
  if (!shown) return;
  const handledBy = state.chat.handled_by ?? '';
  const badge = $('#chat-handled-by');
  badge.dataset.state = handledBy;
  badge.textContent = handledByText(state) || 'Unknown';
  $('#chat-attention').hidden = !state.chat.needs_attention;
  $('#chat-visitor-context').replaceChildren(...contextFacts(state.chat.visitor));
  $('#takeover').hidden = handledBy === 'human';
  $('#release').hidden = handledBy !== 'human';
  $('#handoff-hint').textContent = HINTS[handledBy] ?? '';
}

/** The server's answer wins; the `handoff` frame that follows says the same. */
async function hand(app, action) {
  const state = app.chats.get(app.openChatId);
  if (!state) return;
  const button = $(`#${action}`);
  const result = $('#handoff-result');
  result.textContent = '';
  busy(button, true);
  try {
    const chat = await (action === 'takeover' ? app.api.takeover(state.id) : app.api.release(state.id));
    if (chat && typeof chat === 'object') applyChat(app, state, chat);
    state.handledByName = state.chat.handled_by === 'human' && action === 'takeover' ? app.me.name : null;
    renderChatHead(app, state);
    renderVisitorList(app);
    announce(action === 'takeover' ? 'You have taken the chat over.' : `The chat is now: ${handledByText(state)}.`);
    // The button pressed is hidden now: keep keyboard users where the next step is.
    (action === 'takeover' ? $('#message-input') : $('#takeover')).focus();
  } catch (failure) {
    result.textContent = describeError(failure);
  } finally {
    busy(button, false);
  }
}

/** Needs-attention comes from the server: a handoff may change it, so the list is read again shortly. */
function refreshSoon(app) {
  clearTimeout(app.timers.visitors);
  app.timers.visitors = setTimeout(() => loadVisitorChats(app), 500);
}

/** `handoff` {chat_id, handled_by, by?}. */
export function onHandoff(app, frame) {
  const state = chatOf(app, frame.chat_id);
  if (!state) {
    if (app.me?.isStaff) refreshSoon(app);
    return;
  }
  const before = state.chat.needs_attention;
  state.chat.handled_by = frame.handled_by;
  state.handledByName = frame.handled_by === 'human' ? frame.by?.name ?? null : null;
  if (frame.handled_by === 'waiting') state.chat.needs_attention = true; // a person was asked for
  if (frame.handled_by === 'human') state.chat.needs_attention = false; // a person has it: the server clears the mark
  if (app.me?.isStaff && isVisitorChat(state)) {
    noteAttention(app, state, before);
    const byOther = frame.by && keyOf(frame.by.participant_type, frame.by.participant_id) !== app.me.key;
    if (byOther && frame.by.name && isOpen(app, state)) announce(`${frame.by.name}: ${handledByText(state)}`);
    refreshSoon(app);
  }
  renderChatHead(app, state);
  renderVisitorList(app);
}

export function setupHandoff(app) {
  $('#takeover').addEventListener('click', () => hand(app, 'takeover'));
  $('#release').addEventListener('click', () => hand(app, 'release'));
}
