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

export function connect(app) {
  const client = new ParleyClient({ getToken: app.auth.getToken, stream: true });
  app.client = client;
  const on = (type, handler) => client.on(type, (frame) => handler(app, frame));
  client.on('state', (status) => {
    showState(app, status);
    if (status.state !== 'open' && status.previous === 'open') forgetLiveState(app);
    if (app.openChatId) renderMessages(app); // queued messages say whether they wait for the connection
  });
  client.on('latency', () => renderConnection(app));
  on('message', onMessage);
  on('message_ack', onAck);
  on('message_delta', onDelta);
  on('message_updated', onMessageUpdated);
  on('message_deleted', onMessageDeleted);
  on('typing', onTyping);
  on('read_receipt', onReadReceipt);
  on('presence', onPresence);
  client.on('user_joined', (frame) => changePresence(app, frame, true));
  client.on('user_left', (frame) => changePresence(app, frame, false));
  on('chat_created', onChatCreated);
  client.on('handoff', (frame) => {
    onHandoff(app, frame);
    if (frame.handled_by === 'human') endStreams(app, frame.chat_id); // a takeover drops the reply being written
  });
  on('notification', onNotification);
  client.on('frame', logFrame);
  client.on('error', (e) => { if (!e.request_type) logFrame(e); });
  client.connect();
}
