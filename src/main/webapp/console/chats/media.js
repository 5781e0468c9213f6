/*
 * Files in messages: an image's thumbnail opens the full image in a viewer, a voice message plays in an
 * audio player, any other file is a download link with its name and size. Parley serves media only to
 * its tenant, and elements cannot send headers, so each URL carries the access token (`?token=`, from
 * parley.js mediaUrl). A URL is made when its element is built, so elements built after a refresh use
 * the new token; one whose token has run out gets a fresh URL when it fails to load or is clicked.
 */

import { $, h } from '../dom.js';
import { fileSize } from '../format.js';

const MEDIA_TYPES = ['image', 'voice', 'file'];

export const isMedia = (m) => MEDIA_TYPES.includes(m.message_type);

/** What a media message is, in a few words: for quotes, previews and announcements. */
export function mediaLabel(m) {
  if (m.message_type === 'image') return 'Photo';
  if (m.message_type === 'voice') return 'Voice message';
  return m.file_name ? `File ${m.file_name}` : 'File';
}

/** A message as one line of text: its content, or for a file without caption what the file is. */
export const summary = (m) => m.content || (isMedia(m) ? mediaLabel(m) : '');

/** The authorised URL of a media path, only ever on Parley's own origin (where the console's CSP lets it load). */
function ownUrl(app, path) {
  const url = app.auth.mediaUrl(path);
  return url && url.startsWith(`${location.origin}/`) ? url : null;
}

/** The file of a media message: thumbnail, player or download link; null for a message without one. */
export function mediaBlock(app, m) {
  if (!isMedia(m) || m.is_deleted) return null;
  const name = m.file_name || null;
  if (m.message_type === 'image') {
    const thumbnail = m.thumbnail_url || m.media_url; // WebP has no thumbnail: the image itself
    const src = ownUrl(app, thumbnail);
    if (!src || !ownUrl(app, m.media_url)) return missing();
    return h('button', { type: 'button', class: 'media-image', 'data-testid': 'media-open', 'data-media-path': m.media_url,
      'aria-label': `Open the photo${name ? ` ${name}` : ''}` },
    h('img', { src, alt: name ? `Photo ${name}` : 'Photo', 'data-testid': 'media-thumbnail', 'data-media-path': thumbnail,
      'data-full-path': m.media_url, decoding: 'async' }));
  }
  const src = ownUrl(app, m.media_url);
  if (!src) return missing();
  if (m.message_type === 'voice') {
    return h('audio', { controls: true, preload: 'metadata', src, 'data-testid': 'media-audio', 'data-media-path': m.media_url,
      'aria-label': `Voice message${m.file_size ? `, ${fileSize(m.file_size)}` : ''}` });
  }
  return h('a', { href: src, download: name ?? '', class: 'media-file', 'data-testid': 'media-file', 'data-media-path': m.media_url },
    h('span', { class: 'file-name', text: name ?? 'Download the file' }),
    m.file_size !== null && m.file_size !== undefined ? h('span', { class: 'file-size', text: fileSize(m.file_size) }) : null);
}

const missing = () => h('p', { class: 'media-missing', 'data-testid': 'media-missing', text: 'The file cannot be shown.' });

/** The full image over the page, with its caption and a link to open it in a tab of its own. */
function openViewer(app, button) {
  let dialog = $('#media-viewer');
  if (!dialog) {
    dialog = h('dialog', { id: 'media-viewer', class: 'media-viewer', 'data-testid': 'media-viewer', 'aria-label': 'Photo' },
      h('img', { 'data-testid': 'media-full', alt: '' }),
      h('p', { class: 'viewer-caption', 'data-testid': 'media-caption' }),
      h('div', { class: 'viewer-bar' },
        h('a', { 'data-testid': 'media-new-tab', target: '_blank', rel: 'noopener noreferrer', text: 'Open in a new tab' }),
        h('button', { type: 'button', class: 'secondary small', 'data-testid': 'media-close', onclick: () => dialog.close() }, 'Close')));
    // A click on the backdrop (the dialog itself, outside its content) closes it too.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    document.body.append(dialog);
  }
  const path = button.dataset.mediaPath;
  const url = ownUrl(app, path);
  if (!url) return;
  const thumbnail = button.querySelector('img');
  const caption = button.closest('li')?.querySelector('[data-testid="message-content"]')?.textContent ?? '';
  Object.assign(dialog.querySelector('img'), { src: url, alt: thumbnail?.alt ?? 'Photo' });
  dialog.querySelector('img').dataset.mediaPath = path;
  dialog.querySelector('[data-testid="media-caption"]').textContent = caption;
  dialog.querySelector('[data-testid="media-caption"]').hidden = !caption;
  dialog.querySelector('a').href = url;
  dialog.querySelector('a').dataset.mediaPath = path;
  dialog.returnFocus = button;
  dialog.showModal();
}

/**
 * An image or player that failed to load: once more with a freshly refreshed token, when that changes
 * the URL; then a thumbnail that still fails gives way to the full image.
 */
async function reload(app, element) {
  const path = element.dataset.mediaPath;
  if (!path || element.dataset.reloading) return;
  element.dataset.reloading = 'true';
  try {
    await app.auth.getToken();
  } catch {
    // Signed out, or Parley unreachable: the URL below is the best there is.
  }
  const fresh = ownUrl(app, path);
  const full = element.dataset.fullPath;
  if (fresh && fresh !== element.getAttribute('src')) {
    const at = element.currentTime ?? 0;
    element.src = fresh;
    if (at && 'currentTime' in element) element.addEventListener('loadedmetadata', () => { element.currentTime = at; }, { once: true });
  } else if (full && full !== path) {
    element.dataset.mediaPath = full;
    delete element.dataset.fullPath;
    element.src = ownUrl(app, full) ?? '';
  }
  setTimeout(() => delete element.dataset.reloading, 1000); // a second failure of the new URL may try again
}

/** Before a link is followed (or copied), it gets the current token. */
function refreshLink(app, event) {
  const link = event.target.closest?.('a[data-media-path]');
  const url = link && ownUrl(app, link.dataset.mediaPath);
  if (url) link.href = url;
}

export function setupMedia(app) {
  $('#message-list').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-testid="media-open"]');
    if (button) openViewer(app, button);
  });
  // In the list and the viewer alike. Load and close events do not bubble: listen while they travel down.
  document.addEventListener('error', (event) => {
    if (event.target.matches?.('img[data-media-path], audio[data-media-path]')) reload(app, event.target);
  }, true);
  for (const type of ['click', 'auxclick', 'contextmenu']) document.addEventListener(type, (event) => refreshLink(app, event), true);
  document.addEventListener('close', (event) => {
    if (event.target.id !== 'media-viewer') return;
    const image = event.target.querySelector('img');
    delete image.dataset.mediaPath; // not a failed load to retry
    image.removeAttribute('src'); // the full image is not kept loaded
    event.target.returnFocus?.focus();
  }, true);
}

/** Sign-out: the viewer, if open, closes and forgets the image. */
export function forgetMedia() {
  $('#media-viewer')?.close();
}
