/*
 * The knowledge base (admins): what the assistant answers from. A searchable, paged list; entries
 * are edited in the form above it. Deleting takes effect at once and can be undone (the entry is
 * added again, with a new id).
 */

import { $, h, actionButton, announce, guarded, replaceRows } from '../dom.js';
import { describeError, safeUrl, short } from '../format.js';
import { editKnowledge, resetKnowledgeForm, setupKnowledgeForm } from './knowledge-form.js';

const PAGE_SIZE = 20;

export const knowledgeState = () => ({ q: '', page: 1, editing: null, deleted: null, loads: 0 });

export async function loadKnowledge(app) {
  const kb = app.kb;
  const current = app.client;
  const load = ++kb.loads; // a slow answer to an older search must not replace a newer one
  const answer = await app.api.knowledge({ q: kb.q, page: kb.page, pageSize: PAGE_SIZE });
  if (app.client !== current) return; // signed out meanwhile
  if (load !== kb.loads || app.kb !== kb) return;
  const items = answer?.items ?? [];
  if (!items.length && kb.page > 1) { // the last entry of the last page went away
    kb.page--;
    await loadKnowledge(app);
    return;
  }
  replaceRows($('#kb-table tbody'), 'data-id', items.map((entry) => row(app, entry)), $('#kb-search'));
  $('#kb-empty').hidden = items.length > 0;
  $('#kb-empty').textContent = kb.q ? `No entries match "${kb.q}".` : 'No entries yet: add what visitors ask about.';
  const pages = Math.max(1, Math.ceil((answer?.total ?? 0) / (answer?.page_size || PAGE_SIZE)));
  $('#kb-page').textContent = `Page ${kb.page} of ${pages} · ${answer?.total ?? 0} entr${answer?.total === 1 ? 'y' : 'ies'}`;
  $('#kb-prev').disabled = kb.page <= 1;
  $('#kb-next').disabled = !answer?.has_more;
}

function row(app, entry) {
  const href = safeUrl(entry.url);
  return h('tr', { 'data-testid': 'kb-row', 'data-id': entry.id },
    h('td', {}, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', text: entry.title }) : entry.title,
      h('div', { class: 'muted small-text', text: short(entry.body ?? '', 100) })),
    h('td', { text: (entry.tags ?? []).join(', ') }),
    h('td', { text: entry.updated_at ? new Date(entry.updated_at).toLocaleString() : '' }),
    h('td', {}, h('div', { class: 'row' },
      actionButton('Edit', 'kb-edit', () => guarded($('#kb-result'), () => editKnowledge(app, entry.id)),
        { 'aria-label': `Edit ${entry.title}` }),
      actionButton('Delete', 'kb-delete', () => guarded($('#kb-result'), () => remove(app, entry)),
        { class: 'danger small', 'aria-label': `Delete ${entry.title}` }))));
}

async function remove(app, entry) {
  const current = app.client;
  const full = entry.body === undefined ? await app.api.knowledgeEntry(entry.id) : entry;
  await app.api.deleteKnowledge(entry.id);
  if (app.client !== current) return; // signed out meanwhile
  if (String(app.kb.editing?.id) === String(entry.id)) resetKnowledgeForm(app);
  app.kb.deleted = full;
  $('#kb-result').textContent = `Deleted "${full.title}".`;
  $('#kb-undo').hidden = false;
  await loadKnowledge(app);
}

async function undo(app) {
  const entry = app.kb.deleted;
  if (!entry) return;
  const body = { title: entry.title, body: entry.body };
  if (entry.url) body.url = entry.url;
  if (entry.tags?.length) body.tags = entry.tags;
  const current = app.client;
  await app.api.createKnowledge(body);
  if (app.client !== current) return; // signed out meanwhile
  app.kb.deleted = null;
  $('#kb-undo').hidden = true;
  $('#kb-result').textContent = `Restored "${entry.title}".`;
  $('#kb-search').focus();
  await loadKnowledge(app);
}

/** Empties the screen (signing out): entries belong to the tenant. */
export function forgetKnowledge(app) {
  app.kb = knowledgeState();
  resetKnowledgeForm(app);
  $('#kb-table tbody').replaceChildren();
  $('#kb-search').value = '';
  $('#kb-result').textContent = '';
  $('#kb-undo').hidden = true;
  $('#kb-empty').hidden = true;
  $('#kb-page').textContent = '';
}

export function setupKnowledge(app) {
  const reload = () => loadKnowledge(app).catch((e) => { $('#kb-result').textContent = describeError(e); });
  setupKnowledgeForm(app, { onSaved: reload });
  // The debounce timer lives in app.timers, so signing out cancels a search still waiting to run.
  $('#kb-search').addEventListener('input', (event) => {
    clearTimeout(app.timers.kbSearch);
    app.timers.kbSearch = setTimeout(() => {
      app.kb.q = event.target.value.trim();
      app.kb.page = 1;
      reload();
    }, 250);
  });
  $('#kb-prev').addEventListener('click', () => { app.kb.page = Math.max(1, app.kb.page - 1); reload(); });
  $('#kb-next').addEventListener('click', () => { app.kb.page++; reload(); });
  $('#kb-undo').addEventListener('click', () => guarded($('#kb-result'), () => undo(app)).then(() => announce($('#kb-result').textContent)));
}
