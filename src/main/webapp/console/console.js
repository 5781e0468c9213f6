/*
 * Parley console: sign up a tenant or sign in (staff or customer), chat, answer website visitors with
 * the assistant, watch notifications and the connection, and manage the tenant. Plain JavaScript
 * modules on /parley.js, no build step. This entry creates the console's shared state (`app`), hands
 * it to each feature's setup, and signs back in with a stored sign-in.
 *
 * Modules: dom.js, format.js (helpers); session/auth.js (the sign-in view), session/lifecycle.js
 * (start, stop); live.js (the connection's events to the features); connection.js (badge, panel,
 * frame log); sections.js (the tabs); chats/ (model, list, item, conversation, messages, media (files in
 * messages), presence, composer, attach (uploads), record (voice messages), reply, streaming, live,
 * new-chat); visitors/ (inbox, handoff, context); notifications.js;
 * admin/ (manage, customers, users, api-keys, settings, assistant, knowledge, knowledge-form, templates,
 * template-form).
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
 *   Visitors      (staff) #kind-tab-chats, #kind-tab-visitors [data-testid="visitors-tab"] with
 *                 [data-testid="visitors-attention"] (chats needing a person); [data-testid="visitor-inbox"],
 *                 #visitor-list li[data-chat-id][data-testid="visitor-item"][data-handled-by][data-needs-attention]
 *                 > button.chat-item with [data-testid="handled-by"][data-state="assistant"|"waiting"|"human"],
 *                 [data-testid="needs-attention"], [data-testid="visitor-context"]. Chat ids are strings here.
 *   New chat      #new-chat-customer (staff: a customer), #new-chat-title, #new-chat-message, #new-chat-submit, #new-chat-error
 *   Chat window   #chat-window, #chat-title, #chat-presence, #chat-back (phone width), #load-older, #history-status,
 *                 #message-list li[data-message-id][data-seq][data-sender-type] (class "mine" for own messages,
 *                 "assistant" for the assistant's, with [data-testid="assistant-label"], [data-testid="message-sources"]
 *                 a[data-testid="source-link"], [data-testid="finish-reason"][data-reason]);
 *                 not yet stored: #message-list li[data-client-message-id][data-status="pending"|"failed"];
 *                 being written: #message-list li[data-stream-id][data-testid="streaming-message"] with
 *                 [data-testid="stream-content"] and [data-testid="stop-generation"];
 *                 inside an item: [data-testid="message-content"], [data-testid="message-sender"],
 *                 [data-testid="read-tick"][data-status="pending"|"sent"|"delivered"|"read"] (own messages),
 *                 [data-testid="reply-quote"], [data-testid="reply-button"], [data-testid="retry-button"]
 *                 #typing-indicator, #reply-preview, #reply-cancel, #message-input, #send-button.
 *                 A message keeps its element until it changes (content, tick, deletion), then it is replaced:
 *                 look ticks up again rather than holding on to an element.
 *   Media         #message-list li[data-message-type="text"|"image"|"voice"|"file"]: button[data-testid="media-open"] >
 *                 img[data-testid="media-thumbnail"] (opens dialog#media-viewer with [data-testid=media-full|media-caption|
 *                 media-new-tab|media-close]), audio[data-testid="media-audio"], a[data-testid="media-file"] (.file-name,
 *                 .file-size), [data-testid="media-missing"]; media URLs carry ?token=; the caption is the message-content;
 *                 being sent: [data-testid="pending-media"]. Composer: [data-testid="attach"] (input#attach-input: the text
 *                 in #message-input becomes the caption), [data-testid="record-voice"][aria-pressed] (again: stop, send),
 *                 [data-testid="recording"], [data-testid="upload-progress"], [data-testid="upload-cancel"],
 *                 [data-testid="upload-error"]
 *   Visitor chat  (staff) #chat-visitor [data-testid="chat-visitor"], #chat-handled-by [data-testid="chat-handled-by"][data-state],
 *                 #chat-attention, [data-testid="visitor-page"], [data-testid="visitor-browser"],
 *                 #takeover [data-testid="takeover"], #release [data-testid="release"], #handoff-result
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
 *                 assistant (admin): [data-testid=assistant-mode|assistant-name|assistant-greeting|
 *                   assistant-instructions|assistant-language|assistant-save|assistant-result|assistant-effective-mode]
 *                 knowledge base (admin): [data-testid="kb-section"], kb-search, kb-title, kb-body, kb-url, kb-tags,
 *                   kb-save, kb-cancel, kb-result, kb-undo, kb-prev, kb-next, kb-page;
 *                   tr[data-testid="kb-row"][data-id] with [data-testid="kb-edit"], [data-testid="kb-delete"]
 *                 prompt templates (staff): [data-testid="tpl-section"], tpl-search, tpl-category (the filter: "" for
 *                   All, then the categories seen), tpl-title, tpl-category-input, tpl-description, tpl-content,
 *                   tpl-save, tpl-cancel, tpl-result, tpl-undo, tpl-prev, tpl-next, tpl-page;
 *                   tr[data-testid="tpl-row"][data-id] with [data-testid="tpl-edit"], [data-testid="tpl-delete"]
 *   Live region   #live-announcer (announces incoming messages to screen readers)
 */

import { ParleyAuth, ParleyApi } from '/parley.js';
import { describeError } from './format.js';
import { setupAuthView } from './session/auth.js';
import { start, stop } from './session/lifecycle.js';
import { setupSections } from './sections.js';
import { setupConnectionPanel } from './connection.js';
import { setupConversation } from './chats/conversation.js';
import { setupComposer } from './chats/composer.js';
import { setupMedia } from './chats/media.js';
import { setupAttach } from './chats/attach.js';
import { setupRecord } from './chats/record.js';
import { setupReply } from './chats/reply.js';
import { setupStreaming } from './chats/streaming.js';
import { setupNewChat } from './chats/new-chat.js';
import { setupInbox } from './visitors/inbox.js';
import { setupHandoff } from './visitors/handoff.js';
import { setupNotifications } from './notifications.js';
import { setupAdmin } from './admin/manage.js';
import { knowledgeState } from './admin/knowledge.js';
import { templateState } from './admin/templates.js';
import { setupChatList } from './chats/list.js';

const auth = new ParleyAuth({ storage: sessionStorage }); // per tab: refresh tokens are single use

/** Everything the console knows, handed to each feature instead of module-level variables. */
const app = {
  auth,
  api: new ParleyApi({ getToken: auth.getToken }),
  client: null, // the ParleyClient while signed in
  me: null, // {type, id, key, name, role, tenantId, tenantSlug, isStaff, isAdmin}
  chats: new Map(), // String(chat id) -> what the console knows of it (chats/model.js)
  openChatId: null, // the open chat's key
  rendered: { chatId: null, nodes: new Map() }, // the open chat's message elements, by message
  replyTo: null, // the message being answered
  media: { upload: null, recording: null }, // the file being uploaded (its AbortController), the voice message being recorded
  unseenNotifications: 0,
  assistantShown: null, // the assistant settings as the form last showed them
  kb: knowledgeState(), // the knowledge base screen: search, page, entry being edited
  tpl: templateState(), // the prompt templates screen: search, category, page, template being edited
  visitorLoads: 0, // visitor inbox loads started: only the newest one's answer is shown
  timers: {}, // intervals and timeouts, all cleared on sign-out (typing, kbSearch, tplSearch, chats, clock, stats, visitors, recording)
  selectSection: () => {}, // set by setupSections
  selectChatKind: () => {}, // set by setupInbox
};

function init() {
  document.body.dataset.signedIn = 'false';
  setupConnectionPanel(app);
  setupAuthView(app);
  setupSections(app);
  setupChatList(app);
  setupInbox(app);
  setupConversation(app);
  setupReply(app);
  setupComposer(app);
  setupMedia(app);
  setupAttach(app);
  setupRecord(app);
  setupStreaming(app);
  setupNewChat(app);
  setupHandoff(app);
  setupNotifications(app);
  setupAdmin(app);
  if (auth.signedIn) {
    start(app).catch((failure) => stop(app, describeError(failure)));
  }
}

init();
