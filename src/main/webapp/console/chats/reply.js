/* The message being answered: shown above the composer until it is sent or cancelled. */

import { $ } from '../dom.js';
import { short } from '../format.js';
import { isMine, senderLabel } from './model.js';
import { summary } from './media.js';

/** Answers `message` with the next one sent, or stops answering anything (null). */
export function setReply(app, message) {
  app.replyTo = message;
  $('#reply-preview').hidden = !message;
  if (message) {
    const whom = isMine(app, message) ? 'yourself' : senderLabel(message);
    $('#reply-preview-text').textContent = `Replying to ${whom}: ${short(summary(message), 60)}`;
    $('#message-input').focus();
  }
}

/** Cancel, by button or Escape in the composer. */
export function setupReply(app) {
  const input = $('#message-input');
  $('#reply-cancel').addEventListener('click', () => {
    setReply(app, null);
    input.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && app.replyTo) setReply(app, null);
  });
}
