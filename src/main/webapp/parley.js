/**
 * parley.js: the client SDK of Parley, served by every Parley at /parley.js.
 *
 * A dependency-free ES module for browsers (and Node 20+ with a WebSocket passed in):
 *
 *   import { ParleyAuth, ParleyApi, ParleyClient } from '/parley.js';
 *   const auth = new ParleyAuth();
 *   await auth.login({ email, password });
 *   const client = new ParleyClient({ getToken: auth.getToken });
 *   client.on('message', ({ message }) => show(message));
 *   client.connect();
 *   await client.join(chatId);
 *   await client.send(chatId, 'Hello');
 *
 * What it takes care of, so that applications do not have to (docs/sdk.md):
 * - reconnecting with exponential backoff and full jitter, visibly giving up after a bounded number of
 *   attempts, and never retrying a refused token (close 1008) except once after a refresh;
 * - reporting `open` only after the server's `connected` frame, and noticing dead connections by their
 *   missing pongs;
 * - resuming every joined chat with `since_seq` and emitting each message once;
 * - an offline queue of messages, resent with the same `client_message_id` so none is stored twice;
 * - refreshing the access token before it expires, on the live connection;
 * - pacing outgoing frames below the server's rate limit.
 *
 * The protocol is described in docs/protocol.md; event payloads are the server's frames, unchanged.
 */

export const VERSION = '0.1.0';

// ---------------------------------------------------------------------------------------------------
// Errors and small utilities
// ---------------------------------------------------------------------------------------------------

/** Every failure parley.js reports: `code` is stable (the server's `error` code where there is one). */
export class ParleyError extends Error {
  constructor(code, message, details = {}) {
    super(message || code);
    this.name = 'ParleyError';
    this.code = code;
    this.status = details.status ?? null; // HTTP status of a REST answer, when there was one
    this.retryAfter = details.retryAfter ?? null; // seconds, from a 429's Retry-After
    this.body = details.body ?? null; // the error frame or REST body
    if (details.cause) this.cause = details.cause;
  }
}

/** The claims of a JWT, or null when it is not one. The signature is the server's business, not ours. */
export function decodeToken(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** When a token expires, in epoch milliseconds, or null when it carries no `exp`. */
export function tokenExpiresAt(token) {
  const claims = decodeToken(token);
  return claims && typeof claims.exp === 'number' ? claims.exp * 1000 : null;
}

/**
 * A random UUID for `client_message_id`. crypto.randomUUID exists only in secure contexts, so a page
 * served over plain http from another host falls back to getRandomValues.
 */
export function randomId() {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Removes and answers the entry of `list` whose key is `wanted`. Only without a key (an error about a
 * frame the server could not read) is it the oldest entry: an error that names its request must never
 * settle another one.
 */
function takeMatching(list, wanted, key = (entry) => entry) {
  if (wanted === null || wanted === undefined) return list.shift();
  const at = list.findIndex((entry) => key(entry) === wanted);
  return at >= 0 ? list.splice(at, 1)[0] : undefined;
}

/**
 * Full jitter: a random delay between 0 and the exponential cap. Spreading reconnects over the whole
 * window is what keeps thousands of clients from hammering a restarted server in step.
 */
export function backoffDelay(attempt, baseDelayMs, maxDelayMs, random = Math.random) {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Chat ids are numbers, except visitor chats', which are UUIDs. One chat must have one id wherever it
 * comes from (an application's `'42'`, a frame's `42`; an upper-case UUID), or a comparison with ===
 * misses it: a numeric string becomes a Number, a UUID lower case. Anything else is answered unchanged
 * (and refused by isChatId).
 */
export function normalizeChatId(chatId) {
  if (typeof chatId !== 'string') return chatId;
  if (/^[0-9]+$/.test(chatId)) {
    const number = Number(chatId);
    return Number.isSafeInteger(number) ? number : chatId;
  }
  return UUID.test(chatId) ? chatId.toLowerCase() : chatId;
}

/** A chat id, once normalised: a positive safe integer, or a UUID (8-4-4-4-12 hex digits). */
export function isChatId(chatId) {
  const id = normalizeChatId(chatId);
  return (Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && UUID.test(id));
}

function chatPath(chatId) {
  return encodeURIComponent(String(normalizeChatId(chatId)));
}

function defaultBaseUrl() {
  const origin = globalThis.location?.origin;
  return origin && origin !== 'null' ? origin : '';
}

function now() {
  return Date.now();
}

/** A minimal event emitter. A failing listener is reported, never allowed to break the client. */
class Emitter {
  #listeners = new Map();
  #onceWrappers = new Map(); // type -> Map(listener given to once() -> the wrapper registered for it)

  /** Adds a listener; returns a function that removes it. `'*'` hears every event as (type, payload). */
  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
    // once() registers a wrapper: off() with the function the application passed must remove it too.
    const wrappers = this.#onceWrappers.get(type);
    const wrapper = wrappers?.get(listener);
    if (wrapper) {
      wrappers.delete(listener);
      this.#listeners.get(type)?.delete(wrapper);
    }
  }

  once(type, listener) {
    if (!this.#onceWrappers.has(type)) this.#onceWrappers.set(type, new Map());
    const wrappers = this.#onceWrappers.get(type);
    if (!wrappers.has(listener)) {
      const wrapper = (...args) => { // '*' listeners get (type, payload)
        this.off(type, listener);
        listener(...args);
      };
      wrappers.set(listener, wrapper);
      this.on(type, wrapper);
    }
    return () => this.off(type, listener);
  }

  emit(type, payload) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) call(listener, payload);
    for (const listener of [...(this.#listeners.get('*') ?? [])]) call(listener, type, payload);
  }
}

function call(listener, ...args) {
  try {
    listener(...args);
  } catch (failure) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(failure);
    else console.error(failure);
  }
}

/** A set that forgets its oldest entries, so deduplicating a long-lived connection stays bounded. */
class RecentSet {
  #items = new Set();

  constructor(limit) {
    this.limit = limit;
  }

  has(value) {
    return this.#items.has(value);
  }

  add(value) {
    this.#items.add(value);
    if (this.#items.size > this.limit) this.#items.delete(this.#items.values().next().value);
  }
}

// ---------------------------------------------------------------------------------------------------
// REST: logging in, and the API
// ---------------------------------------------------------------------------------------------------

/**
 * One REST call. Answers the parsed JSON body (null for 204); throws a ParleyError carrying the
 * server's error code, or `network_error` when no answer came.
 */
async function request(method, path, { baseUrl, fetch: fetchImpl, token, body, query, headers } = {}) {
  const doFetch = fetchImpl ?? globalThis.fetch;
  let url = `${(baseUrl ?? defaultBaseUrl()).replace(/\/$/, '')}${path}`;
  const params = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== null);
  if (params.length) url += `?${new URLSearchParams(params.map(([k, v]) => [k, String(v)]))}`;
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await doFetch(url, init);
  } catch (cause) {
    throw new ParleyError('network_error', `${method} ${path}: no answer (${cause.message})`, { status: 0, cause });
  }
  return answer(method, path, response.status, await response.text(), response.headers.get('Retry-After'));
}

/** A REST answer: its JSON (null when empty), or, for a status other than 2xx, a thrown ParleyError. */
function answer(method, path, status, text, retryAfterHeader) {
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (status < 200 || status > 299) {
    const retryAfter = Number(retryAfterHeader) || null;
    throw new ParleyError(json?.error ?? `http_${status}`, json?.message ?? `${method} ${path}: ${status}`,
      { status, retryAfter, body: json });
  }
  return json;
}

const UPLOAD_PATH = '/api/v1/chat/upload';

/**
 * `POST /api/v1/chat/upload`: one file as multipart/form-data, in a part named `file`. With an
 * XMLHttpRequest (browsers) `onProgress` hears the bytes going out; without one (Node) it is fetch, and
 * `onProgress` hears only the end. Answers the upload's JSON; fails like `request`, or with `aborted`.
 */
function uploadFile(file, { baseUrl, fetch: fetchImpl, XMLHttpRequest: Xhr, token, onProgress, signal, fileName } = {}) {
  const url = `${(baseUrl ?? defaultBaseUrl()).replace(/\/$/, '')}${UPLOAD_PATH}`;
  const form = new FormData();
  form.append('file', file, fileName ?? file.name ?? 'file');
  const progress = (loaded, total) => {
    if (!onProgress) return;
    const whole = total > 0 ? total : file.size;
    call(onProgress, { loaded: Math.min(loaded, whole), total: whole, fraction: whole > 0 ? Math.min(1, loaded / whole) : 1 });
  };
  const aborted = () => new ParleyError('aborted', 'The upload was cancelled', { status: 0 });
  if (signal?.aborted) return Promise.reject(aborted());
  const XhrClass = Xhr ?? globalThis.XMLHttpRequest;
  if (!XhrClass) {
    const doFetch = fetchImpl ?? globalThis.fetch;
    const headers = { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    return doFetch(url, { method: 'POST', headers, body: form, signal }).then(
      async (response) => {
        const json = answer('POST', UPLOAD_PATH, response.status, await response.text(), response.headers.get('Retry-After'));
        progress(file.size, file.size);
        return json;
      },
      (cause) => {
        throw signal?.aborted ? aborted()
          : new ParleyError('network_error', `POST ${UPLOAD_PATH}: no answer (${cause.message})`, { status: 0, cause });
      });
  }
  return new Promise((resolve, reject) => {
    const xhr = new XhrClass();
    const stop = () => xhr.abort();
    const settle = (fn, value) => {
      signal?.removeEventListener('abort', stop);
      fn(value);
    };
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (xhr.upload) xhr.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : 0);
    xhr.onload = () => {
      try {
        const json = answer('POST', UPLOAD_PATH, xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After'));
        progress(file.size, file.size);
        settle(resolve, json);
      } catch (failure) {
        settle(reject, failure);
      }
    };
    // A server that refuses a large body before reading it may close the connection: no answer then.
    xhr.onerror = xhr.ontimeout = () => settle(reject,
      new ParleyError('network_error', `POST ${UPLOAD_PATH}: no answer (the connection failed)`, { status: 0 }));
    xhr.onabort = () => settle(reject, aborted());
    signal?.addEventListener('abort', stop, { once: true });
    xhr.send(form);
  });
}

/**
 * The message type a file is sent as: `image` for images, `voice` for audio, `file` for anything else
 * (PDF, text). `type` is a MIME type, such as an upload's `file_type`.
 */
export function mediaMessageType(type) {
  const kind = String(type ?? '').toLowerCase();
  if (kind.startsWith('image/')) return 'image';
  if (kind.startsWith('audio/')) return 'voice';
  return 'file';
}

/**
 * An absolute URL that loads a media file from an `<img>`, `<audio>` or link: `path` is a message's
 * `media_url` or `thumbnail_url` (a path such as `/api/v1/media/<key>`, relative to Parley) or an upload's
 * absolute `file_url`. URLs on Parley's origin get `?token=` (media answer only their tenant, and elements
 * cannot send headers); the token never goes to another origin. Null for no path, or one that is not http(s).
 */
export function mediaUrl(path, { baseUrl, token } = {}) {
  if (typeof path !== 'string' || !path) return null;
  const root = (baseUrl ?? defaultBaseUrl()).replace(/\/$/, '').replace(/^ws(s?):/i, 'http$1:');
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path) ? path : `${root}${path.startsWith('/') ? '' : '/'}${path}`;
  let url;
  try {
    url = new URL(absolute);
  } catch {
    return null; // a relative path without a base (Node without baseUrl)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  let ours = false;
  try {
    ours = url.origin === new URL(root).origin;
  } catch {
    ours = false;
  }
  if (token && ours) url.searchParams.set('token', token);
  return url.href;
}

/** `POST /api/v1/tenants`: a new tenant and its owner. `{name, slug?, owner: {name, email, password}}`. */
export function signUp(body, options = {}) {
  return request('POST', '/api/v1/tenants', { ...options, body });
}

/** `POST /api/v1/auth/login`: staff. `{email, password, tenant?}`. Answers a session. */
export function login(body, options = {}) {
  return request('POST', '/api/v1/auth/login', { ...options, body });
}

/** `POST /api/v1/customer-auth/login`: `{tenant, email | phone, password}`. Answers a session. */
export function customerLogin(body, options = {}) {
  return request('POST', '/api/v1/customer-auth/login', { ...options, body });
}

/** `POST /api/v1/customer-auth/register`, where the tenant allows it. Answers a session. */
export function customerRegister(body, options = {}) {
  return request('POST', '/api/v1/customer-auth/register', { ...options, body });
}

/** `POST /api/v1/auth/refresh`: spends the refresh token, answers a new session (with a new refresh token). */
export function refresh(refreshToken, options = {}) {
  return request('POST', '/api/v1/auth/refresh', { ...options, body: { refresh_token: refreshToken } });
}

/** `POST /api/v1/auth/logout`: revokes the refresh token. The access token lives on until it expires. */
export function logout(refreshToken, options = {}) {
  return request('POST', '/api/v1/auth/logout', { ...options, body: { refresh_token: refreshToken } });
}

/**
 * Holds one signed-in account's tokens and hands out a valid access token (`getToken`), refreshing it
 * shortly before it expires. Refresh tokens are single use, so concurrent callers (REST and the socket)
 * share one refresh instead of spending the same token twice.
 *
 * Events: `change` with the session (or null after logout or a refused refresh).
 */
export class ParleyAuth extends Emitter {
  #session = null;
  #refreshing = null;
  #lastRefreshAt = 0;
  #superseded = new WeakMap(); // signed-out session -> the refresh token a refresh in flight got for it

  /**
   * @param {object} options
   * @param {string} [options.baseUrl] Parley's URL; default the page's origin
   * @param {Function} [options.fetch] a fetch implementation
   * @param {Storage} [options.storage] where to keep the session (e.g. sessionStorage); none by default
   * @param {string} [options.storageKey] default `parley.session`
   * @param {number} [options.refreshMarginMs] refresh when the token has less than this left; default 60 s
   */
  constructor(options = {}) {
    super();
    this.options = { baseUrl: options.baseUrl ?? defaultBaseUrl(), fetch: options.fetch,
      storage: options.storage ?? null, storageKey: options.storageKey ?? 'parley.session',
      refreshMarginMs: options.refreshMarginMs ?? 60_000 };
    this.#session = this.#load();
    this.getToken = this.getToken.bind(this);
  }

  /** The current session: the login answer plus `expires_at` (epoch ms), or null. */
  get session() {
    return this.#session;
  }

  get signedIn() {
    return this.#session !== null;
  }

  get accessToken() {
    return this.#session?.access_token ?? null;
  }

  /** The access token's claims: `sub`, `tenant_id`, `participant_type`, `role`, `name`, `exp`... */
  get claims() {
    return decodeToken(this.accessToken);
  }

  /** A media path as a URL with the current access token: see `mediaUrl`. Build it when it is shown. */
  mediaUrl(path) {
    return mediaUrl(path, { baseUrl: this.options.baseUrl, token: this.accessToken });
  }

  async signUp(body) {
    return this.#adopt(await signUp(body, this.options));
  }

  async login(body) {
    return this.#adopt(await login(body, this.options));
  }

  async customerLogin(body) {
    return this.#adopt(await customerLogin(body, this.options));
  }

  async customerRegister(body) {
    return this.#adopt(await customerRegister(body, this.options));
  }

  /** Adopts a session obtained elsewhere (e.g. from a server-side login). */
  use(session) {
    return this.#adopt(session);
  }

  /**
   * A valid access token. Refreshes first when the token has less than `minValidityMs` left (default:
   * the refresh margin, at most a third of the token's lifetime) or when `forceRefresh` is set. Pass this method as `getToken` to ParleyApi and
   * ParleyClient.
   */
  async getToken({ minValidityMs, forceRefresh = false } = {}) {
    const session = this.#session;
    if (!session) throw new ParleyError('not_signed_in', 'Not signed in', { status: 401 });
    // With short-lived tokens a fixed margin would refresh on every call: take at most a third of the lifetime.
    const claims = decodeToken(session.access_token);
    const lifetime = claims?.iat && claims?.exp ? (claims.exp - claims.iat) * 1000 : Infinity;
    const margin = minValidityMs ?? Math.min(this.options.refreshMarginMs, lifetime / 3);
    // A forced refresh right after another one (REST and the socket noticing the same expiry) reuses it.
    const justRefreshed = now() - this.#lastRefreshAt < 2000;
    const expiring = session.expires_at - now() < margin;
    if ((forceRefresh && !justRefreshed) || expiring) await this.refresh();
    // Signed out while waiting for the refresh.
    if (!this.#session) throw new ParleyError('not_signed_in', 'Not signed in', { status: 401 });
    return this.#session.access_token;
  }

  /** Refreshes now (once, however many callers ask at the same time). */
  refresh() {
    if (!this.#refreshing) {
      this.#refreshing = this.#refresh().finally(() => {
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  async #refresh() {
    const current = this.#session;
    if (!current?.refresh_token) {
      throw new ParleyError('invalid_refresh_token', 'This session cannot be refreshed (no refresh token)', { status: 401 });
    }
    let fresh;
    try {
      fresh = await refresh(current.refresh_token, this.options);
    } catch (failure) {
      // A refused refresh token will never work again: the account must sign in anew (unless it
      // already signed out or in again meanwhile).
      if (failure.status === 401 && this.#session === current) this.#adopt(null);
      throw failure;
    }
    if (this.#session !== current) {
      // Signed out or signed in anew while the refresh was under way: adopting its tokens would undo
      // that. After a logout, logout() revokes the new refresh token; a replaced session has no one
      // left to sign it out, so it is revoked here.
      if (this.#session === null) this.#superseded.set(current, fresh?.refresh_token);
      else if (fresh?.refresh_token) logout(fresh.refresh_token, this.options).catch(() => {});
      throw new ParleyError('not_signed_in', 'Signed out (or in again) while the token was being refreshed', { status: 401 });
    }
    this.#lastRefreshAt = now();
    // The refresh answer has no tenant object: keep the one sign-up gave.
    return this.#adopt({ tenant: current.tenant, ...fresh });
  }

  /** Revokes the refresh token and forgets the session, also when the server cannot be reached. */
  async logout() {
    const current = this.#session;
    const refreshing = this.#refreshing;
    this.#adopt(null);
    // A refresh under way spends the current refresh token and gets a newer one: wait for it, and revoke
    // whichever is newest, so no valid refresh token outlives the logout.
    if (refreshing) await refreshing.catch(() => {});
    const newest = (current && this.#superseded.get(current)) ?? current?.refresh_token;
    if (newest) {
      try {
        await logout(newest, this.options);
      } catch {
        // The tokens are forgotten here either way; the refresh token expires on its own.
      }
    }
  }

  #adopt(session) {
    if (session) {
      const expiresAt = tokenExpiresAt(session.access_token) ?? now() + (session.expires_in ?? 900) * 1000;
      session = { ...session, expires_at: expiresAt };
    }
    this.#session = session;
    this.#save(session);
    this.emit('change', session);
    return session;
  }

  #load() {
    try {
      const text = this.options.storage?.getItem(this.options.storageKey);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  #save(session) {
    try {
      const { storage, storageKey } = this.options;
      if (!storage) return;
      if (session) storage.setItem(storageKey, JSON.stringify(session));
      else storage.removeItem(storageKey);
    } catch {
      // Storage may be full or forbidden (private browsing): the session still works in memory.
    }
  }
}

/**
 * Parley's REST API with a bearer token. A `401` is retried once with a freshly refreshed token when
 * `getToken` can refresh (ParleyAuth's can).
 */
export class ParleyApi {
  #token = null; // the access token of the latest call, for mediaUrl

  /**
   * @param {object} options
   * @param {string} [options.baseUrl] default the page's origin
   * @param {Function} [options.getToken] async ({forceRefresh}) => access token
   * @param {string} [options.token] a fixed access token instead of getToken
   * @param {Function} [options.fetch]
   * @param {Function} [options.XMLHttpRequest] for upload progress; default globalThis.XMLHttpRequest
   */
  constructor(options = {}) {
    this.options = { baseUrl: options.baseUrl ?? defaultBaseUrl(), fetch: options.fetch,
      XMLHttpRequest: options.XMLHttpRequest,
      getToken: options.getToken ?? (options.token ? async () => options.token : null) };
    this.#token = options.token ?? null;
  }

  /** Any call: `api.request('GET', '/api/v1/chat/chats', {query: {is_archived: false}})`. */
  request(method, path, { body, query, anonymous = false } = {}) {
    const send = (token) => request(method, path, { ...this.options, token, body, query });
    return anonymous ? send(null) : this.#authorised(send);
  }

  /** Calls `send` with a token; a 401 is tried once more with a freshly refreshed one. */
  async #authorised(send) {
    const { getToken } = this.options;
    if (!getToken) return send(null);
    try {
      return await send(this.#token = await getToken({}));
    } catch (failure) {
      if (failure.status !== 401 || failure.code === 'invalid_credentials') throw failure;
      return send(this.#token = await getToken({ forceRefresh: true }));
    }
  }

  /**
   * Uploads a file (a File or Blob) to send as a message: `POST /api/v1/chat/upload`. Answers
   * `{file_url, file_name, file_type, file_size, thumbnail_url}`; fails with a ParleyError like every
   * call: `413 payload_too_large` / `image_too_large`, `415 unsupported_media_type`, `400
   * validation_failed`, or `aborted` after `signal` aborted it.
   *
   * @param {object} [opts] `onProgress({loaded, total, fraction})` as the bytes go out (XMLHttpRequest),
   *   `signal` (an AbortSignal), `fileName` (for a Blob without a name)
   */
  upload(file, { onProgress, signal, fileName } = {}) {
    if (!file || typeof file.size !== 'number') {
      return Promise.reject(new ParleyError('validation_failed', 'file: a File or Blob is required'));
    }
    return this.#authorised((token) => uploadFile(file, { ...this.options, token, onProgress, signal, fileName }));
  }

  /** A media path as a URL with the token of this API's latest call: see `mediaUrl`. */
  mediaUrl(path) {
    return mediaUrl(path, { baseUrl: this.options.baseUrl, token: this.#token });
  }

  me() { return this.request('GET', '/api/v1/auth/me'); }

  // Chats and messages
  chats({ archived = false } = {}) { return this.request('GET', '/api/v1/chat/chats', { query: { is_archived: archived } }); }
  /** Visitor chats, staff only: `{id: 'uuid', chat_type: 'visitor', handled_by, needs_attention, visitor, …}`. */
  visitorChats() { return this.request('GET', '/api/v1/chat/chats', { query: { chat_type: 'visitor' } }); }
  chat(chatId) { return this.request('GET', `/api/v1/chat/chats/${chatPath(chatId)}`); }
  /** Staff open a chat with a customer: `{customer_id, title?, initial_message?}`. */
  createChat(body) { return this.request('POST', '/api/v1/chat/chats', { body }); }
  /** A customer opens a chat: `{user_id?, title?, initial_message?}`. */
  createCustomerChat(body = {}) { return this.request('POST', '/api/v1/chat/chats/customer', { body }); }
  updateChat(chatId, patch) { return this.request('PATCH', `/api/v1/chat/chats/${chatPath(chatId)}`, { body: patch }); }
  /** Staff take a visitor chat over from the assistant, or hand it back: answers the chat. */
  takeover(chatId) { return this.request('POST', `/api/v1/chat/chats/${chatPath(chatId)}/takeover`); }
  release(chatId) { return this.request('POST', `/api/v1/chat/chats/${chatPath(chatId)}/release`); }
  /** History, newest first (`{page, pageSize}`), or the messages after a seq, oldest first (`{afterSeq}`). */
  messages(chatId, { page, pageSize, afterSeq } = {}) {
    return this.request('GET', `/api/v1/chat/chats/${chatPath(chatId)}/messages`,
      { query: { page, page_size: pageSize, after_seq: afterSeq } });
  }
  sendMessage(chatId, body) { return this.request('POST', `/api/v1/chat/chats/${chatPath(chatId)}/messages`, { body }); }
  editMessage(chatId, messageId, content) {
    return this.request('PATCH', `/api/v1/chat/chats/${chatPath(chatId)}/messages/${messageId}`, { body: { content } });
  }
  deleteMessage(chatId, messageId) {
    return this.request('DELETE', `/api/v1/chat/chats/${chatPath(chatId)}/messages/${messageId}`);
  }
  markRead(chatId, upToMessageId) {
    return this.request('POST', `/api/v1/chat/chats/${chatPath(chatId)}/read`, { body: { up_to_message_id: upToMessageId } });
  }

  // Accounts (users: admin; customers: staff)
  users() { return this.request('GET', '/api/v1/users'); }
  createUser(body) { return this.request('POST', '/api/v1/users', { body }); }
  updateUser(id, patch) { return this.request('PATCH', `/api/v1/users/${id}`, { body: patch }); }
  deactivateUser(id) { return this.request('DELETE', `/api/v1/users/${id}`); }
  customers() { return this.request('GET', '/api/v1/customers'); }
  createCustomer(body) { return this.request('POST', '/api/v1/customers', { body }); }
  updateCustomer(id, patch) { return this.request('PATCH', `/api/v1/customers/${id}`, { body: patch }); }
  deactivateCustomer(id) { return this.request('DELETE', `/api/v1/customers/${id}`); }

  // The tenant (admin)
  tenant(tenant) { return this.request('GET', `/api/v1/tenants/${encodeURIComponent(tenant)}`); }
  updateTenant(tenant, patch) { return this.request('PATCH', `/api/v1/tenants/${encodeURIComponent(tenant)}`, { body: patch }); }
  apiKeys(tenant) { return this.request('GET', `/api/v1/tenants/${encodeURIComponent(tenant)}/api-keys`); }
  createApiKey(tenant, name) { return this.request('POST', `/api/v1/tenants/${encodeURIComponent(tenant)}/api-keys`, { body: { name } }); }
  revokeApiKey(tenant, id) { return this.request('DELETE', `/api/v1/tenants/${encodeURIComponent(tenant)}/api-keys/${id}`); }
  connections() { return this.request('GET', '/api/v1/admin/connections'); }
  /** `{event, data?, target?}`: admins (and API keys, server-side) publish notifications. */
  publish(body) { return this.request('POST', '/api/v1/notifications', { body }); }

  // The knowledge base the assistant answers from (admin)
  /** `{q?, page?, pageSize?}` → `{items, total, page, page_size, has_more}`. */
  knowledge({ q, page, pageSize } = {}) {
    return this.request('GET', '/api/v1/knowledge', { query: { q: q || undefined, page, page_size: pageSize } });
  }
  knowledgeEntry(id) { return this.request('GET', `/api/v1/knowledge/${encodeURIComponent(id)}`); }
  /** `{title, body, url?, tags?: [string]}` → the entry. */
  createKnowledge(body) { return this.request('POST', '/api/v1/knowledge', { body }); }
  /** Changes only the fields given. */
  updateKnowledge(id, patch) { return this.request('PATCH', `/api/v1/knowledge/${encodeURIComponent(id)}`, { body: patch }); }
  deleteKnowledge(id) { return this.request('DELETE', `/api/v1/knowledge/${encodeURIComponent(id)}`); }

  // Prompt templates, saved from assistant conversations or written by staff (staff)
  /** `{q?, category?, page?, pageSize?}` → `{items, total, page, page_size, has_more}`. */
  templates({ q, category, page, pageSize } = {}) {
    return this.request('GET', '/api/v1/templates',
      { query: { q: q || undefined, category: category || undefined, page, page_size: pageSize } });
  }
  template(id) { return this.request('GET', `/api/v1/templates/${encodeURIComponent(id)}`); }
  /** `{title, content, category?, description?}` → the template. */
  createTemplate(body) { return this.request('POST', '/api/v1/templates', { body }); }
  /** Changes only the fields given. */
  updateTemplate(id, changes) { return this.request('PATCH', `/api/v1/templates/${encodeURIComponent(id)}`, { body: changes }); }
  deleteTemplate(id) { return this.request('DELETE', `/api/v1/templates/${encodeURIComponent(id)}`); }
}

// ---------------------------------------------------------------------------------------------------
// The real-time client
// ---------------------------------------------------------------------------------------------------

const DEFAULTS = {
  path: '/ws',
  batch: true,
  stream: false,
  reconnect: { baseDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 20, resetAfterMs: 10_000 },
  connectTimeoutMs: 15_000, // longer than the server's 10 s authentication window
  heartbeatIntervalMs: null, // null: what the server's `connected` frame asks for
  pongTimeoutMs: 10_000,
  refreshMarginMs: 60_000,
  rateLimit: { perSecond: 15, burst: 30 }, // below the server's 20/s, bursts of 40
  maxQueuedMessages: 500,
  maxContentLength: 10_000,
  maxFrameBytes: 65_536,
  typingThrottleMs: 2_500,
};

/** Local close codes: what the client decided itself, distinct from the server's. */
const CLIENT_DECIDED = 4000;

/**
 * What the client knows of one joined chat: the highest seq up to which it has seen every message.
 * Seqs are gap-free per chat, so messages that arrive ahead of a gap (live ones during a long replay)
 * are kept aside until the gap is filled; resuming from the contiguous seq then loses nothing.
 */
class ChatCursor {
  constructor(chatId, lastSeq) {
    this.chatId = chatId;
    this.lastSeq = lastSeq ?? null; // null until the first chat_joined tells where the chat stands
    this.ahead = new Set();
    this.joined = false; // a chat_joined arrived on the current connection
    this.joinedFrame = null;
    this.replaying = false;
    this.waiters = [];
  }

  saw(seq) {
    if (typeof seq !== 'number') return;
    if (this.lastSeq === null || seq > this.lastSeq + 1) {
      if (this.lastSeq === null || seq > this.lastSeq) this.ahead.add(seq);
    } else if (seq === this.lastSeq + 1) {
      this.lastSeq = seq;
    }
    this.#advance();
  }

  /** The chat's position when its history was read elsewhere (REST) or announced by chat_joined. */
  startAt(seq) {
    if (typeof seq === 'number' && (this.lastSeq === null || seq > this.lastSeq)) this.lastSeq = seq;
    for (const s of this.ahead) if (s <= this.lastSeq) this.ahead.delete(s);
    this.#advance();
  }

  #advance() {
    if (this.lastSeq === null) return;
    while (this.ahead.delete(this.lastSeq + 1)) this.lastSeq++;
    // A gap that never fills (it should not happen) must not make the set grow forever.
    if (this.ahead.size > 1000) this.startAt(Math.max(...this.ahead));
  }

  settle(action, value) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w[action](value);
  }
}

/**
 * One real-time connection to Parley, kept alive across network drops.
 *
 * States: `connecting` (first connection after connect()), `open` (the server's `connected` frame
 * arrived), `reconnecting` (waiting for the next attempt, or attempting), `closed` (close(), or given up:
 * see `status.code` and `status.reason`).
 *
 * Events (payloads are the server's frames, see docs/protocol.md): `state`, `message`, `message_ack`,
 * `message_delta` (with `stream: true`), `message_updated`, `message_deleted`, `typing`, `read_receipt`,
 * `presence`, `user_joined`, `user_left`, `chat_created`, `chat_joined`, `chat_left`, `handoff`,
 * `notification` (every frame with an `event`, e.g. `message_status`, `sync`, a tenant's own events; each
 * also under its own name), `error`, `latency`, `connected`, `pong`, `token_refreshed`, `frame` (every
 * frame), and `'*'` (every event, as (type, payload)).
 */
export class ParleyClient extends Emitter {
  #options;
  #token;
  #status;
  #socket = null;
  #generation = 0; // bumped whenever a pending attempt must be abandoned
  #wanted = false; // the application wants a connection
  #attempt = 0;
  #openedAt = 0;
  #refreshRetried = false;
  #refreshRefusals = 0; // refresh_token frames the server refused since the last success
  #timers = {};
  #chats = new Map(); // chatId -> ChatCursor
  #outbox = new Map(); // client_message_id -> {frame, promise, resolve, reject}
  #awaitingAck = []; // client_message_ids sent on this connection, in order
  #awaitingJoin = []; // cursors whose join_chat went out on this connection, in order (also left ones)
  #reads = new Map(); // chatId -> highest message id to mark read once connected
  #humanRequests = new Set(); // chatIds whose request_human waits for the connection
  #typingSent = new Map(); // chatId -> time of the last `typing: true` sent
  #seen = new RecentSet(10_000);
  #out = []; // frames waiting for the rate limiter
  #tokens = 0;
  #tokensAt = 0;
  #pingSentAt = null;
  #browserHooks = null;

  /**
   * @param {object} options see docs/sdk.md for the whole table
   * @param {string} [options.baseUrl] Parley's URL (http(s) or ws(s)); default the page's origin
   * @param {string} [options.url] the full WebSocket URL instead of baseUrl + path
   * @param {string} [options.path] default `/ws`
   * @param {string} [options.token] an access token
   * @param {Function} [options.getToken] async ({reason, minValidityMs, forceRefresh}) => access token;
   *   called on every (re)connect and before the token expires
   * @param {string} [options.tenantId] adds `tenant_id` to the URL: the server checks it is the token's
   * @param {string} [options.tokenIn] `'frame'` (an `auth` frame, default) or `'query'` (`?token=`; the
   *   default when tenantId is set)
   * @param {object} [options.visitor] `{tenantId, sessionId, visitorId}`: an anonymous visitor, no token
   * @param {boolean} [options.stream] `?stream=1`: assistant replies also arrive piece by piece as
   *   `message_delta` events before their `message`
   * @param {Function} [options.WebSocket] the WebSocket class; default globalThis.WebSocket
   */
  constructor(options = {}) {
    super();
    this.#options = {
      ...DEFAULTS,
      ...options,
      reconnect: { ...DEFAULTS.reconnect, ...options.reconnect },
      rateLimit: { ...DEFAULTS.rateLimit, ...options.rateLimit },
      baseUrl: options.baseUrl ?? defaultBaseUrl(),
      WebSocket: options.WebSocket ?? globalThis.WebSocket,
    };
    if (!this.#options.WebSocket) {
      throw new ParleyError('no_websocket', 'No WebSocket implementation: pass one as options.WebSocket');
    }
    this.#token = options.token ?? null;
    this.#status = { state: 'closed', previous: null, code: null, reason: null, attempt: 0, nextDelayMs: null,
      retryAt: null, reconnects: 0, gaveUp: false, url: null, connectionId: null, participantType: null,
      participantId: null, tenantId: null, heartbeatIntervalMs: null, latencyMs: null, lastPongAt: null };
  }

  /** `connecting`, `open`, `reconnecting` or `closed`. */
  get state() {
    return this.#status.state;
  }

  /**
   * A snapshot: `{state, previous, code, reason, attempt, nextDelayMs, retryAt, reconnects, gaveUp, url,
   * connectionId, participantType, participantId, tenantId, heartbeatIntervalMs, latencyMs, lastPongAt,
   * queued}`. `code`/`reason` are the last close's; `url` has no token in it.
   */
  get status() {
    return { ...this.#status, queued: this.#outbox.size };
  }

  /** The chats this client has joined, with the seq it would resume from. */
  get chats() {
    return [...this.#chats.values()].map((c) => ({ chatId: c.chatId, lastSeq: c.lastSeq, joined: c.joined }));
  }

  /** The highest seq up to which every message of the chat was seen, or null. */
  lastSeq(chatId) {
    return this.#chats.get(normalizeChatId(chatId))?.lastSeq ?? null;
  }

  // --- Lifecycle --------------------------------------------------------------------------------

  /** Starts connecting (and keeps the connection up until close()). Calling it again is harmless. */
  connect() {
    if (this.#wanted) return this;
    this.#wanted = true;
    this.#attempt = 0;
    this.#refreshRetried = false;
    this.#hookBrowser();
    this.#setState('connecting', { code: null, reason: null, attempt: 0, nextDelayMs: null, retryAt: null,
      gaveUp: false, reconnects: 0 });
    this.#dial('connect');
    return this;
  }

  /** Resolves when the client is open; rejects when it closes for good first. */
  ready() {
    if (this.state === 'open') return Promise.resolve(this.status);
    // Given up already: no `closed` state event is coming to reject the promise.
    if (this.state === 'closed' && this.#status.gaveUp) {
      return Promise.reject(new ParleyError('closed', this.#status.reason ?? 'closed', { body: this.status }));
    }
    return new Promise((resolve, reject) => {
      const off = this.on('state', (status) => {
        if (status.state === 'open') {
          off();
          resolve(status);
        } else if (status.state === 'closed') {
          off();
          reject(new ParleyError('closed', status.reason ?? 'closed', { body: status }));
        }
      });
    });
  }

  /** Skips the wait before the next attempt (a "Retry now" button), or starts again after giving up. */
  reconnect() {
    if (!this.#wanted) return this.connect();
    if (this.state === 'reconnecting' && this.#timers.retry) {
      clearTimeout(this.#timers.retry);
      this.#timers.retry = null;
      this.#setState('reconnecting', { nextDelayMs: 0, retryAt: now() });
      this.#dial('connect');
    }
    return this;
  }

  /**
   * Closes for good: nothing is retried, unsent messages are rejected. The joined chats are remembered,
   * so a later connect() resumes them.
   */
  close(reason = 'client closed') {
    if (!this.#wanted && !this.#socket) { // already closed
      this.#clearTimers();
      return;
    }
    const socket = this.#socket;
    this.#finish(1000, reason, { gaveUp: false });
    if (socket) this.#discard(socket, 1000, reason);
  }

  // --- Chats ------------------------------------------------------------------------------------

  /**
   * Joins a chat now, or as soon as the client is open; rejoins it after every reconnect with the last
   * seq seen, so missed messages are replayed (each emitted once). Pass `sinceSeq` (the highest seq the
   * application already shows, e.g. from REST history) to have the messages after it replayed now.
   * Resolves with the `chat_joined` frame.
   */
  join(given, { sinceSeq } = {}) {
    const chatId = normalizeChatId(given);
    let cursor = this.#chats.get(chatId);
    if (!cursor) {
      cursor = new ChatCursor(chatId, null);
      this.#chats.set(chatId, cursor);
    }
    if (sinceSeq !== undefined && sinceSeq !== null) cursor.startAt(sinceSeq);
    const promise = new Promise((resolve, reject) => cursor.waiters.push({ resolve, reject }));
    promise.catch(() => {}); // joining without awaiting is fine: a closed client must not raise unhandled rejections
    if (cursor.joined && sinceSeq === undefined) {
      cursor.settle('resolve', cursor.joinedFrame);
    } else if (this.state === 'open' && !this.#awaitingJoin.includes(cursor)) {
      // Only this cursor's own join counts: one sent before a leave() is answered for the left chat.
      this.#sendJoin(cursor);
    }
    return promise;
  }

  /**
   * Leaves a chat: no more live frames, and it is not rejoined after a reconnect. A join still under way
   * is rejected; its answer, when it comes, is recognised as stale (its cursor is no longer the chat's)
   * and settles nothing, so a join() right after sends a join_chat of its own.
   */
  leave(given) {
    const chatId = normalizeChatId(given);
    const cursor = this.#chats.get(chatId);
    if (cursor) {
      this.#chats.delete(chatId);
      cursor.settle('reject', new ParleyError('left', `Left chat ${chatId}`));
    }
    if (this.state === 'open') this.#enqueue({ type: 'leave_chat', chat_id: chatId });
  }

  /**
   * Sends a message; resolves with its `message_ack` once the server has stored it. While the client is
   * not open the message waits in a queue and goes out after reconnecting; a message whose connection
   * dropped before its ack is sent again with the same `client_message_id`, which the server
   * deduplicates (`duplicate: true`). The promise carries `clientMessageId` for optimistic display.
   *
   * @param {object} [opts] `{messageType, mediaUrl, thumbnailUrl, replyTo, entityRef: {type, id}, clientMessageId}`
   */
  send(given, content, opts = {}) {
    const chatId = normalizeChatId(given);
    const clientMessageId = opts.clientMessageId ?? randomId();
    const existing = this.#outbox.get(clientMessageId);
    if (existing) return existing.promise;
    let frame;
    try {
      if (this.#outbox.size >= this.#options.maxQueuedMessages) {
        throw new ParleyError('queue_full', `${this.#outbox.size} messages are already waiting to be sent`);
      }
      frame = this.#messageFrame(chatId, content, opts, clientMessageId);
    } catch (invalid) {
      const rejected = Promise.reject(invalid);
      rejected.catch(() => {});
      rejected.clientMessageId = clientMessageId;
      return rejected;
    }
    const entry = { frame };
    entry.promise = new Promise((resolve, reject) => Object.assign(entry, { resolve, reject }));
    // Fire-and-forget sends are common; their failure must not crash Node as an unhandled rejection.
    entry.promise.catch(() => {});
    entry.promise.clientMessageId = clientMessageId;
    this.#outbox.set(clientMessageId, entry);
    if (this.state === 'open') this.#transmit(entry);
    return entry.promise;
  }

  /**
   * Sends an upload (ParleyApi.upload's answer) as a message, like `send`: queued while offline, sent
   * again with the same `client_message_id`, resolving with the `message_ack`. The message type follows
   * the upload's `file_type` (`image/*` image, `audio/*` voice, anything else file) unless `messageType`
   * says otherwise; `caption` becomes the message's content.
   *
   * @param {object} [opts] `{caption, messageType, replyTo, entityRef, clientMessageId}`
   */
  sendMedia(chatId, upload, { caption, messageType, ...opts } = {}) {
    const url = upload?.file_url ?? upload?.media_url;
    if (typeof url !== 'string' || !url) {
      const rejected = Promise.reject(new ParleyError('validation_failed', 'media_url: an upload with a file_url is required'));
      rejected.catch(() => {});
      rejected.clientMessageId = opts.clientMessageId ?? randomId();
      return rejected;
    }
    const content = typeof caption === 'string' && caption.trim() ? caption : undefined;
    return this.send(chatId, content, { ...opts, messageType: messageType ?? mediaMessageType(upload.file_type), mediaUrl: url });
  }

  /** A media path as a URL with this client's current access token: see `mediaUrl`. */
  mediaUrl(path) {
    return mediaUrl(path, { baseUrl: this.#options.baseUrl, token: this.#token });
  }

  /** Tells the chat this participant is (or stopped) typing. Ephemeral: dropped while not open. */
  typing(given, isTyping = true) {
    if (this.state !== 'open') return;
    const chatId = normalizeChatId(given);
    const last = this.#typingSent.get(chatId);
    // Keystrokes come many a second; one `true` every few seconds says the same.
    if (isTyping && last && now() - last < this.#options.typingThrottleMs) return;
    if (!isTyping && !last) return;
    if (isTyping) this.#typingSent.set(chatId, now());
    else this.#typingSent.delete(chatId);
    if (this.#out.length > 10) return; // already behind: typing is the first thing to drop
    this.#enqueue({ type: 'typing', chat_id: chatId, is_typing: isTyping });
  }

  /** Marks everything up to this message as read. Kept until the client is open: reads are stored. */
  markRead(chatId, messageId) {
    this.#rememberRead(normalizeChatId(chatId), messageId);
    if (this.state === 'open') this.#flushReads();
  }

  #rememberRead(chatId, messageId) {
    const known = this.#reads.get(chatId);
    if (known === undefined || messageId > known) this.#reads.set(chatId, messageId);
  }

  /**
   * Asks the assistant to stop the reply it is writing in this chat; the reply then ends as a `message`
   * with `metadata.finish_reason: 'cancelled'`, or, when nothing was written yet, with no message: the
   * assistant's `typing` false ends it. Only meaningful while the reply is being written, so it
   * is sent at once, ahead of other waiting frames, or not at all: answers false when not open.
   */
  stopGeneration(given) {
    const chatId = normalizeChatId(given);
    this.#checkChatId(chatId);
    if (this.state !== 'open') return false;
    this.#enqueue({ type: 'stop_generation', chat_id: chatId }, true);
    return true;
  }

  /**
   * Asks for a person instead of the assistant (a visitor's or customer's "talk to a human"); staff
   * see the chat `waiting` through a `handoff` event. Kept until the client is open, like reads.
   */
  requestHuman(given) {
    const chatId = normalizeChatId(given);
    this.#checkChatId(chatId);
    this.#humanRequests.add(chatId);
    if (this.state === 'open') this.#flushHumanRequests();
  }

  #flushHumanRequests() {
    for (const chatId of this.#humanRequests) this.#enqueue({ type: 'request_human', chat_id: chatId });
    this.#humanRequests.clear();
  }

  #checkChatId(chatId) {
    if (!isChatId(chatId)) throw new ParleyError('validation_failed', 'chat_id: must be a positive integer or a UUID');
  }

  /**
   * Hands the client a new access token: used for the next reconnect, and sent at once on a live
   * connection (`refresh_token`) so it is not closed when the old one expires.
   */
  updateToken(token) {
    this.#token = token;
    if (this.state === 'open') this.#enqueue({ type: 'refresh_token', token }, true);
  }

  // --- Connecting -------------------------------------------------------------------------------

  async #dial(tokenReason) {
    const generation = ++this.#generation;
    // One attempt at a time: a socket still here belongs to an attempt this one replaces.
    this.#dropSocket('replaced by a new attempt');
    clearTimeout(this.#timers.connect);
    // The whole attempt (token, handshake, `connected`) is bounded, so nothing can hang it forever.
    this.#timers.connect = setTimeout(() => this.#attemptTimedOut(generation), this.#options.connectTimeoutMs);
    let token;
    try {
      token = await this.#tokenFor(tokenReason);
    } catch (failure) {
      if (generation !== this.#generation) return;
      this.#tokenUnavailable(failure);
      return;
    }
    if (generation !== this.#generation || !this.#wanted) return;
    let socket;
    try {
      const url = this.#url(token);
      this.#status.url = url.replace(/([?&]token=)[^&]*/, '$1…');
      socket = new this.#options.WebSocket(url);
    } catch (failure) {
      this.#finish(null, `cannot connect: ${failure.message}`, { gaveUp: true });
      return;
    }
    this.#socket = socket;
    this.#openedAt = 0;
    socket.onopen = () => this.#socketOpened(socket, token);
    socket.onmessage = (event) => this.#received(socket, event.data);
    socket.onclose = (event) => this.#socketClosed(socket, event.code, event.reason);
    // Browsers follow an error with a close event; some WebSocket implementations (Node 20's, on a
    // refused connection) never do, which would leave us waiting for the connect timeout.
    socket.onerror = () => setTimeout(() => {
      if (socket === this.#socket && socket.readyState !== 1) this.#lost(socket, 1006, 'connection failed');
    }, 0);
  }

  /** A socket that opens but never says `connected`, or a token that never comes, is a failed attempt. */
  #attemptTimedOut(generation) {
    if (generation !== this.#generation || !this.#wanted) return;
    if (this.#socket) {
      this.#lost(this.#socket, CLIENT_DECIDED, 'connect timeout');
    } else {
      this.#generation++; // abandon the token request still pending
      this.#retry(CLIENT_DECIDED, 'token timeout');
    }
  }

  async #tokenFor(reason) {
    const { getToken, visitor } = this.#options;
    if (visitor) return null;
    if (getToken) {
      const token = await getToken({ reason, forceRefresh: reason === 'expired' });
      if (token) this.#token = token;
    }
    if (!this.#token) throw new ParleyError('no_token', 'No access token: pass options.token or options.getToken');
    return this.#token;
  }

  /** No token to connect with: a refusal (401/403) is final, a network failure is retried. */
  #tokenUnavailable(failure) {
    const final = failure.code === 'no_token' || failure.status === 401 || failure.status === 403;
    this.emit('error', { type: 'error', error: 'token_unavailable', message: failure.message, cause: failure });
    if (final) this.#finish(null, `token unavailable: ${failure.message}`, { gaveUp: true });
    else this.#retry(null, `token unavailable: ${failure.message}`);
  }

  /**
   * Where the token goes. An `auth` frame keeps it out of URLs, which browsers, proxies and access logs
   * record; but a URL that names its tenant must carry the token, or the server closes it at once.
   */
  #tokenInUrl() {
    const { tokenIn, tenantId } = this.#options;
    return tokenIn === 'query' || (tokenIn !== 'frame' && Boolean(tenantId));
  }

  #url(token) {
    const { url, baseUrl, path, batch, stream, tenantId, visitor, params } = this.#options;
    const target = new URL(url ?? path, url ? undefined : baseUrl || undefined);
    target.protocol = target.protocol.replace(/^http/, 'ws');
    const query = target.searchParams;
    if (token && this.#tokenInUrl()) query.set('token', token);
    if (batch) query.set('batch', '1');
    if (stream) query.set('stream', '1');
    const tenant = visitor?.tenantId ?? tenantId;
    if (tenant) query.set('tenant_id', tenant);
    if (visitor?.sessionId) query.set('session_id', visitor.sessionId);
    if (visitor?.visitorId) query.set('visitor_id', visitor.visitorId);
    for (const [k, v] of Object.entries(params ?? {})) query.set(k, v);
    return target.toString();
  }

  #socketOpened(socket, token) {
    if (socket !== this.#socket) return;
    const { visitor } = this.#options;
    if (token && !this.#tokenInUrl()) socket.send(JSON.stringify({ type: 'auth', token }));
    // Visitors have no token: they say who they are in the first frame.
    if (visitor) {
      socket.send(JSON.stringify({ type: 'auth', data: { tenant_id: visitor.tenantId, session_id: visitor.sessionId,
        visitor_id: visitor.visitorId } }));
    }
  }

  #socketClosed(socket, code, reason) {
    if (socket !== this.#socket) return; // an old socket, already given up
    this.#lost(socket, code, reason);
  }

  /** The connection ended (server close, network drop, or our own verdict): decide what comes next. */
  #lost(socket, code, reason) {
    if (socket !== this.#socket) return;
    this.#discard(socket, CLIENT_DECIDED, reason);
    const lived = this.#openedAt ? now() - this.#openedAt : 0;
    this.#resetConnection();
    if (!this.#wanted) return;
    // Only a connection that stayed up a while earns a fresh backoff: one that is refused right after
    // `connected` keeps backing off instead of reconnecting in a tight loop.
    if (lived >= this.#options.reconnect.resetAfterMs) this.#attempt = 0;
    if (code === 1008) this.#refused(reason);
    else this.#retry(code, reason);
  }

  /** Close 1008: the server will refuse this token again. An expired one gets one refresh and retry. */
  #refused(reason) {
    if (reason === 'token expired' && this.#options.getToken && !this.#refreshRetried) {
      this.#refreshRetried = true;
      this.#retry(1008, reason, { immediately: true, tokenReason: 'expired' });
    } else {
      this.#finish(1008, reason || 'policy violation', { gaveUp: true });
    }
  }

  #retry(code, reason, { immediately = false, tokenReason = 'connect' } = {}) {
    // A connect timer left from the failed attempt, or an earlier retry, would start a second attempt.
    clearTimeout(this.#timers.connect);
    clearTimeout(this.#timers.retry);
    this.#timers.connect = this.#timers.retry = null;
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.#options.reconnect;
    if (this.#attempt >= maxAttempts) {
      this.#finish(code, `${reason || 'connection lost'} (gave up after ${this.#attempt} attempts)`, { gaveUp: true });
      return;
    }
    const delay = immediately ? 0 : backoffDelay(this.#attempt, baseDelayMs, maxDelayMs);
    this.#attempt++;
    this.#setState('reconnecting', { code, reason: reason || null, attempt: this.#attempt, nextDelayMs: delay,
      retryAt: now() + delay, reconnects: this.#status.reconnects + 1 });
    this.#timers.retry = setTimeout(() => {
      this.#timers.retry = null;
      this.#dial(tokenReason);
    }, delay);
  }

  /** Closed for good: tell the waiting promises, which would otherwise never settle. */
  #finish(code, reason, extra) {
    this.#wanted = false;
    this.#generation++;
    this.#resetConnection();
    this.#clearTimers();
    this.#unhookBrowser();
    this.#setState('closed', { code, reason, nextDelayMs: null, retryAt: null, ...extra });
    const error = new ParleyError('closed', `Connection closed: ${reason}`);
    for (const entry of this.#outbox.values()) entry.reject(error);
    this.#outbox.clear();
    for (const cursor of this.#chats.values()) cursor.settle('reject', error);
  }

  /** Gives up the current socket, if any, with everything that belonged to its connection. */
  #dropSocket(reason) {
    const socket = this.#socket;
    if (!socket) return;
    this.#resetConnection();
    this.#discard(socket, CLIENT_DECIDED, reason);
  }

  #clearTimers() {
    for (const name of Object.keys(this.#timers)) {
      clearTimeout(this.#timers[name]);
      clearInterval(this.#timers[name]);
      this.#timers[name] = null;
    }
  }

  /** Forgets a socket: no more of its events reach us, and it is closed if it is still open. */
  #discard(socket, code, reason) {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      if (socket.readyState === 0 || socket.readyState === 1) socket.close(code, String(reason ?? '').slice(0, 100));
    } catch {
      // Closing a broken socket may throw; it is gone either way.
    }
  }

  /** Clears everything that belonged to the connection that just ended. */
  #resetConnection() {
    for (const name of ['connect', 'heartbeat', 'pong', 'pump', 'refresh']) {
      clearTimeout(this.#timers[name]);
      clearInterval(this.#timers[name]);
      this.#timers[name] = null;
    }
    this.#socket = null;
    this.#pingSentAt = null;
    this.#awaitingAck = [];
    this.#awaitingJoin = [];
    this.#typingSent.clear();
    // Reads and requests for a person still waiting for the rate limiter must survive: they change
    // stored server-side state.
    const unsent = this.#out;
    this.#out = [];
    for (const frame of unsent) {
      if (frame.type === 'read_message') this.#rememberRead(frame.chat_id, frame.message_id);
      if (frame.type === 'request_human') this.#humanRequests.add(frame.chat_id);
    }
    for (const cursor of this.#chats.values()) {
      cursor.joined = false;
      cursor.replaying = false;
    }
  }

  // --- Receiving --------------------------------------------------------------------------------

  #received(socket, data) {
    if (socket !== this.#socket || typeof data !== 'string') return;
    // With ?batch=1 one WebSocket frame may hold several JSON objects, one a line.
    for (const line of data.split('\n')) {
      if (!line.trim()) continue;
      let frame;
      try {
        frame = JSON.parse(line);
      } catch {
        this.emit('error', { type: 'error', error: 'invalid_frame', message: 'The server sent a frame that is not JSON' });
        continue;
      }
      this.#dispatch(frame);
      if (socket !== this.#socket) return; // a handler closed the client
    }
  }

  #dispatch(frame) {
    // Ids in the form the application's were normalised to, so the two compare with ===.
    if (frame?.chat_id !== undefined && frame.chat_id !== null) frame.chat_id = normalizeChatId(frame.chat_id);
    this.emit('frame', frame);
    switch (frame.type) {
      case 'connected': this.#connected(frame); break;
      case 'pong': this.#pong(frame); break;
      case 'message': this.#message(frame); break;
      case 'message_ack': this.#ack(frame); break;
      case 'message_delta': this.#delta(frame); break;
      case 'chat_joined': this.#chatJoined(frame); break;
      case 'token_refreshed': this.#tokenRefreshed(frame); break;
      case 'error': this.#serverError(frame); break;
      default:
        if (typeof frame.event === 'string') this.emit('notification', frame);
        this.emit(frame.type, frame);
    }
  }

  #connected(frame) {
    clearTimeout(this.#timers.connect);
    this.#timers.connect = null;
    this.#openedAt = now();
    this.#refreshRetried = false;
    this.#refreshRefusals = 0;
    this.#tokens = this.#options.rateLimit.burst;
    this.#tokensAt = now();
    Object.assign(this.#status, { connectionId: frame.connection_id, participantType: frame.participant_type,
      participantId: frame.participant_id, tenantId: frame.tenant_id, heartbeatIntervalMs: frame.heartbeat_interval_ms });
    // Resume before anything new: rejoins replay what was missed, then queued reads and messages go out.
    for (const cursor of this.#chats.values()) this.#sendJoin(cursor);
    this.#flushReads();
    this.#flushHumanRequests();
    for (const entry of this.#outbox.values()) this.#transmit(entry);
    this.#startHeartbeat();
    this.#scheduleRefresh();
    this.#setState('open', { code: null, reason: null, nextDelayMs: null, retryAt: null, gaveUp: false,
      attempt: this.#attempt });
    this.emit('connected', frame);
  }

  #message(frame) {
    const message = frame.message ?? {};
    const cursor = this.#chats.get(frame.chat_id ?? normalizeChatId(message.chat_id));
    cursor?.saw(message.seq);
    // Delivery is at least once (a replay may overlap what arrived live): emit each message once.
    if (message.id !== undefined) {
      if (this.#seen.has(message.id)) return;
      this.#seen.add(message.id);
    }
    frame.replayed = Boolean(cursor?.replaying);
    this.emit('message', frame);
  }

  /** A piece of a reply being written. Once its whole `message` has arrived, late pieces are dropped. */
  #delta(frame) {
    if (frame.message_id !== undefined && this.#seen.has(frame.message_id)) return;
    this.emit('message_delta', frame);
  }

  #ack(frame) {
    const id = frame.client_message_id;
    const index = this.#awaitingAck.indexOf(id);
    if (index >= 0) this.#awaitingAck.splice(index, 1);
    const entry = this.#outbox.get(id);
    if (entry) {
      this.#outbox.delete(id);
      entry.resolve(frame);
    }
    this.emit('message_ack', frame);
  }

  #chatJoined(frame) {
    const cursor = this.#chats.get(frame.chat_id);
    const index = this.#awaitingJoin.findIndex((c) => c.chatId === frame.chat_id);
    const joining = index >= 0 ? this.#awaitingJoin.splice(index, 1)[0] : cursor;
    // The answer to a join made before leave(): the chat is left (or joined anew, still to be answered).
    if (joining !== cursor) return;
    if (cursor) {
      if (cursor.lastSeq === null) cursor.startAt(frame.last_seq); // a first join: history is REST's
      if (frame.has_more) {
        // The backlog was longer than one replay: continue from where the replay stopped.
        this.#sendJoin(cursor);
        return;
      }
      cursor.replaying = false;
      cursor.joined = true;
      cursor.joinedFrame = frame;
      cursor.settle('resolve', frame);
    }
    this.emit('chat_joined', frame);
  }

  /**
   * Errors repeat the refused frame's `client_message_id` and `chat_id`. Without them (a frame the server
   * could not read), the server answers each connection's frames one at a time, in order: the error
   * belongs to the oldest send or join still unanswered.
   */
  #serverError(frame) {
    if (frame.request_type === 'send_message') {
      const id = takeMatching(this.#awaitingAck, frame.client_message_id);
      const entry = id && this.#outbox.get(id);
      if (entry) {
        this.#outbox.delete(id);
        entry.reject(new ParleyError(frame.error, frame.message, { body: frame }));
      }
    } else if (frame.request_type === 'join_chat') {
      const cursor = takeMatching(this.#awaitingJoin, frame.chat_id, (c) => c.chatId);
      // A cursor no longer in #chats was left: its promises are settled already.
      if (cursor && this.#chats.get(cursor.chatId) === cursor) {
        // Not the caller's chat: do not rejoin it after every reconnect. A passing failure keeps it.
        if (['not_found', 'forbidden', 'validation_failed'].includes(frame.error)) this.#chats.delete(cursor.chatId);
        cursor.replaying = false;
        cursor.settle('reject', new ParleyError(frame.error, frame.message, { body: frame }));
      }
    } else if (frame.request_type === 'refresh_token') {
      clearTimeout(this.#timers.refresh);
      this.#timers.refresh = null;
      this.#refreshRefusals++;
      if (this.#refreshRefusals < 2) {
        // Once more with a fresh token; a second refusal would be refused again and again.
        this.#timers.refresh = setTimeout(() => this.#refreshNow(), 5_000);
      } else {
        // The server closes with `token expired` when the current token runs out; that close is handled.
        this.emit('error', { type: 'error', error: 'token_refresh_failed', cause: frame,
          message: `The server refused the new token twice (${frame.message}); not trying again on this connection` });
      }
    } else if (frame.request_type === 'auth' && this.state !== 'open' && this.#socket) {
      // The server refused how we said who we are: waiting for its authentication window to close
      // the socket would only leave the application "connecting" to nothing.
      this.emit('error', frame);
      const socket = this.#socket;
      this.#finish(null, `authentication refused: ${frame.message}`, { gaveUp: true });
      this.#discard(socket, 1000, 'authentication refused');
      return;
    }
    this.emit('error', frame);
  }

  // --- Sending ----------------------------------------------------------------------------------

  #messageFrame(chatId, content, opts, clientMessageId) {
    const messageType = opts.messageType ?? 'text';
    this.#checkChatId(chatId);
    if (messageType === 'text' && !(typeof content === 'string' && content.trim())) {
      throw new ParleyError('validation_failed', 'content: must not be blank');
    }
    if (typeof content === 'string' && content.length > this.#options.maxContentLength) {
      throw new ParleyError('validation_failed', `content: at most ${this.#options.maxContentLength} characters`);
    }
    const frame = { type: 'send_message', chat_id: chatId, message_type: messageType, client_message_id: clientMessageId };
    if (content !== undefined && content !== null) frame.content = content;
    if (opts.mediaUrl) frame.media_url = opts.mediaUrl;
    if (opts.thumbnailUrl) frame.thumbnail_url = opts.thumbnailUrl;
    if (opts.replyTo !== undefined && opts.replyTo !== null) frame.reply_to_message_id = opts.replyTo;
    if (opts.entityRef) frame.entity_ref = opts.entityRef;
    // The server closes the connection (1009) on an oversized frame; resending it would close it again.
    if (JSON.stringify(frame).length > this.#options.maxFrameBytes) {
      throw new ParleyError('validation_failed', 'message: larger than the largest frame the server accepts');
    }
    return frame;
  }

  #transmit(entry) {
    this.#awaitingAck.push(entry.frame.client_message_id);
    this.#enqueue(entry.frame);
  }

  #sendJoin(cursor) {
    const frame = { type: 'join_chat', chat_id: cursor.chatId };
    if (cursor.lastSeq !== null) frame.since_seq = cursor.lastSeq;
    cursor.replaying = cursor.lastSeq !== null;
    this.#awaitingJoin.push(cursor);
    this.#enqueue(frame);
  }

  #flushReads() {
    for (const [chatId, messageId] of this.#reads) this.#enqueue({ type: 'read_message', chat_id: chatId, message_id: messageId });
    this.#reads.clear();
  }

  /** Frames go out through a token bucket kept below the server's limit, which would close us (1008). */
  #enqueue(frame, urgent = false) {
    if (urgent) this.#out.unshift(frame);
    else this.#out.push(frame);
    this.#pump();
  }

  #pump() {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1 || this.#timers.pump) return;
    const { perSecond, burst } = this.#options.rateLimit;
    const t = now();
    this.#tokens = Math.min(burst, this.#tokens + ((t - this.#tokensAt) / 1000) * perSecond);
    this.#tokensAt = t;
    while (this.#out.length && this.#tokens >= 1) {
      this.#tokens--;
      socket.send(JSON.stringify(this.#out.shift()));
    }
    if (this.#out.length) {
      const wait = Math.ceil(((1 - this.#tokens) / perSecond) * 1000);
      this.#timers.pump = setTimeout(() => {
        this.#timers.pump = null;
        this.#pump();
      }, wait);
    }
  }

  // --- Heartbeat --------------------------------------------------------------------------------

  #startHeartbeat() {
    const every = this.#options.heartbeatIntervalMs ?? this.#status.heartbeatIntervalMs ?? 25_000;
    clearInterval(this.#timers.heartbeat); // never two intervals pinging side by side
    this.#timers.heartbeat = setInterval(() => this.#ping(), every);
    this.#ping(); // a first latency reading at once
  }

  /** A ping that gets no pong in time means the connection is dead, whatever the socket says. */
  #ping() {
    const socket = this.#socket;
    if (!socket || this.#pingSentAt !== null) return;
    this.#pingSentAt = now();
    this.#enqueue({ type: 'ping' }, true);
    const every = this.#options.heartbeatIntervalMs ?? this.#status.heartbeatIntervalMs ?? 25_000;
    this.#timers.pong = setTimeout(() => this.#lost(socket, CLIENT_DECIDED, 'heartbeat timeout'),
      Math.min(this.#options.pongTimeoutMs, every));
  }

  #pong(frame) {
    clearTimeout(this.#timers.pong);
    this.#timers.pong = null;
    if (this.#pingSentAt !== null) {
      this.#status.latencyMs = now() - this.#pingSentAt;
      this.#status.lastPongAt = now();
      this.#pingSentAt = null;
      this.emit('latency', { latencyMs: this.#status.latencyMs });
    }
    this.emit('pong', frame);
  }

  // --- Token refresh ----------------------------------------------------------------------------

  /** Plans the next refresh: `refreshMarginMs` before the token expires (a third of a short lifetime). */
  #scheduleRefresh() {
    clearTimeout(this.#timers.refresh);
    this.#timers.refresh = null;
    const expiresAt = tokenExpiresAt(this.#token);
    if (!this.#options.getToken || this.#options.visitor || !expiresAt) return;
    const left = expiresAt - now();
    const margin = Math.min(this.#options.refreshMarginMs, left / 3);
    this.#timers.refresh = setTimeout(() => this.#refreshNow(), Math.max(0, left - margin));
  }

  async #refreshNow() {
    const generation = this.#generation;
    const old = this.#token;
    const left = (tokenExpiresAt(old) ?? now()) - now();
    let token;
    try {
      token = await this.#options.getToken({ reason: 'expiring', minValidityMs: left + 1_000 });
    } catch (failure) {
      if (generation !== this.#generation || this.state !== 'open') return;
      this.emit('error', { type: 'error', error: 'token_refresh_failed', message: failure.message, cause: failure });
      // Try again while there is time; past the expiry the server closes with `token expired`.
      if (left > 2_000 && !(failure.status === 401)) this.#timers.refresh = setTimeout(() => this.#refreshNow(), Math.min(10_000, left / 2));
      return;
    }
    if (token) this.#token = token; // also good for the next reconnect, if this connection is gone
    if (generation !== this.#generation || this.state !== 'open') return;
    if (!token || token === old) {
      if (left > 2_000) this.#timers.refresh = setTimeout(() => this.#refreshNow(), Math.min(10_000, left / 2));
      return;
    }
    this.updateToken(token); // answered by token_refreshed, which plans the next refresh
  }

  #tokenRefreshed(frame) {
    this.#refreshRefusals = 0;
    this.#scheduleRefresh();
    this.emit('token_refreshed', frame);
  }

  // --- State and the browser --------------------------------------------------------------------

  #setState(state, fields) {
    const previous = this.#status.state;
    Object.assign(this.#status, fields, { state, previous });
    this.emit('state', this.status);
  }

  /** In a browser: retry at once when the network comes back; probe the connection when it may be gone. */
  #hookBrowser() {
    const target = globalThis.window;
    if (!target?.addEventListener || this.#browserHooks) return;
    const online = () => {
      if (this.state === 'reconnecting') this.reconnect();
    };
    const probe = () => {
      if (this.state === 'open') this.#ping();
    };
    const visible = () => {
      if (globalThis.document?.visibilityState === 'visible') probe();
    };
    target.addEventListener('online', online);
    target.addEventListener('offline', probe);
    globalThis.document?.addEventListener?.('visibilitychange', visible);
    this.#browserHooks = () => {
      target.removeEventListener('online', online);
      target.removeEventListener('offline', probe);
      globalThis.document?.removeEventListener?.('visibilitychange', visible);
    };
  }

  #unhookBrowser() {
    this.#browserHooks?.();
    this.#browserHooks = null;
  }
}

export default ParleyClient;
