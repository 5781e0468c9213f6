/*
 * Sending files: the attach button picks one (images, audio, PDF, text), which is uploaded with a
 * progress bar, then sent as a message with what was written in the composer as its caption. Voice
 * recordings (record.js) go the same way. One upload at a time; one that Parley refuses (too large, a
 * type it does not take, an empty or damaged file) says why under the composer. What is under way is in
 * `app.media`: `upload` (its AbortController) and `recording`.
 */

import { $ } from '../dom.js';
import { describeError, fileSize } from '../format.js';
import { mediaMessageType } from '/parley.js';
import { isOpen } from './model.js';
import { sendPending } from './composer.js';
import { setReply } from './reply.js';

const USUAL_LIMIT = 25 * 1024 * 1024; // Parley's default parley.media.max-bytes

/** Shows why a file could not be sent; null hides it. */
export function showUploadError(text) {
  const note = $('#upload-error');
  note.textContent = text ?? '';
  note.hidden = !text;
}

function uploadError(failure, file) {
  const name = file.name || 'The file';
  if (failure.code === 'image_too_large') return `${name} is too large an image to send: it has too many pixels.`;
  if (failure.status === 413) {
    const limit = Number(/at most (\d+) bytes/.exec(failure.message ?? '')?.[1]);
    return `${name} (${fileSize(file.size)}) is too large to send${limit ? `: files may have at most ${fileSize(limit)}` : ''}.`;
  }
  if (failure.status === 415) {
    return `${name} cannot be sent: Parley takes images (JPEG, PNG, WebP, GIF), audio (WebM, Ogg, MP4, MP3), PDF and plain text.`;
  }
  if (failure.status === 400) return `${name} could not be read: it is empty or damaged.`;
  // Parley refuses a body it knows is too large without reading it, which may cut the upload short.
  if (failure.code === 'network_error' && file.size > USUAL_LIMIT) {
    return `${name} (${fileSize(file.size)}) could not be uploaded: it is probably too large (usually at most 25 MB).`;
  }
  return `${name} could not be sent: ${describeError(failure)}`;
}

/** Attach and record are off while a file uploads; attach also while recording. */
export function updateButtons(app) {
  $('#attach').disabled = Boolean(app.media.upload || app.media.recording);
  $('#record-voice').disabled = Boolean(app.media.upload);
}

function showProgress(name, fraction) {
  $('#upload-status').hidden = fraction === null;
  if (fraction === null) return;
  $('#upload-progress').value = fraction;
  $('#upload-label').textContent = `Uploading ${name}… ${Math.round(fraction * 100)}%`;
}

/**
 * Uploads `file`, then sends it to the chat `state` (the one it was chosen in, even if another is open by
 * then); parley.js queues the message while offline. Answers whether it was sent.
 */
export async function uploadAndSend(app, state, file, { messageType, caption = '', replyTo = null } = {}) {
  if (app.media.upload) return false;
  showUploadError(null);
  const controller = new AbortController();
  app.media.upload = controller;
  const name = file.name || 'the file';
  updateButtons(app);
  showProgress(name, 0);
  let upload;
  try {
    upload = await app.api.upload(file, { signal: controller.signal, onProgress: ({ fraction }) => showProgress(name, fraction) });
  } catch (failure) {
    if (failure.code !== 'aborted') showUploadError(uploadError(failure, file));
    return false;
  } finally {
    if (app.media.upload === controller) { // not signed out meanwhile: that resets everything itself
      app.media.upload = null;
      showProgress(name, null);
      updateButtons(app);
    }
  }
  if (controller.signal.aborted || app.chats.get(state.key) !== state) return false;
  sendPending(app, state, { content: caption, replyTo, media: upload, status: 'sending', createdAt: Date.now(),
    messageType: messageType ?? mediaMessageType(upload.file_type) });
  return true;
}

/** A picked file: what is written becomes its caption; both come back if the file cannot be sent. */
async function attach(app, file) {
  const state = app.chats.get(app.openChatId);
  if (!state || app.media.upload) return;
  const input = $('#message-input');
  const caption = input.value.trim() ? input.value : '';
  const replying = app.replyTo;
  input.value = '';
  setReply(app, null);
  const sent = await uploadAndSend(app, state, file, { caption, replyTo: replying?.id ?? null });
  if (!sent && isOpen(app, state) && !input.value) {
    input.value = caption;
    if (replying && !app.replyTo) setReply(app, replying);
  }
}

export function setupAttach(app) {
  const picker = $('#attach-input');
  $('#attach').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    const [file] = picker.files;
    picker.value = ''; // choosing the same file again is a change too
    if (file) attach(app, file);
  });
  $('#upload-cancel').addEventListener('click', () => app.media.upload?.abort());
  // Another chat opened: a file refused in the last one is no longer the point.
  for (const list of [$('#chat-list'), $('#visitor-list')]) list.addEventListener('click', () => showUploadError(null));
}

/** Sign-out or a new sign-in: nothing under way is finished, nothing of it stays on screen. */
export function forgetAttachments(app) {
  app.media.upload?.abort();
  app.media.recording?.cancel();
  app.media.upload = null;
  app.media.recording = null;
  showProgress('', null);
  showUploadError(null);
  $('#recording').hidden = true;
  $('#record-voice').setAttribute('aria-pressed', 'false');
  $('#record-voice').textContent = 'Record voice';
  updateButtons(app);
}
