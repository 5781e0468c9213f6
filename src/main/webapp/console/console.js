/*
 * Parley console: sign up a tenant or sign in (staff or customer), chat, watch notifications and the
 * connection, and manage the tenant. Plain JavaScript on /parley.js, no build step.
 *
 * Stable selectors (for browser tests):
 *   Page          body[data-signed-in="true"|"false"]
 *   Sign-in       #auth-tab-staff, #auth-tab-customer, #auth-tab-signup, #auth-error
 *     staff       #login-email, #login-password, #login-tenant, #login-submit
 *     customer    #customer-tenant, #customer-email (email or phone), #customer-password, #customer-submit
 *     sign-up     #signup-name, #signup-slug, #signup-owner-name, #signup-email, #signup-password, #signup-submit
 *   Header        #connection-state [data-state="connecting"|"open"|"reconnecting"|"closed"],
 *                 #connection-retry, #current-user, #sign-out
 *   Sections      #tab-chats, #tab-notifications, #tab-connection, #tab-admin (staff only)
 *   Chat list     #chat-list li[data-chat-id][data-testid="chat-item"] > button.chat-item (aria-current="true" when open),
 *                 [data-testid="unread-count"], [data-testid="online-marker"], #chats-refresh
 *   New chat      #new-chat-customer (staff: a customer), #new-chat-title, #new-chat-message, #new-chat-submit, #new-chat-error
 *   Chat window   #chat-window, #chat-title, #chat-presence, #chat-back (phone width), #load-older, #history-status,
 *                 #message-list li[data-message-id][data-seq] (class "mine" for own messages);
 *                 not yet stored: #message-list li[data-client-message-id][data-status="pending"|"failed"];
 *                 inside an item: [data-testid="message-content"], [data-testid="message-sender"],
 *                 [data-testid="read-tick"][data-status="pending"|"sent"|"delivered"|"read"] (own messages),
 *                 [data-testid="reply-quote"], [data-testid="reply-button"], [data-testid="retry-button"]
 *                 #typing-indicator, #reply-preview, #reply-cancel, #message-input, #send-button.
 *                 A message keeps its element until it changes (content, tick, deletion), then it is replaced:
 *                 look ticks up again rather than holding on to an element.
 *   Notifications #notifications-list li[data-testid="notification-item"][data-event], #notifications-count,
 *                 #notifications-clear; admins: #publish-event, #publish-data, #publish-submit, #publish-result
 *   Connection    #conn-state, #conn-url, #conn-tenant, #conn-participant, #conn-id, #conn-latency, #conn-attempts,
 *                 #conn-reconnects, #conn-next-retry, #conn-close-reason, #conn-queued, #conn-reconnect,
 *                 #conn-disconnect, #frame-log
 *   Manage        live connections (admin): #stats-connections, #stats-users, #stats-customers, #connections-refresh
 *                 customers: #customer-name, #customer-new-email, #customer-phone, #customer-new-password,
 *                   #customer-create, #customers-table tr[data-customer-id] with [data-testid="customer-chat"],
 *                   [data-testid="customer-toggle"]
 *                 staff (admin): #user-name, #user-email, #user-password, #user-role, #user-create,
 *                   #users-table tr[data-user-id] with [data-testid="user-toggle"]
 *                 API keys (admin): #api-key-name, #api-key-create, #api-key-secret,
 *                   #api-keys-table tr[data-key-id] with [data-testid="api-key-revoke"]
 *                 settings (admin): #settings-name, #settings-registration, #settings-anonymous, #settings-save,
 *                   #settings-result, #settings-tenant-id, #settings-tenant-slug
 *   Live region   #live-announcer (announces incoming messages to screen readers)
 */

import { ParleyAuth, ParleyApi, ParleyClient } from '/parley.js';

const $ = (selector) => document.querySelector(selector);

/** Builds an element. Text always goes in as text, never as HTML: messages come from other people. */
function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

const auth = new ParleyAuth({ storage: sessionStorage }); // per tab: refresh tokens are single use
const api = new ParleyApi({ getToken: auth.getToken });
let client = null;
let me = null; // {type, id, key, name, role, tenantId, isStaff, isAdmin}
const chats = new Map(); // chat id -> what the console knows of it (chatState)
let openChatId = null;
let rendered = { chatId: null, nodes: new Map() }; // the open chat's message elements, by message
let replyTo = null; // the message being answered
let unseenNotifications = 0;
const timers = {};

// ---------------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------------

const keyOf = (type, id) => `${type}:${id}`;
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '');
const short = (text, n = 60) => (text && text.length > n ? `${text.slice(0, n - 1)}…` : text ?? '');

function describeError(error) {
  if (error?.code === 'network_error') return 'Parley cannot be reached. Check your connection.';
  return error?.message || String(error);
}

/** Tells screen readers about something that appeared elsewhere on the page. */
function announce(text) {
  const region = $('#live-announcer');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 30);
}

function busy(button, on) {
  button.disabled = on;
  button.setAttribute('aria-busy', String(on));
}

/** Tabs per the WAI-ARIA pattern: click or arrow keys switch, one tab stop for the whole list. */
function setupTabs(tablist, onSelect) {
  const tabs = () => [...tablist.querySelectorAll('[role="tab"]')].filter((t) => !t.hidden);
  const select = (tab, focus) => {
    for (const t of tabs()) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    onSelect?.(tab.id);
  };
  tablist.addEventListener('click', (e) => {
    const tab = e.target.closest('[role="tab"]');
    if (tab) select(tab, false);
  });
  tablist.addEventListener('keydown', (e) => {
    const all = tabs();
    const index = all.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(all[(next + all.length) % all.length], true);
  });
  return (id) => select(document.getElementById(id), false);
}

// ---------------------------------------------------------------------------------------------------
// Signing in and out
// ---------------------------------------------------------------------------------------------------

function setupAuthView() {
  setupTabs($('#auth-view [role="tablist"]'), () => { $('#auth-error').hidden = true; });
  $('#staff-login-form').addEventListener('submit', (e) => signIn(e, () => auth.login({
    email: $('#login-email').value.trim(), password: $('#login-password').value,
    tenant: $('#login-tenant').value.trim() || undefined,
  })));
  $('#customer-login-form').addEventListener('submit', (e) => signIn(e, () => {
    const who = $('#customer-email').value.trim();
    return auth.customerLogin({ tenant: $('#customer-tenant').value.trim(), password: $('#customer-password').value,
      ...(who.includes('@') ? { email: who } : { phone: who }) });
  }));
  $('#signup-form').addEventListener('submit', (e) => signIn(e, () => auth.signUp({
    name: $('#signup-name').value.trim(), slug: $('#signup-slug').value.trim() || undefined,
    owner: { name: $('#signup-owner-name').value.trim(), email: $('#signup-email').value.trim(),
      password: $('#signup-password').value },
  })));
  $('#sign-out').addEventListener('click', signOut);
  // A refresh token the server refused ends the session: back to signing in, with the reason.
  auth.on('change', (session) => {
    if (!session && me) stop('Your session has ended. Please sign in again.');
  });
}

async function signIn(event, action) {
  event.preventDefault();
  const button = event.target.querySelector('button[type="submit"]');
  const error = $('#auth-error');
  error.hidden = true;
  busy(button, true);
  try {
    await action();
    await start();
  } catch (failure) {
    error.textContent = failure.code === 'invalid_credentials' ? 'Wrong email, phone or password.'
      : failure.code === 'rate_limited' ? `Too many attempts. Try again in ${failure.retryAfter ?? 'a few'} seconds.`
        : describeError(failure);
    error.hidden = false;
    error.focus?.();
  } finally {
    busy(button, false);
  }
}

async function signOut() {
  stop();
  await auth.logout();
}

/** Back to the sign-in view, forgetting everything of the account. */
function stop(message) {
  client?.close('signed out');
  client = null;
  me = null;
  chats.clear();
  openChatId = null;
  unseenNotifications = 0;
  for (const t of Object.values(timers)) clearInterval(t);
  $('#chat-list').replaceChildren();
  $('#message-list').replaceChildren();
  $('#notifications-list').replaceChildren();
  $('#frame-log').replaceChildren();
  // A key shown once must not stay on the page for whoever signs in next.
  $('#api-key-secret').textContent = '';
  $('#api-key-secret-box').hidden = true;
  $('#chat-window').hidden = true;
  $('#app-view').hidden = true;
  $('#status-bar').hidden = true;
  $('#auth-view').hidden = false;
  document.body.dataset.signedIn = 'false';
  if (message) {
    $('#auth-error').textContent = message;
    $('#auth-error').hidden = false;
  }
  // The focused control was just hidden: start keyboard and screen reader users at the sign-in view.
  $('#auth-heading').focus();
}

/** Signed in: learn who we are, connect, and load the chats. */
async function start() {
  const who = await api.me();
  const claims = auth.claims ?? {};
  me = {
    type: who.participant_type, id: who.participant_id, key: keyOf(who.participant_type, who.participant_id),
    name: who.user?.name ?? who.customer?.name ?? claims.name ?? '', role: claims.role ?? who.roles?.[0],
    tenantId: who.tenant_id, tenantSlug: auth.session?.tenant?.slug ?? null,
  };
  me.isStaff = me.type === 'user';
  me.isAdmin = (who.roles ?? []).includes('admin');

  $('#auth-view').hidden = true;
  $('#app-view').hidden = false;
  $('#status-bar').hidden = false;
  document.body.dataset.signedIn = 'true';
  $('#current-user').textContent = `${me.name} (${me.role})${me.tenantSlug ? ` · ${me.tenantSlug}` : ''}`;
  $('#tab-admin').hidden = !me.isStaff;
  $('#publish-form').hidden = !me.isAdmin;
  $('#new-chat-customer-field').hidden = !me.isStaff;
  for (const section of document.querySelectorAll('[data-admin-only]')) section.hidden = !me.isAdmin;
  selectSection('tab-chats');

  connect();
  const current = client;
  await loadChats();
  if (client !== current) return; // signed out while the chats were loading
  if (me.isStaff) loadCustomerChoices();
  // New chats arrive live (chat_created); the slow poll only covers changes made while offline.
  timers.chats = setInterval(() => loadChats().catch(() => {}), 60_000);
  timers.clock = setInterval(renderConnection, 1000);
  $('#main').focus();
}

// ---------------------------------------------------------------------------------------------------
// The connection
// ---------------------------------------------------------------------------------------------------

function connect() {
  client = new ParleyClient({ getToken: auth.getToken });
  client.on('state', onState);
  client.on('latency', renderConnection);
  client.on('message', onMessage);
  client.on('message_ack', onAck);
  client.on('message_updated', ({ chat_id: chatId, message }) => {
    const state = chats.get(chatId);
    if (!state) return;
    state.messages.set(message.id, { ...state.messages.get(message.id), ...message });
    if (chatId === openChatId) renderMessages();
  });
  client.on('message_deleted', ({ chat_id: chatId, message_id: id }) => {
    const message = chats.get(chatId)?.messages.get(id);
    if (!message) return;
    Object.assign(message, { is_deleted: true, content: null });
    if (chatId === openChatId) renderMessages();
  });
  client.on('typing', onTyping);
  client.on('read_receipt', onReadReceipt);
  client.on('presence', ({ chat_id: chatId, online }) => {
    const state = chats.get(chatId);
    if (!state) return;
    state.online = new Set(online.map((p) => keyOf(p.participant_type, p.participant_id)).filter((k) => k !== me.key));
    renderPresence(state);
  });
  client.on('user_joined', (f) => changePresence(f, true));
  client.on('user_left', (f) => changePresence(f, false));
  client.on('chat_created', () => loadChats().catch((e) => announce(describeError(e))));
  client.on('notification', onNotification);
  client.on('frame', logFrame);
  client.on('error', (e) => { if (!e.request_type) logFrame(e); });
  client.connect();
}

const STATE_TEXT = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…', closed: 'Disconnected' };

function onState(status) {
  const badge = $('#connection-state');
  badge.dataset.state = status.state;
  let text = STATE_TEXT[status.state];
  if (status.state === 'reconnecting') text = `Reconnecting… (attempt ${status.attempt})`;
  if (status.state === 'closed' && status.reason) text = `Disconnected: ${status.reason}`;
  badge.textContent = text;
  if (status.state !== 'open' && status.previous === 'open') forgetLiveState();
  renderConnection();
  if (openChatId) renderMessages(); // queued messages say whether they wait for the connection
}

/**
 * Disconnected, the console cannot know who is online or typing: it shows nothing rather than stale
 * news. Rejoining after the reconnect brings a fresh `presence` for every chat.
 */
function forgetLiveState() {
  for (const state of chats.values()) {
    state.online.clear();
    for (const timer of state.typing.values()) clearTimeout(timer);
    state.typing.clear();
  }
  const open = chats.get(openChatId);
  if (open) {
    renderPresence(open);
    renderTyping(open);
  }
  renderChatList();
}

function renderConnection() {
  if (!client) return;
  const s = client.status;
  const set = (id, value) => { $(id).textContent = value ?? '—'; };
  set('#conn-state', s.state);
  set('#conn-url', s.url);
  set('#conn-tenant', s.tenantId ?? me?.tenantId);
  set('#conn-participant', s.participantType ? `${s.participantType} ${s.participantId}` : null);
  set('#conn-id', s.connectionId);
  set('#conn-latency', s.latencyMs === null ? null : `${s.latencyMs} ms`);
  set('#conn-attempts', String(s.attempt));
  set('#conn-reconnects', String(s.reconnects));
  set('#conn-next-retry', s.state === 'reconnecting' && s.retryAt
    ? `in ${Math.max(0, Math.ceil((s.retryAt - Date.now()) / 1000))} s` : null);
  set('#conn-close-reason', s.code || s.reason ? `${s.code ?? ''} ${s.reason ?? ''}`.trim() : null);
  set('#conn-queued', String(s.queued));
  $('#conn-disconnect').textContent = s.state === 'closed' ? 'Connect' : 'Disconnect';
  $('#conn-reconnect').disabled = s.state === 'open' || s.state === 'connecting';
  $('#connection-retry').hidden = s.state === 'open' || s.state === 'connecting';
}

function setupConnectionPanel() {
  $('#conn-reconnect').addEventListener('click', () => client?.reconnect());
  $('#connection-retry').addEventListener('click', () => client?.reconnect());
  $('#conn-disconnect').addEventListener('click', () => {
    if (!client) return;
    if (client.state === 'closed') client.connect();
    else client.close('closed from the console');
  });
}

function logFrame(frame) {
  const log = $('#frame-log');
  const text = JSON.stringify(frame);
  log.prepend(h('li', { 'data-type': frame.type }, `${new Date().toLocaleTimeString()} ${short(text, 400)}`));
  while (log.children.length > 50) log.lastElementChild.remove();
}

// ---------------------------------------------------------------------------------------------------
// Chats
// ---------------------------------------------------------------------------------------------------

function chatState(chat) {
  return { id: chat.id, chat, messages: new Map(), pending: new Map(), delivered: new Set(), readIds: new Set(),
    unread: 0, online: new Set(), othersReadSeq: 0, myReadSeq: 0, nextPage: 1, hasMore: true, loading: false,
    loaded: false, typing: new Map() };
}

/** Takes what the REST chat says: unread count, who is online, how far each side has read. */
function applyChat(state, chat) {
  state.chat = chat;
  state.unread = chat.unread_count ?? 0;
  const others = (chat.participants ?? []).filter((p) => keyOf(p.participant_type, p.participant_id) !== me.key);
  const mine = (chat.participants ?? []).find((p) => keyOf(p.participant_type, p.participant_id) === me.key);
  state.online = new Set(others.filter((p) => p.is_online).map((p) => keyOf(p.participant_type, p.participant_id)));
  state.othersReadSeq = Math.max(state.othersReadSeq, ...others.map((p) => p.last_read_seq ?? 0));
  state.myReadSeq = Math.max(state.myReadSeq, mine?.last_read_seq ?? 0);
}

async function loadChats() {
  const current = client;
  const list = await api.chats();
  if (!current || client !== current) return; // signed out (or in as someone else) meanwhile
  for (const chat of list) {
    let state = chats.get(chat.id);
    if (!state) {
      state = chatState(chat);
      chats.set(chat.id, state);
      // Joining every listed chat brings its live messages, unread counts and presence. Starting from
      // the seq the list reported means nothing sent between the list and the join is missed.
      client.join(chat.id, { sinceSeq: chat.last_seq ?? 0 }).catch(() => {});
    }
    applyChat(state, chat);
  }
  renderChatList();
}

function participantName(state, key) {
  const p = (state.chat.participants ?? []).find((x) => keyOf(x.participant_type, x.participant_id) === key);
  return p?.name ?? key;
}

function chatTitle(state) {
  if (state.chat.title) return state.chat.title;
  const others = (state.chat.participants ?? []).filter((p) => keyOf(p.participant_type, p.participant_id) !== me.key);
  return others.map((p) => p.name).join(', ') || `Chat ${state.id}`;
}

function renderChatList() {
  const list = $('#chat-list');
  // The list is rebuilt on every message and presence change: keep keyboard focus on the same chat.
  const focusedId = document.activeElement?.closest?.('#chat-list li[data-chat-id]')?.dataset.chatId;
  const sorted = [...chats.values()].sort((a, b) =>
    String(b.chat.last_message_at ?? b.chat.created_at ?? '').localeCompare(String(a.chat.last_message_at ?? a.chat.created_at ?? '')));
  list.replaceChildren(...sorted.map((state) => {
    const online = state.online.size > 0;
    const label = [chatTitle(state), state.unread ? `${state.unread} unread` : null, online ? 'online' : null]
      .filter(Boolean).join(', ');
    return h('li', { 'data-chat-id': state.id, 'data-testid': 'chat-item' },
      h('button', { type: 'button', class: 'chat-item', 'aria-current': state.id === openChatId ? 'true' : null,
        'aria-label': label, onclick: () => openChat(state.id) },
      h('span', { class: 'title', text: chatTitle(state) }),
      h('span', { class: 'preview', text: state.chat.last_message_preview ?? 'No messages yet' }),
      h('span', { class: 'side' },
        online ? h('span', { class: 'online-dot', 'data-testid': 'online-marker', text: 'online' }) : null,
        state.unread ? h('span', { class: 'count', 'data-testid': 'unread-count', text: String(state.unread) }) : null)));
  }));
  $('#chat-list-empty').hidden = chats.size > 0;
  if (focusedId) list.querySelector(`li[data-chat-id="${focusedId}"] button`)?.focus({ preventScroll: true });
}

async function loadCustomerChoices() {
  try {
    const customers = await api.customers();
    const select = $('#new-chat-customer');
    select.replaceChildren(...customers.filter((c) => c.active).map((c) =>
      h('option', { value: c.id, text: `${c.name}${c.email ? ` <${c.email}>` : c.phone ? ` (${c.phone})` : ''}` })));
    if (!select.options.length) select.append(h('option', { value: '', text: 'Add a customer first (Manage)' }));
  } catch {
    // Shown as an empty list; the Manage section says more.
  }
}

function setupChats() {
  $('#chats-refresh').addEventListener('click', () => loadChats().catch((e) => announce(describeError(e))));
  $('#new-chat-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#new-chat-submit');
    const error = $('#new-chat-error');
    error.hidden = true;
    busy(button, true);
    try {
      const title = $('#new-chat-title').value.trim() || undefined;
      const initial = $('#new-chat-message').value.trim() || undefined;
      let chat;
      if (me.isStaff) {
        const customerId = Number($('#new-chat-customer').value);
        if (!customerId) throw new Error('Choose a customer.');
        chat = await api.createChat({ customer_id: customerId, title, initial_message: initial });
      } else {
        chat = await api.createCustomerChat({ title, initial_message: initial });
      }
      $('#new-chat-title').value = '';
      $('#new-chat-message').value = '';
      await adoptChat(chat);
    } catch (failure) {
      error.textContent = describeError(failure);
      error.hidden = false;
    } finally {
      busy(button, false);
    }
  });
  $('#chat-back').addEventListener('click', () => {
    $('#panel-chats').dataset.view = 'list';
    const item = document.querySelector(`#chat-list li[data-chat-id="${openChatId}"] button`);
    item?.focus();
  });
}

/** A chat created here: join it (history over REST) and open it. */
async function adoptChat(chat) {
  if (!chats.has(chat.id)) {
    const state = chatState(chat);
    chats.set(chat.id, state);
    client.join(chat.id, { sinceSeq: 0 }).catch(() => {});
  }
  applyChat(chats.get(chat.id), chat);
  renderChatList();
  await openChat(chat.id);
}

// ---------------------------------------------------------------------------------------------------
// The chat window
// ---------------------------------------------------------------------------------------------------

async function openChat(chatId) {
  const state = chats.get(chatId);
  if (!state) return;
  openChatId = chatId;
  setReply(null);
  $('#panel-chats').dataset.view = 'chat';
  $('#chat-window').hidden = false;
  $('#chat-title').textContent = chatTitle(state);
  $('#typing-indicator').textContent = '';
  renderPresence(state);
  renderChatList();
  renderMessages({ toBottom: true });
  $('#message-input').focus();
  if (!state.loaded) {
    await loadOlder(state);
    renderMessages({ toBottom: true });
  }
  markLatestRead(state);
}

/** One page of older history over REST (newest first); overlaps with live messages are merged by id. */
async function loadOlder(state) {
  if (state.loading || !state.hasMore) return;
  state.loading = true;
  const status = $('#history-status');
  if (state.id === openChatId) status.textContent = 'Loading messages…';
  try {
    const page = await api.messages(state.id, { page: state.nextPage, pageSize: 30 });
    for (const message of page.messages) {
      if (!state.messages.has(message.id)) state.messages.set(message.id, message);
    }
    state.nextPage++;
    state.hasMore = page.has_more;
    state.loaded = true;
    if (state.id === openChatId) status.textContent = state.hasMore ? '' : 'This is the beginning of the chat.';
  } catch (failure) {
    if (state.id === openChatId) status.textContent = `Could not load messages: ${describeError(failure)}`;
  } finally {
    state.loading = false;
  }
  if (state.id === openChatId) renderMessages();
}

const isMine = (m) => keyOf(m.sender_type, m.sender_id) === me.key;

function tickStatus(state, message) {
  const readByOther = (message.read_receipts ?? []).some((r) => keyOf(r.reader_type, r.reader_id) !== me.key);
  if (message.seq <= state.othersReadSeq || readByOther || state.readIds.has(message.id)) return 'read';
  if (state.delivered.has(message.id)) return 'delivered';
  return 'sent';
}

const TICKS = { pending: ['○', 'Not sent yet'], sent: ['✓', 'Sent'], delivered: ['✓✓', 'Delivered'], read: ['✓✓', 'Read'] };

function tick(status) {
  const [symbol, label] = TICKS[status];
  return h('span', { class: 'tick', 'data-testid': 'read-tick', 'data-status': status, role: 'img', 'aria-label': label,
    title: label, text: symbol });
}

function replyQuote(state, replyId) {
  if (!replyId) return null;
  const original = state.messages.get(replyId);
  const text = original ? `${original.sender_name}: ${original.is_deleted ? 'deleted message' : short(original.content, 80)}`
    : 'an earlier message';
  return h('blockquote', { class: 'reply-quote', 'data-testid': 'reply-quote' }, `↪ ${text}`);
}

function messageItem(state, m) {
  const mine = isMine(m);
  const content = m.is_deleted ? 'This message was deleted.' : (m.content ?? (m.media_url ? `[${m.message_type}] ${m.media_url}` : ''));
  return h('li', { class: `message${mine ? ' mine' : ''}`, 'data-message-id': m.id, 'data-seq': m.seq, 'data-testid': 'message' },
    h('div', { class: 'meta' },
      h('span', { class: 'sender', 'data-testid': 'message-sender', text: mine ? 'You' : m.sender_name }),
      h('time', { datetime: m.created_at, text: time(m.created_at) }),
      m.is_edited && !m.is_deleted ? h('span', { text: 'edited' }) : null),
    replyQuote(state, m.reply_to_message_id),
    h('p', { class: `content${m.is_deleted ? ' deleted' : ''}`, 'data-testid': 'message-content', text: content }),
    h('div', { class: 'foot' },
      m.is_deleted ? null : h('button', { type: 'button', class: 'link', 'data-testid': 'reply-button',
        'aria-label': `Reply to ${mine ? 'your message' : m.sender_name}: ${short(content, 40)}`,
        onclick: () => setReply(m) }, 'Reply'),
      mine ? tick(tickStatus(state, m)) : null));
}

function pendingItem(state, p) {
  const waiting = p.status !== 'failed' && client?.state !== 'open';
  const note = p.status === 'failed' ? `Not sent: ${p.error}` : waiting ? 'Waiting for connection…' : 'Sending…';
  return h('li', { class: 'message mine', 'data-client-message-id': p.cmid, 'data-status': p.status === 'failed' ? 'failed' : 'pending',
    'data-testid': 'message' },
  h('div', { class: 'meta' }, h('span', { class: 'sender', 'data-testid': 'message-sender', text: 'You' })),
  replyQuote(state, p.replyTo),
  h('p', { class: 'content', 'data-testid': 'message-content', text: p.content }),
  h('div', { class: 'foot' }, h('span', { text: note }),
    p.status === 'failed' ? h('button', { type: 'button', class: 'link', 'data-testid': 'retry-button', onclick: () => resend(state, p) }, 'Retry')
      : tick('pending')));
}

/**
 * Redraws the open chat's messages, keeping the reader where they were: at the bottom when they were
 * there (new messages scroll in), otherwise at the same distance from the bottom (older ones load above).
 */
function renderMessages({ toBottom = false } = {}) {
  const state = chats.get(openChatId);
  if (!state) return;
  const scroller = $('#message-scroller');
  const fromBottom = scroller.scrollHeight - scroller.scrollTop;
  const atBottom = fromBottom - scroller.clientHeight < 60;
  const focused = document.activeElement?.closest?.('#message-list li');
  const focusKey = focused ? (focused.dataset.messageId ?? focused.dataset.clientMessageId) : null;

  const stored = [...state.messages.values()].sort((a, b) => a.seq - b.seq);
  const pending = [...state.pending.values()].sort((a, b) => a.createdAt - b.createdAt);
  // An unchanged message keeps its element, so references to it (a test's, a screen reader's) stay valid.
  if (rendered.chatId !== state.id) rendered = { chatId: state.id, nodes: new Map() };
  const nodes = new Map();
  const reuse = (key, signature, build) => {
    const old = rendered.nodes.get(key);
    const node = old && old.signature === signature ? old.node : build();
    nodes.set(key, { signature, node });
    return node;
  };
  const online = client?.state === 'open';
  $('#message-list').replaceChildren(
    ...stored.map((m) => reuse(`m${m.id}`, [m.content, m.is_deleted, m.is_edited, isMine(m) && tickStatus(state, m),
      quoteSignature(state, m.reply_to_message_id)].join('|'), () => messageItem(state, m))),
    ...pending.map((p) => reuse(`p${p.cmid}`, [p.status, p.error, online, quoteSignature(state, p.replyTo)].join('|'),
      () => pendingItem(state, p))));
  rendered.nodes = nodes;
  $('#load-older').hidden = !state.hasMore || !state.loaded;

  scroller.scrollTop = toBottom || atBottom ? scroller.scrollHeight : scroller.scrollHeight - fromBottom;
  if (focusKey) {
    const item = document.querySelector(`#message-list li[data-message-id="${focusKey}"], #message-list li[data-client-message-id="${focusKey}"]`);
    item?.querySelector('button')?.focus({ preventScroll: true });
  }
}

function quoteSignature(state, replyId) {
  const original = replyId ? state.messages.get(replyId) : null;
  return original ? `${original.id}:${original.content}:${original.is_deleted}` : String(replyId ?? '');
}

function renderPresence(state) {
  if (state.id === openChatId) {
    const names = [...state.online].map((k) => participantName(state, k));
    $('#chat-presence').textContent = names.length ? `${names.join(', ')} online`
      : client?.state === 'open' ? 'Nobody else is online' : '';
  }
  renderChatList();
}

function changePresence(frame, online) {
  const state = chats.get(frame.chat_id);
  const key = keyOf(frame.participant_type, frame.participant_id);
  if (!state || key === me.key) return;
  if (online) state.online.add(key);
  else state.online.delete(key);
  renderPresence(state);
}

function setReply(message) {
  replyTo = message;
  $('#reply-preview').hidden = !message;
  if (message) {
    $('#reply-preview-text').textContent = `Replying to ${isMine(message) ? 'yourself' : message.sender_name}: ${short(message.content, 60)}`;
    $('#message-input').focus();
  }
}

/** Marks the chat read up to the newest message from someone else, when the reader can see it. */
function markLatestRead(state) {
  if (state.id !== openChatId || document.visibilityState !== 'visible' || !client) return;
  let latest = null;
  for (const m of state.messages.values()) if (!isMine(m) && (!latest || m.seq > latest.seq)) latest = m;
  if (latest && latest.seq > state.myReadSeq) {
    client.markRead(state.id, latest.id);
    state.myReadSeq = latest.seq;
  }
  if (state.unread) {
    state.unread = 0;
    renderChatList();
  }
}

function onMessage({ message: m, replayed }) {
  const state = chats.get(m.chat_id);
  if (!state) {
    loadChats().catch(() => {});
    return;
  }
  state.messages.set(m.id, m);
  if (m.client_message_id) state.pending.delete(m.client_message_id);
  state.chat.last_message_preview = m.is_deleted ? null : short(m.content ?? m.message_type, 100);
  state.chat.last_message_at = m.created_at;
  state.chat.last_seq = Math.max(state.chat.last_seq ?? 0, m.seq);
  if (!isMine(m)) {
    const key = keyOf(m.sender_type, m.sender_id);
    clearTimeout(state.typing.get(key));
    state.typing.delete(key);
    const reading = state.id === openChatId && document.visibilityState === 'visible';
    if (!reading && m.seq > state.myReadSeq) state.unread++;
    if (!replayed || reading) announce(`${m.sender_name} in ${chatTitle(state)}: ${short(m.content ?? m.message_type, 120)}`);
  }
  if (state.id === openChatId) {
    renderMessages();
    renderTyping(state);
    markLatestRead(state);
  }
  renderChatList();
}

function onAck(ack) {
  const state = chats.get(ack.chat_id);
  const pending = state?.pending.get(ack.client_message_id);
  if (!pending) return;
  pending.status = 'sent';
  if (state.id === openChatId) renderMessages();
}

function onReadReceipt(receipt) {
  const state = chats.get(receipt.chat_id);
  if (!state) return;
  if (keyOf(receipt.reader_type, receipt.reader_id) === me.key) {
    // Read in another tab or device.
    state.myReadSeq = Math.max(state.myReadSeq, receipt.seq);
    if (receipt.seq >= (state.chat.last_seq ?? 0)) state.unread = 0;
    renderChatList();
  } else {
    state.othersReadSeq = Math.max(state.othersReadSeq, receipt.seq);
  }
  if (state.id === openChatId) renderMessages();
}

function onTyping(frame) {
  const state = chats.get(frame.chat_id);
  const key = keyOf(frame.participant_type, frame.participant_id);
  if (!state || key === me.key) return;
  clearTimeout(state.typing.get(key));
  if (frame.is_typing) {
    // A `false` may be lost (typing is ephemeral): the indicator goes away on its own.
    state.typing.set(key, setTimeout(() => {
      state.typing.delete(key);
      renderTyping(state);
    }, 6000));
  } else {
    state.typing.delete(key);
  }
  renderTyping(state);
}

function renderTyping(state) {
  if (state.id !== openChatId) return;
  const names = [...state.typing.keys()].map((k) => participantName(state, k));
  $('#typing-indicator').textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
}

function send() {
  const input = $('#message-input');
  const text = input.value;
  const state = chats.get(openChatId);
  if (!state || !text.trim()) return;
  const pending = { content: text, replyTo: replyTo?.id ?? null, status: 'sending', createdAt: Date.now() };
  input.value = '';
  setReply(null);
  stopTyping(state.id);
  transmit(state, pending);
  renderMessages({ toBottom: true });
}

/** Sends (or resends, with the same client_message_id so it is stored once) a pending message. */
function transmit(state, pending) {
  const promise = client.send(state.id, pending.content,
    { replyTo: pending.replyTo ?? undefined, clientMessageId: pending.cmid });
  pending.cmid = promise.clientMessageId;
  state.pending.set(pending.cmid, pending);
  promise.then(() => {}, (failure) => {
    if (!state.pending.has(pending.cmid)) return;
    pending.status = 'failed';
    pending.error = describeError(failure);
    if (state.id === openChatId) renderMessages();
    announce(`Message not sent: ${pending.error}`);
  });
}

function resend(state, pending) {
  pending.status = 'sending';
  pending.error = null;
  if (client.state === 'closed') client.connect();
  transmit(state, pending);
  renderMessages();
}

function stopTyping(chatId) {
  clearTimeout(timers.typing);
  client?.typing(chatId, false);
}

function setupComposer() {
  const input = $('#message-input');
  $('#composer').addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === 'Escape' && replyTo) {
      setReply(null);
    }
  });
  input.addEventListener('input', () => {
    if (!openChatId || !client) return;
    const chatId = openChatId;
    if (input.value) client.typing(chatId, true); // parley.js sends at most one `true` every few seconds
    clearTimeout(timers.typing);
    timers.typing = setTimeout(() => client?.typing(chatId, false), 3000);
  });
  $('#reply-cancel').addEventListener('click', () => {
    setReply(null);
    input.focus();
  });
  $('#load-older').addEventListener('click', () => {
    const state = chats.get(openChatId);
    if (state) loadOlder(state);
  });
  // Infinite scroll: reaching the top loads the next older page.
  $('#message-scroller').addEventListener('scroll', (event) => {
    const state = chats.get(openChatId);
    if (state && state.loaded && event.target.scrollTop < 80) loadOlder(state);
  });
  document.addEventListener('visibilitychange', () => {
    const state = chats.get(openChatId);
    if (state) markLatestRead(state);
  });
}

// ---------------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------------

function onNotification(frame) {
  if (frame.type === 'message_status') {
    const { chat_id: chatId, message_id: id, status } = frame.data ?? {};
    const state = chats.get(chatId);
    if (state) {
      if (status === 'delivered') state.delivered.add(id);
      if (status === 'read') state.readIds.add(id);
      if (chatId === openChatId) renderMessages();
    }
  }
  const list = $('#notifications-list');
  list.prepend(h('li', { 'data-testid': 'notification-item', 'data-event': frame.event },
    h('span', { class: 'event-name', text: frame.event }), ' ',
    h('time', { class: 'muted small-text', text: new Date().toLocaleTimeString() }),
    h('pre', { class: 'mono', text: JSON.stringify(frame.data ?? {}, null, 0) })));
  while (list.children.length > 100) list.lastElementChild.remove();
  if ($('#tab-notifications').getAttribute('aria-selected') !== 'true') {
    unseenNotifications++;
    $('#notifications-count').textContent = String(unseenNotifications);
    $('#notifications-count').hidden = false;
  }
}

function setupNotifications() {
  $('#notifications-clear').addEventListener('click', () => $('#notifications-list').replaceChildren());
  $('#publish-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('#publish-result');
    const button = $('#publish-submit');
    busy(button, true);
    try {
      const text = $('#publish-data').value.trim();
      const data = text ? JSON.parse(text) : {};
      const answer = await api.publish({ event: $('#publish-event').value.trim(), data });
      result.textContent = `Delivered to ${answer.delivered} connection${answer.delivered === 1 ? '' : 's'}.`;
    } catch (failure) {
      result.textContent = failure instanceof SyntaxError ? 'Data must be a JSON object.' : describeError(failure);
    } finally {
      busy(button, false);
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Managing the tenant
// ---------------------------------------------------------------------------------------------------

function actionButton(label, testid, onclick, extra = {}) {
  return h('button', { type: 'button', class: 'secondary small', 'data-testid': testid, onclick, ...extra }, label);
}

/**
 * Rebuilds a table's rows without losing keyboard focus: a focused button comes back as the same button
 * of the same row or, when that row is gone (a revoked key), of the row now in its place; with no row
 * left, `fallback` gets focus.
 */
function replaceRows(tbody, idAttribute, rows, fallback) {
  const focused = document.activeElement;
  const row = focused && tbody.contains(focused) ? focused.closest('tr') : null;
  const id = row?.getAttribute(idAttribute);
  const index = row ? row.sectionRowIndex : -1;
  const testid = focused?.dataset?.testid;
  tbody.replaceChildren(...rows);
  if (!row) return;
  const target = rows.find((r) => r.getAttribute(idAttribute) === id) ?? rows[Math.min(index, rows.length - 1)];
  const button = (testid && target?.querySelector(`[data-testid="${testid}"]`)) || target?.querySelector('button');
  (button ?? fallback)?.focus();
}

async function guarded(resultEl, work) {
  try {
    await work();
  } catch (failure) {
    if (resultEl) resultEl.textContent = describeError(failure);
    else announce(describeError(failure));
  }
}

async function loadAdmin() {
  if (!me?.isStaff) return;
  await Promise.all([
    renderCustomers(),
    me.isAdmin ? renderUsers() : null,
    me.isAdmin ? renderApiKeys() : null,
    me.isAdmin ? renderSettings() : null,
    me.isAdmin ? renderConnectionStats() : null,
  ].map((p) => p?.catch((e) => announce(describeError(e)))));
}

async function renderConnectionStats() {
  const stats = await api.connections();
  $('#stats-connections').textContent = String(stats.connections);
  $('#stats-users').textContent = String(stats.by_participant_type?.user ?? 0);
  $('#stats-customers').textContent = String(stats.by_participant_type?.customer ?? 0);
  $('#stats-notifications').textContent = `${stats.notifications?.published ?? 0} / ${stats.notifications?.delivered ?? 0}`;
}

async function renderCustomers() {
  const customers = await api.customers();
  replaceRows($('#customers-table tbody'), 'data-customer-id', customers.map((c) => h('tr', { 'data-customer-id': c.id },
    h('td', { text: c.name }),
    h('td', { text: [c.email, c.phone].filter(Boolean).join(' · ') || '—' }),
    h('td', { text: c.active ? 'active' : 'deactivated' }),
    h('td', {}, h('div', { class: 'row' },
      c.active ? actionButton('Chat', 'customer-chat', () => guarded(null, async () => {
        await adoptChat(await api.createChat({ customer_id: c.id }));
        selectSection('tab-chats');
      }), { 'aria-label': `Start a chat with ${c.name}` }) : null,
      actionButton(c.active ? 'Deactivate' : 'Reactivate', 'customer-toggle', () => guarded(null, async () => {
        await api.updateCustomer(c.id, { active: !c.active });
        await renderCustomers();
        loadCustomerChoices();
      }), { 'aria-label': `${c.active ? 'Deactivate' : 'Reactivate'} ${c.name}` }))))), $('#customer-name'));
}

async function renderUsers() {
  const users = await api.users();
  replaceRows($('#users-table tbody'), 'data-user-id', users.map((u) => h('tr', { 'data-user-id': u.id },
    h('td', { text: u.name }), h('td', { text: u.email }), h('td', { text: u.role }),
    h('td', { text: u.active ? 'active' : 'deactivated' }),
    h('td', {}, u.id === me.id ? h('span', { class: 'muted', text: 'you' })
      : actionButton(u.active ? 'Deactivate' : 'Reactivate', 'user-toggle', () => guarded($('#user-form-result'), async () => {
        await api.updateUser(u.id, { active: !u.active });
        await renderUsers();
      }), { 'aria-label': `${u.active ? 'Deactivate' : 'Reactivate'} ${u.name}` })))), $('#user-name'));
}

async function renderApiKeys() {
  const keys = await api.apiKeys(me.tenantId);
  replaceRows($('#api-keys-table tbody'), 'data-key-id', keys.map((k) => h('tr', { 'data-key-id': k.id },
    h('td', { text: k.name }), h('td', { class: 'mono', text: k.prefix }),
    h('td', { text: k.last_used_at ? new Date(k.last_used_at).toLocaleString() : 'never' }),
    h('td', {}, actionButton('Revoke', 'api-key-revoke', () => guarded(null, async () => {
      if (!window.confirm(`Revoke the key "${k.name}"? Services using it stop working at once.`)) return;
      await api.revokeApiKey(me.tenantId, k.id);
      await renderApiKeys();
    }), { 'aria-label': `Revoke ${k.name}` })))), $('#api-key-name'));
}

async function renderSettings() {
  const tenant = await api.tenant(me.tenantId);
  $('#settings-tenant-id').textContent = tenant.id;
  $('#settings-tenant-slug').textContent = tenant.slug;
  $('#settings-name').value = tenant.name;
  $('#settings-registration').checked = Boolean(tenant.settings?.customer_registration);
  $('#settings-anonymous').checked = Boolean(tenant.settings?.anonymous_access);
  if (!me.tenantSlug) {
    me.tenantSlug = tenant.slug;
    $('#current-user').textContent = `${me.name} (${me.role}) · ${tenant.slug}`;
  }
}

function setupAdmin() {
  $('#connections-refresh').addEventListener('click', () => renderConnectionStats().catch((e) => announce(describeError(e))));
  $('#customer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const result = $('#customer-form-result');
    guarded(result, async () => {
      const body = { name: $('#customer-name').value.trim() };
      const email = $('#customer-new-email').value.trim();
      const phone = $('#customer-phone').value.trim();
      const password = $('#customer-new-password').value;
      if (email) body.email = email;
      if (phone) body.phone = phone;
      if (password) body.password = password;
      const customer = await api.createCustomer(body);
      event.target.reset();
      result.textContent = `Added ${customer.name}.`;
      await renderCustomers();
      loadCustomerChoices();
    });
  });
  $('#user-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const result = $('#user-form-result');
    guarded(result, async () => {
      const user = await api.createUser({ name: $('#user-name').value.trim(), email: $('#user-email').value.trim(),
        password: $('#user-password').value, role: $('#user-role').value });
      event.target.reset();
      result.textContent = `Added ${user.name} (${user.role}).`;
      await renderUsers();
    });
  });
  $('#api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(null, async () => {
      const key = await api.createApiKey(me.tenantId, $('#api-key-name').value.trim());
      event.target.reset();
      $('#api-key-secret').textContent = key.api_key;
      $('#api-key-secret-box').hidden = false;
      await renderApiKeys();
    });
  });
  $('#settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const result = $('#settings-result');
    guarded(result, async () => {
      const tenant = await api.updateTenant(me.tenantId, { name: $('#settings-name').value.trim(), settings: {
        customer_registration: $('#settings-registration').checked, anonymous_access: $('#settings-anonymous').checked } });
      result.textContent = `Saved (${new Date().toLocaleTimeString()}).`;
      $('#settings-name').value = tenant.name;
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Sections and start-up
// ---------------------------------------------------------------------------------------------------

let selectSection = () => {};

function onSection(id) {
  clearInterval(timers.stats);
  if (id === 'tab-notifications') {
    unseenNotifications = 0;
    $('#notifications-count').hidden = true;
  } else if (id === 'tab-connection') {
    renderConnection();
  } else if (id === 'tab-admin') {
    loadAdmin();
    // Live counts, while someone is looking at them.
    if (me?.isAdmin) timers.stats = setInterval(() => renderConnectionStats().catch(() => {}), 5000);
  }
}

function init() {
  document.body.dataset.signedIn = 'false';
  // The retry button sits beside the connection badge, shown while not connected.
  $('#connection-state').after(h('button', { type: 'button', id: 'connection-retry', 'data-testid': 'connection-retry',
    class: 'secondary small', hidden: true }, 'Retry now'));
  setupAuthView();
  selectSection = setupTabs($('#app-view [role="tablist"]'), onSection);
  setupChats();
  setupComposer();
  setupNotifications();
  setupConnectionPanel();
  setupAdmin();
  if (auth.signedIn) {
    start().catch((failure) => stop(describeError(failure)));
  }
}

init();
