/*
 * The open chat: its history (older pages over REST as the reader scrolls up), live messages, the
 * reply being streamed, and messages of ours not stored yet. The same view serves customer and
 * visitor chats; a visitor chat also shows who answers it (visitors/handoff.js).
 */

import { $, byData } from '../dom.js';
import { describeError } from '../format.js';
import { isMine, isOpen, isVisitorChat, track } from './model.js';
import { messageItem, pendingItem, quoteSignature, streamingItem, tickStatus } from './messages.js';
import { renderChatList } from './list.js';
import { renderPresence } from './presence.js';
import { setReply } from './reply.js';
import { renderChatHead } from '../visitors/handoff.js';

async function openChat(app, key) {
  const state = app.chats.get(key);
  if (!state) return;
  app.openChatId = state.key;
  setReply(app, null);
  app.selectChatKind?.(isVisitorChat(state) ? 'kind-tab-visitors' : 'kind-tab-chats');
  $('#panel-chats').dataset.view = 'chat';
  $('#chat-window').hidden = false;
  $('#typing-indicator').textContent = '';
  renderChatHead(app, state);
  renderPresence(app, state);
  renderMessages(app, { toBottom: true });
  $('#message-input').focus();
  if (!state.loaded) {
    await loadOlder(app, state);
    renderMessages(app, { toBottom: true });
  }
  markLatestRead(app, state);
}

/** A chat created here: join it (history over REST) and open it. */
export async function adoptChat(app, chat) {
  const state = track(app, chat, 0);
  renderChatList(app);
  await openChat(app, state.key);
}

/** One page of older history over REST (newest first); overlaps with live messages are merged by id. */
async function loadOlder(app, state) {
  if (state.loading || !state.hasMore) return;
  state.loading = true;
  const status = $('#history-status');
  if (isOpen(app, state)) status.textContent = 'Loading messages…';
  try {
    const page = await app.api.messages(state.id, { page: state.nextPage, pageSize: 30 });
    for (const message of page.messages) {
      if (!state.messages.has(String(message.id))) state.messages.set(String(message.id), message);
    }
    state.nextPage++;
    state.hasMore = page.has_more;
    state.loaded = true;
    if (isOpen(app, state)) status.textContent = state.hasMore ? '' : 'This is the beginning of the chat.';
  } catch (failure) {
    if (isOpen(app, state)) status.textContent = `Could not load messages: ${describeError(failure)}`;
  } finally {
    state.loading = false;
  }
  if (isOpen(app, state)) renderMessages(app);
}

/**
 * Redraws the open chat's messages, keeping the reader where they were: at the bottom when they were
 * there (new messages scroll in), otherwise at the same distance from the bottom (older ones load above).
 * An unchanged message keeps its element, so references to it (a test's, a screen reader's) stay valid;
 * a reply being streamed keeps its element while its text grows.
 */
export function renderMessages(app, { toBottom = false } = {}) {
  const state = app.chats.get(app.openChatId);
  if (!state) return;
  const scroller = $('#message-scroller');
  const fromBottom = scroller.scrollHeight - scroller.scrollTop;
  const atBottom = fromBottom - scroller.clientHeight < 60;
  const focused = document.activeElement?.closest?.('#message-list li');
  const focus = focused && [['message-id', focused.dataset.messageId], ['client-message-id', focused.dataset.clientMessageId],
    ['stream-id', focused.dataset.streamId]].find(([, value]) => value !== undefined);

  const stored = [...state.messages.values()].sort((a, b) => a.seq - b.seq);
  const streams = [...state.streams.values()].sort((a, b) => a.startedAt - b.startedAt);
  const pending = [...state.pending.values()].sort((a, b) => a.createdAt - b.createdAt);
  if (app.rendered.chatId !== state.key) app.rendered = { chatId: state.key, nodes: new Map() };
  const nodes = new Map();
  const reuse = (key, signature, build) => {
    const old = app.rendered.nodes.get(key);
    const node = old && old.signature === signature ? old.node : build();
    nodes.set(key, { signature, node });
    return node;
  };
  const online = app.client?.state === 'open';
  $('#message-list').replaceChildren(
    ...stored.map((m) => reuse(`m${m.id}`, [m.content, m.is_deleted, m.is_edited, isMine(app, m) && tickStatus(app, state, m),
      quoteSignature(state, m.reply_to_message_id), JSON.stringify(m.metadata ?? null)].join('|'), () => messageItem(app, state, m))),
    ...streams.map((s) => {
      const node = reuse(`s${s.messageId}`, String(s.stopping), () => streamingItem(s));
      node.querySelector('[data-testid="stream-content"]').textContent = s.text;
      return node;
    }),
    ...pending.map((p) => reuse(`p${p.cmid}`, [p.status, p.error, online, quoteSignature(state, p.replyTo)].join('|'),
      () => pendingItem(state, p, online))));
  app.rendered.nodes = nodes;
  $('#load-older').hidden = !state.hasMore || !state.loaded;

  scroller.scrollTop = toBottom || atBottom ? scroller.scrollHeight : scroller.scrollHeight - fromBottom;
  if (focus) $(`#message-list li${byData(...focus)}`)?.querySelector('button')?.focus({ preventScroll: true });
}

/** Marks the chat read up to the newest message from someone else, when the reader can see it. */
export function markLatestRead(app, state) {
  if (!isOpen(app, state) || document.visibilityState !== 'visible' || !app.client) return;
  let latest = null;
  for (const m of state.messages.values()) if (!isMine(app, m) && (!latest || m.seq > latest.seq)) latest = m;
  if (latest && latest.seq > state.myReadSeq) {
    app.client.markRead(state.id, latest.id);
    state.myReadSeq = latest.seq;
  }
  if (state.unread) {
    state.unread = 0;
    renderChatList(app);
  }
}

export function setupConversation(app) {
  // Both lists open chats the same way; their items are rebuilt often, so the lists listen.
  for (const list of [$('#chat-list'), $('#visitor-list')]) {
    list.addEventListener('click', (event) => {
      const item = event.target.closest('button.chat-item')?.closest('li[data-chat-id]');
      if (item) openChat(app, item.dataset.chatId);
    });
  }
  $('#chat-back').addEventListener('click', () => {
    $('#panel-chats').dataset.view = 'list';
    $(`.chat-list li${byData('chat-id', app.openChatId)} button`)?.focus();
  });
  $('#load-older').addEventListener('click', () => {
    const state = app.chats.get(app.openChatId);
    if (state) loadOlder(app, state);
  });
  // Infinite scroll: reaching the top loads the next older page.
  $('#message-scroller').addEventListener('scroll', (event) => {
    const state = app.chats.get(app.openChatId);
    if (state && state.loaded && event.target.scrollTop < 80) loadOlder(app, state);
  });
  document.addEventListener('visibilitychange', () => {
    const state = app.chats.get(app.openChatId);
    if (state) markLatestRead(app, state);
  });
}
