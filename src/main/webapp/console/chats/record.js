/*
 * Voice messages: the record button asks for the microphone and records with MediaRecorder, as
 * audio/webm (Opus) where the browser can (Chromium and Firefox do; others record what they can, which
 * Parley also takes: Ogg, MP4). A second click stops; the recording is then uploaded and sent as a voice
 * message to the chat it was recorded in (attach.js). A recording stops by itself after ten minutes.
 */

import { $ } from '../dom.js';
import { showUploadError, updateButtons, uploadAndSend } from './attach.js';

const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];
const EXTENSIONS = { 'audio/webm': 'webm', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a' };
const MAX_MS = 10 * 60_000;

const clock = (ms) => `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

function micError(failure) {
  if (failure?.name === 'NotAllowedError' || failure?.name === 'SecurityError') {
    return 'The microphone may not be used: allow it for this page to record a voice message.';
  }
  if (failure?.name === 'NotFoundError') return 'No microphone was found.';
  return `Recording could not start: ${failure?.message || failure}`;
}

function showRecording(app, text) {
  const button = $('#record-voice');
  button.setAttribute('aria-pressed', String(Boolean(text)));
  button.textContent = text ? 'Stop and send' : 'Record voice';
  $('#recording').hidden = !text;
  $('#recording').textContent = text ?? '';
  updateButtons(app);
}

/** The recording is over: release the microphone, and send what was recorded unless it was cancelled. */
function finished(app, state, recording) {
  clearInterval(app.timers.recording);
  for (const track of recording.stream.getTracks()) track.stop();
  if (app.media.recording === recording) {
    app.media.recording = null;
    showRecording(app, null);
  }
  if (recording.cancelled) return;
  const type = (recording.recorder.mimeType || 'audio/webm').split(';')[0];
  const blob = new Blob(recording.chunks, { type });
  if (!blob.size) {
    showUploadError('Nothing was recorded.');
    return;
  }
  const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');
  const file = new File([blob], `voice-${stamp}.${EXTENSIONS[type] ?? 'webm'}`, { type });
  uploadAndSend(app, state, file, { messageType: 'voice' });
}

async function start(app) {
  const state = app.chats.get(app.openChatId);
  if (!state || app.media.upload) return;
  showUploadError(null);
  if (!navigator.mediaDevices?.getUserMedia || !globalThis.MediaRecorder) {
    showUploadError('This browser cannot record audio here.');
    return;
  }
  const recording = { cancelled: false, chunks: [], recorder: null, stream: null };
  // A click while the browser asks for the microphone cancels; so does signing out.
  recording.cancel = () => {
    recording.cancelled = true;
    if (recording.recorder?.state === 'recording') recording.recorder.stop(); // then finished()
    else if (app.media.recording === recording) {
      app.media.recording = null;
      showRecording(app, null);
    }
  };
  recording.stop = () => {
    if (!recording.recorder) recording.cancel();
    else if (recording.recorder.state === 'recording') recording.recorder.stop(); // then finished()
  };
  app.media.recording = recording;
  showRecording(app, 'Waiting for the microphone…');
  try {
    recording.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (failure) {
    if (recording.cancelled) return;
    recording.cancel();
    showUploadError(micError(failure));
    return;
  }
  if (recording.cancelled) {
    for (const track of recording.stream.getTracks()) track.stop();
    return;
  }
  try {
    const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    recording.recorder = new MediaRecorder(recording.stream, mimeType ? { mimeType } : undefined);
  } catch (failure) {
    for (const track of recording.stream.getTracks()) track.stop();
    recording.cancel();
    showUploadError(micError(failure));
    return;
  }
  recording.recorder.ondataavailable = (event) => {
    if (event.data.size) recording.chunks.push(event.data);
  };
  recording.recorder.onstop = () => finished(app, state, recording);
  recording.recorder.start();
  const startedAt = Date.now();
  const tick = () => {
    const ms = Date.now() - startedAt;
    if (ms >= MAX_MS && recording.recorder.state === 'recording') recording.recorder.stop();
    else $('#recording').textContent = `Recording ${clock(ms)}`;
  };
  tick();
  app.timers.recording = setInterval(tick, 500);
}

export function setupRecord(app) {
  $('#record-voice').addEventListener('click', () => {
    if (app.media.recording) app.media.recording.stop();
    else start(app);
  });
}
