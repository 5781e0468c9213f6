/*
 * One message as a list item. Buttons in items carry no handlers of their own: the composer and the
 * streaming view listen on the list, so items can be rebuilt (or kept) freely.
 */

import { h } from '../dom.js';
import { fileSize, keyOf, safeUrl, short, time } from '../format.js';
import { isAssistant, isMine, senderLabel } from './model.js';
import { isMedia, mediaBlock, mediaLabel, summary } from './media.js';

export function tickStatus(app, state, message) {
  const readByOther = (message.read_receipts ?? []).some((r) => keyOf(r.reader_type, r.reader_id) !== app.me.key);
  const id = String(message.id);
  if (message.seq <= state.othersReadSeq || readByOther || state.readIds.has(id)) return 'read';
  if (state.delivered.has(id)) return 'delivered';
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
  const original = state.messages.get(String(replyId));
  const text = original ? `${senderLabel(original)}: ${original.is_deleted ? 'deleted message' : short(summary(original), 80)}`
    : 'an earlier message';
  return h('blockquote', { class: 'reply-quote', 'data-testid': 'reply-quote' }, `↪ ${text}`);
}

/** What a quote shows: when the quoted message changes, so must the quoting one. */
export function quoteSignature(state, replyId) {
  const original = replyId ? state.messages.get(String(replyId)) : null;
  return original ? `${original.id}:${original.content}:${original.is_deleted}` : String(replyId ?? '');
}

/** The knowledge entries an assistant reply drew on; entries with a web address are links. */
function sources(metadata) {
  const list = Array.isArray(metadata?.sources) ? metadata.sources : [];
  if (!list.length) return null;
  return h('div', { class: 'sources', 'data-testid': 'message-sources' }, h('span', { text: 'Sources: ' }),
    h('ul', {}, list.map((source) => {
      const href = safeUrl(source.url);
      const title = source.title || source.url || `Entry ${source.id}`;
      return h('li', { 'data-source-id': source.id ?? null }, href
        ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'source-link', text: title })
        : h('span', { 'data-testid': 'source-title', text: title }));
    })));
}

const FINISHED = { cancelled: 'Stopped before the end.', timeout: 'The assistant ran out of time.',
  error: 'The assistant could not answer.', no_answer: 'The assistant had no answer: a person should reply.' };

function finishNote(metadata) {
  const reason = metadata?.finish_reason;
  if (!reason || reason === 'stop') return null;
  return h('p', { class: 'finish-note', 'data-testid': 'finish-reason', 'data-reason': reason, text: FINISHED[reason] ?? reason });
}

const assistantBadge = () => h('span', { class: 'role-badge', 'data-testid': 'assistant-label', text: 'Assistant' });

export function messageItem(app, state, m) {
  const mine = isMine(app, m);
  const assistant = isAssistant(m);
  const system = m.sender_type === 'system' || m.role === 'system';
  const content = m.is_deleted ? 'This message was deleted.' : (m.content ?? '');
  const kind = [mine ? 'mine' : null, assistant ? 'assistant' : null, system ? 'system' : null].filter(Boolean);
  return h('li', { class: ['message', ...kind].join(' '), 'data-message-id': m.id, 'data-seq': m.seq, 'data-testid': 'message',
    'data-sender-type': m.sender_type ?? null, 'data-message-type': m.message_type ?? 'text' },
  h('div', { class: 'meta' },
    h('span', { class: 'sender', 'data-testid': 'message-sender', text: mine ? 'You' : senderLabel(m) }),
    assistant ? assistantBadge() : null,
    h('time', { datetime: m.created_at, text: time(m.created_at) }),
    m.is_edited && !m.is_deleted ? h('span', { text: 'edited' }) : null),
  replyQuote(state, m.reply_to_message_id),
  mediaBlock(app, m), // a file's caption is the content below it
  content || !isMedia(m) ? h('p', { class: `content${m.is_deleted ? ' deleted' : ''}`, 'data-testid': 'message-content', text: content }) : null,
  assistant && !m.is_deleted ? sources(m.metadata) : null,
  assistant ? finishNote(m.metadata) : null,
  h('div', { class: 'foot' },
    m.is_deleted || system ? null : h('button', { type: 'button', class: 'link', 'data-testid': 'reply-button',
      'aria-label': `Reply to ${mine ? 'your message' : senderLabel(m)}: ${short(content || summary(m), 40)}` }, 'Reply'),
    mine ? tick(tickStatus(app, state, m)) : null));
}

/** A message of ours not stored yet: on its way, waiting for the connection, or failed (with Retry). */
export function pendingItem(state, p, online) {
  const waiting = p.status !== 'failed' && !online;
  const note = p.status === 'failed' ? `Not sent: ${p.error}` : waiting ? 'Waiting for connection…' : 'Sending…';
  return h('li', { class: 'message mine', 'data-client-message-id': p.cmid, 'data-status': p.status === 'failed' ? 'failed' : 'pending',
    'data-testid': 'message' },
  h('div', { class: 'meta' }, h('span', { class: 'sender', 'data-testid': 'message-sender', text: 'You' })),
  replyQuote(state, p.replyTo),
  p.media ? h('p', { class: 'pending-media', 'data-testid': 'pending-media',
    text: `${mediaLabel({ message_type: p.messageType, file_name: p.media.file_name })} · ${fileSize(p.media.file_size)}` }) : null,
  p.content ? h('p', { class: 'content', 'data-testid': 'message-content', text: p.content }) : null,
  h('div', { class: 'foot' }, h('span', { text: note }),
    p.status === 'failed' ? h('button', { type: 'button', class: 'link', 'data-testid': 'retry-button' }, 'Retry')
      : tick('pending')));
}

/** An assistant reply still being written; its text is filled in by the caller as pieces arrive. */
export function streamingItem(stream) {
  return h('li', { class: 'message assistant streaming', 'data-stream-id': stream.messageId, 'data-testid': 'streaming-message',
    'aria-busy': 'true' },
  h('div', { class: 'meta' },
    h('span', { class: 'sender', 'data-testid': 'message-sender', text: stream.senderName || 'Assistant' }),
    assistantBadge(), h('span', { text: 'writing…' })),
  h('p', { class: 'content', 'data-testid': 'stream-content' }),
  h('div', { class: 'foot' }, h('button', { type: 'button', class: 'secondary small', 'data-testid': 'stop-generation',
    disabled: stream.stopping, 'aria-label': 'Stop the assistant\'s reply' }, stream.stopping ? 'Stopping…' : 'Stop')));
}
