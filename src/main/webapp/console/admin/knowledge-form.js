/*
 * Adding and editing knowledge base entries. Editing saves only the fields that changed; an emptied
 * web address is sent as "" (removed), since a missing or null field means "unchanged".
 */

import { $, busy } from '../dom.js';
import { describeError } from '../format.js';

/** "returns, Shipping ,returns" → ["returns", "Shipping"]. */
const parseTags = (text) => [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];

function read() {
  return { title: $('#kb-title').value.trim(), body: $('#kb-body').value.trim(), url: $('#kb-url').value.trim(),
    tags: parseTags($('#kb-tags').value) };
}

function changes(entry, now) {
  const patch = {};
  if (now.title !== entry.title) patch.title = now.title;
  if (now.body !== entry.body) patch.body = now.body;
  if (now.url !== (entry.url ?? '')) patch.url = now.url;
  if (now.tags.join('\n') !== (entry.tags ?? []).join('\n')) patch.tags = now.tags;
  return patch;
}

/** Back to adding a new entry. */
export function resetKnowledgeForm(app) {
  app.kb.editing = null;
  $('#kb-form').reset();
  $('#kb-form-heading').textContent = 'New entry';
  $('#kb-save').textContent = 'Add entry';
  $('#kb-cancel').hidden = true;
}

/** Loads the entry afresh and puts it in the form. */
export async function editKnowledge(app, id) {
  const current = app.client;
  const entry = await app.api.knowledgeEntry(id);
  if (app.client !== current) return; // signed out meanwhile
  app.kb.editing = entry;
  $('#kb-title').value = entry.title ?? '';
  $('#kb-body').value = entry.body ?? '';
  $('#kb-url').value = entry.url ?? '';
  $('#kb-tags').value = (entry.tags ?? []).join(', ');
  $('#kb-form-heading').textContent = `Editing "${entry.title}"`;
  $('#kb-save').textContent = 'Save changes';
  $('#kb-cancel').hidden = false;
  $('#kb-result').textContent = '';
  $('#kb-title').focus();
}

/** `onSaved` is told after every add or change, to redraw the list. */
export function setupKnowledgeForm(app, { onSaved }) {
  $('#kb-cancel').addEventListener('click', () => {
    resetKnowledgeForm(app);
    $('#kb-title').focus();
  });
  $('#kb-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('#kb-result');
    const button = $('#kb-save');
    const now = read();
    const editing = app.kb.editing;
    const current = app.client;
    busy(button, true);
    try {
      if (editing) {
        const patch = changes(editing, now);
        if (!Object.keys(patch).length) {
          result.textContent = 'Nothing changed.';
          return;
        }
        const entry = await app.api.updateKnowledge(editing.id, patch);
        if (app.client !== current) return; // signed out meanwhile
        result.textContent = `Saved "${entry?.title ?? now.title}".`;
      } else {
        const body = { title: now.title, body: now.body };
        if (now.url) body.url = now.url;
        if (now.tags.length) body.tags = now.tags;
        const entry = await app.api.createKnowledge(body);
        if (app.client !== current) return;
        result.textContent = `Added "${entry?.title ?? now.title}".`;
      }
      resetKnowledgeForm(app);
      $('#kb-undo').hidden = true;
      await onSaved();
    } catch (failure) {
      if (app.client === current) result.textContent = describeError(failure);
    } finally {
      busy(button, false);
    }
  });
}
