/*
 * A signed-in account's time in the console: start learns who it is, connects and loads the chats;
 * stop forgets everything of it and goes back to the sign-in view.
 */

import { $ } from '../dom.js';
import { keyOf } from '../format.js';
import { connect } from '../live.js';
import { renderConnection } from '../connection.js';
import { loadChats, refreshChats } from '../chats/list.js';
import { loadCustomerChoices } from '../chats/new-chat.js';
import { setReply } from '../chats/reply.js';
import { forgetAttachments } from '../chats/attach.js';
import { forgetMedia } from '../chats/media.js';
import { loadVisitorChats } from '../visitors/inbox.js';
import { notificationsSeen } from '../notifications.js';
import { forgetAdmin } from '../admin/manage.js';

/** Signed in: learn who we are, connect, and load the chats. */
export async function start(app) {
  const who = await app.api.me();
  const claims = app.auth.claims ?? {};
  const me = {
    type: who.participant_type, id: who.participant_id, key: keyOf(who.participant_type, who.participant_id),
    name: who.user?.name ?? who.customer?.name ?? claims.name ?? '', role: claims.role ?? who.roles?.[0],
    tenantId: who.tenant_id, tenantSlug: app.auth.session?.tenant?.slug ?? null,
  };
  me.isStaff = me.type === 'user';
  me.isAdmin = (who.roles ?? []).includes('admin');
  // A start while another one is under way or done (signing in while a stored sign-in is being
  // resumed) begins from nothing: one client, one set of chats and timers.
  if (app.me || app.client) stop(app);
  app.me = me;

  $('#auth-view').hidden = true;
  $('#app-view').hidden = false;
  $('#status-bar').hidden = false;
  document.body.dataset.signedIn = 'true';
  $('#current-user').textContent = `${me.name} (${me.role})${me.tenantSlug ? ` · ${me.tenantSlug}` : ''}`;
  $('#tab-admin').hidden = !me.isStaff;
  $('#publish-form').hidden = !me.isAdmin;
  $('#new-chat-customer-field').hidden = !me.isStaff;
  $('#chat-kinds').hidden = !me.isStaff; // the visitor inbox is for staff
  for (const section of document.querySelectorAll('[data-admin-only]')) section.hidden = !me.isAdmin;
  app.selectSection('tab-chats');
  app.selectChatKind('kind-tab-chats');

  connect(app);
  const current = app.client;
  await loadChats(app);
  if (app.client !== current) return; // signed out while the chats were loading
  if (me.isStaff) {
    loadCustomerChoices(app);
    loadVisitorChats(app);
  }
  // New chats arrive live (chat_created); the slow poll only covers changes made while offline.
  app.timers.chats = setInterval(() => refreshChats(app).catch(() => {}), 60_000);
  app.timers.clock = setInterval(() => renderConnection(app), 1000);
  $('#main').focus();
}

/** Back to the sign-in view, forgetting everything of the account. */
export function stop(app, message) {
  app.client?.close('signed out');
  app.client = null;
  app.me = null;
  app.chats.clear();
  app.openChatId = null;
  app.rendered = { chatId: null, nodes: new Map() };
  app.unseenNotifications = 0;
  for (const t of Object.values(app.timers)) clearInterval(t); // also ends timeouts: they share one id space
  setReply(app, null);
  forgetAttachments(app);
  forgetMedia();
  for (const list of ['#chat-list', '#visitor-list', '#message-list', '#notifications-list', '#frame-log',
    '#new-chat-customer', '#chat-visitor-context']) {
    $(list).replaceChildren();
  }
  // Nothing of this account may show to whoever signs in next: drafts, counts, answers, the Manage section.
  $('#message-input').value = '';
  $('#new-chat-form').reset();
  $('#publish-form').reset();
  for (const text of ['#publish-result', '#handoff-result', '#history-status', '#typing-indicator', '#chat-title',
    '#chat-presence']) {
    $(text).textContent = '';
  }
  for (const note of ['#new-chat-error', '#visitor-list-error', '#visitors-attention']) $(note).hidden = true;
  notificationsSeen(app); // hides the unseen count
  forgetAdmin(app);
  app.selectSection('tab-chats'); // the Manage panel (hidden with its tab) must not be the one shown next
  $('#panel-chats').dataset.view = 'list';
  $('#chat-visitor').hidden = true;
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
