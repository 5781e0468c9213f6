/* Small pure helpers for what the console shows: keys, times, short texts, errors and links. */

/** Who a participant is, across types: `user:5`, `customer:12`, `assistant:1`. */
export const keyOf = (type, id) => `${type}:${id}`;

export const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '');

export const short = (text, n = 60) => (text && text.length > n ? `${text.slice(0, n - 1)}…` : text ?? '');

/** A file's size for people: `812 bytes`, `48 KB`, `3.2 MB` (binary units, as Parley's limits are). */
export function fileSize(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KB'] : bytes < 1024 ** 3 ? [bytes / 1024 ** 2, 'MB'] : [bytes / 1024 ** 3, 'GB'];
  return `${value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value)} ${unit}`;
}

export function describeError(error) {
  if (error?.code === 'network_error') return 'Parley cannot be reached. Check your connection.';
  return error?.message || String(error);
}

/** An http(s) URL fit for a link, or null: a `javascript:` URL from a visitor must never become one. */
export function safeUrl(text) {
  if (typeof text !== 'string' || !text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
