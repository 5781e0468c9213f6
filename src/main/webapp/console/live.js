/*
 * The real-time connection: one ParleyClient per signed-in account, each of its events handed to the
 * feature that shows it. The console opts into streamed assistant replies.
 */

import { ParleyClient } from '/parley.js';
import { logFrame, renderConnection, showState } from './connection.js';
import { forgetLiveState, onChatCreated, onMessage, onMessageDeleted, onMessageUpdated, onReadReceipt } from './chats/live.js';
import { onAck } from './chats/composer.js';
import { renderMessages } from './chats/conversation.js';
import { changePresence, onPresence, onTyping } from './chats/presence.js';
import { endStreams, onDelta } from './chats/streaming.js';
import { onHandoff } from './visitors/handoff.js';
import { onNotification } from './notifications.js';

/**
 * `typing`. When the assistant stops writing, a reply it stored came just before, with the bubble's id,
 * and replaced it; a reply stopped before anything was written, or dropped, sends no message at all:
 * its bubble ends here.
 */
function typingChanged(app, frame) {
  onTyping(app, frame);
  if (frame.participant_type === 'assistant' && !frame.is_typing) endStreams(app, frame.chat_id);
}

/** `handoff`: anyone but the assistant answering now (a person, or nobody yet) drops the reply being written. */
function handedOff(app, frame) {
  onHandoff(app, frame);
  if (frame.handled_by !== 'assistant') endStreams(app, frame.chat_id);
}

export function connect(app) {
  const client = new ParleyClient({ getToken: app.auth.getToken, stream: true });
  // Never two live clients: one left from an earlier start() is closed, and its events (its close
  // included) are ignored from now on.
  const previous = app.client;
  app.client = client;
  previous?.close('replaced');
  const current = (listener) => (...args) => { if (app.client === client) listener(...args); };
  const on = (type, handler) => client.on(type, current((frame) => handler(app, frame)));
  client.on('state', current((status) => {
    showState(app, status);
    if (status.state !== 'open' && status.previous === 'open') forgetLiveState(app);
    if (app.openChatId) renderMessages(app); // queued messages say whether they wait for the connection
  }));
  client.on('latency', current(() => renderConnection(app)));
  on('message', onMessage);
  on('message_ack', onAck);
  on('message_delta', onDelta);
  on('message_updated', onMessageUpdated);
  on('message_deleted', onMessageDeleted);
  on('typing', typingChanged);
  on('read_receipt', onReadReceipt);
  on('presence', onPresence);
  client.on('user_joined', current((frame) => changePresence(app, frame, true)));
  client.on('user_left', current((frame) => changePresence(app, frame, false)));
  on('chat_created', onChatCreated);
  on('handoff', handedOff);
  on('notification', onNotification);
  client.on('frame', current(logFrame));
  client.on('error', current((e) => { if (!e.request_type) logFrame(e); }));
  client.connect();
}
