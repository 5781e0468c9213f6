/*
 * Prompt templates (staff): prompts kept for reuse, saved from assistant conversations or written
 * here. A searchable, paged list filtered by category; templates are edited in the form above it.
 * Deleting takes effect at once and can be undone (the template is added again, with a new id).
 * Templates come from other people: everything of them is shown as text.
 */

import { $, h, actionButton, announce, guarded, replaceRows } from '../dom.js';
import { describeError, short } from '../format.js';
import { editTemplate, resetTemplateForm, setupTemplateForm } from './template-form.js';

const PAGE_SIZE = 20;

/** `categories`: every category seen in a list, for the filter and the form's suggestions. */
export const templateState = () => ({ q: '', category: '', page: 1, editing: null, deleted: null, loads: 0,
  categories: new Set() });

export async function loadTemplates(app) {
  const tpl = app.tpl;
  const current = app.client;
  const load = ++tpl.loads; // a slow answer to an older search must not replace a newer one
  const answer = await app.api.templates({ q: tpl.q, category: tpl.category, page: tpl.page, pageSize: PAGE_SIZE });
  if (app.client !== current) return; // signed out meanwhile
  if (load !== tpl.loads || app.tpl !== tpl) return;
  const items = answer?.items ?? [];
  if (!items.length && tpl.page > 1) { // the last template of the last page went away
    tpl.page--;
    await loadTemplates(app);
    return;
  }
  rememberCategories(app, items.map((t) => t.category));
  replaceRows($('#tpl-table tbody'), 'data-id', items.map((t) => row(app, t)), $('#tpl-search'));
  $('#tpl-empty').hidden = items.length > 0;
  $('#tpl-empty').textContent = tpl.q || tpl.category ? 'No templates match.' : 'No templates yet: add one, or save an assistant conversation as one.';
  const total = answer?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / (answer?.page_size || PAGE_SIZE)));
  $('#tpl-page').textContent = `Page ${tpl.page} of ${pages} · ${total} template${total === 1 ? '' : 's'}`;
  $('#tpl-prev').disabled = tpl.page <= 1;
  $('#tpl-next').disabled = !answer?.has_more;
}

/** Adds categories to the filter and the form's suggestions; the chosen one always stays. */
export function rememberCategories(app, names) {
  const known = app.tpl.categories;
  for (const name of names) if (typeof name === 'string' && name.trim()) known.add(name.trim());
  if (app.tpl.category) known.add(app.tpl.category);
  const sorted = [...known].sort((a, b) => a.localeCompare(b));
  const select = $('#tpl-category');
  select.replaceChildren(h('option', { value: '', text: 'All' }), ...sorted.map((c) => h('option', { value: c, text: c })));
  select.value = app.tpl.category;
  $('#tpl-categories').replaceChildren(...sorted.map((c) => h('option', { value: c })));
}

function row(app, template) {
  const title = template.title ?? '';
  return h('tr', { 'data-testid': 'tpl-row', 'data-id': template.id },
    h('td', {}, title,
      h('div', { class: 'muted small-text', text: short(template.description || template.content || '', 100) })),
    h('td', { text: template.category ?? '' }),
    h('td', { text: template.updated_at ? new Date(template.updated_at).toLocaleString() : '' }),
    h('td', {}, h('div', { class: 'row' },
      actionButton('Edit', 'tpl-edit', () => guarded($('#tpl-result'), () => editTemplate(app, template.id)),
        { 'aria-label': `Edit ${title}` }),
      actionButton('Delete', 'tpl-delete', () => guarded($('#tpl-result'), () => remove(app, template)),
        { class: 'danger small', 'aria-label': `Delete ${title}` }))));
}

async function remove(app, template) {
  const current = app.client;
  const full = template.content === undefined ? await app.api.template(template.id) : template;
  if (app.client !== current) return; // signed out meanwhile
  await app.api.deleteTemplate(template.id);
  if (app.client !== current) return;
  if (String(app.tpl.editing?.id) === String(template.id)) resetTemplateForm(app);
  app.tpl.deleted = full;
  $('#tpl-result').textContent = `Deleted "${full.title}".`;
  $('#tpl-undo').hidden = false;
  await loadTemplates(app);
}

async function undo(app) {
  const template = app.tpl.deleted;
  if (!template) return;
  const body = { title: template.title, content: template.content };
  if (template.category) body.category = template.category;
  if (template.description) body.description = template.description;
  const current = app.client;
  await app.api.createTemplate(body);
  if (app.client !== current) return; // signed out meanwhile
  app.tpl.deleted = null;
  $('#tpl-undo').hidden = true;
  $('#tpl-result').textContent = `Restored "${template.title}".`;
  $('#tpl-search').focus();
  await loadTemplates(app);
}

/** Empties the screen (signing out): templates belong to the tenant. */
export function forgetTemplates(app) {
  app.tpl = templateState();
  resetTemplateForm(app);
  rememberCategories(app, []); // only "All" is left
  $('#tpl-table tbody').replaceChildren();
  $('#tpl-search').value = '';
  $('#tpl-result').textContent = '';
  $('#tpl-undo').hidden = true;
  $('#tpl-empty').hidden = true;
  $('#tpl-page').textContent = '';
  $('#tpl-prev').disabled = true;
  $('#tpl-next').disabled = true;
}

export function setupTemplates(app) {
  const reload = () => loadTemplates(app).catch((e) => { $('#tpl-result').textContent = describeError(e); });
  setupTemplateForm(app, { onSaved: (template) => { rememberCategories(app, [template?.category]); return reload(); } });
  // The debounce timer lives in app.timers, so signing out cancels a search still waiting to run.
  $('#tpl-search').addEventListener('input', (event) => {
    clearTimeout(app.timers.tplSearch);
    app.timers.tplSearch = setTimeout(() => {
      app.tpl.q = event.target.value.trim();
      app.tpl.page = 1;
      reload();
    }, 250);
  });
  $('#tpl-category').addEventListener('change', (event) => {
    app.tpl.category = event.target.value;
    app.tpl.page = 1;
    reload();
  });
  $('#tpl-prev').addEventListener('click', () => { app.tpl.page = Math.max(1, app.tpl.page - 1); reload(); });
  $('#tpl-next').addEventListener('click', () => { app.tpl.page++; reload(); });
  $('#tpl-undo').addEventListener('click', () => guarded($('#tpl-result'), () => undo(app)).then(() => announce($('#tpl-result').textContent)));
}
