/*
 * Adding and editing prompt templates. Editing saves only the fields that changed; an emptied
 * category or description is sent as "" (removed), since a missing field means "unchanged".
 */

import { $, busy } from '../dom.js';
import { describeError } from '../format.js';

const FIELDS = { title: '#tpl-title', category: '#tpl-category-input', description: '#tpl-description', content: '#tpl-content' };

function read() {
  return Object.fromEntries(Object.entries(FIELDS).map(([name, selector]) => [name, $(selector).value.trim()]));
}

/** Only what differs from the template as loaded; whitespace around a text is not a change. */
function changes(template, now) {
  const patch = {};
  for (const name of Object.keys(FIELDS)) {
    if (now[name] !== String(template[name] ?? '').trim()) patch[name] = now[name];
  }
  return patch;
}

/** Back to adding a new template. */
export function resetTemplateForm(app) {
  app.tpl.editing = null;
  $('#tpl-form').reset();
  $('#tpl-form-heading').textContent = 'New template';
  $('#tpl-save').textContent = 'Add template';
  $('#tpl-cancel').hidden = true;
}

/** Loads the template afresh and puts it in the form. */
export async function editTemplate(app, id) {
  const current = app.client;
  const template = await app.api.template(id);
  if (app.client !== current) return; // signed out meanwhile
  app.tpl.editing = template;
  for (const [name, selector] of Object.entries(FIELDS)) $(selector).value = template[name] ?? '';
  $('#tpl-form-heading').textContent = `Editing "${template.title}"`;
  $('#tpl-save').textContent = 'Save changes';
  $('#tpl-cancel').hidden = false;
  $('#tpl-result').textContent = '';
  $('#tpl-title').focus();
}

/** `onSaved(template)` is told after every add or change, to redraw the list. */
export function setupTemplateForm(app, { onSaved }) {
  $('#tpl-cancel').addEventListener('click', () => {
    resetTemplateForm(app);
    $('#tpl-title').focus();
  });
  $('#tpl-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('#tpl-result');
    const button = $('#tpl-save');
    const now = read();
    const editing = app.tpl.editing;
    const current = app.client;
    if (!now.title || !now.content) { // only spaces get past `required`
      result.textContent = 'A template needs a title and a prompt.';
      return;
    }
    busy(button, true);
    try {
      let saved;
      if (editing) {
        const patch = changes(editing, now);
        if (!Object.keys(patch).length) {
          result.textContent = 'Nothing changed.';
          return;
        }
        saved = await app.api.updateTemplate(editing.id, patch);
        if (app.client !== current) return; // signed out meanwhile
        result.textContent = `Saved "${saved?.title ?? now.title}".`;
      } else {
        const body = { title: now.title, content: now.content };
        if (now.category) body.category = now.category;
        if (now.description) body.description = now.description;
        saved = await app.api.createTemplate(body);
        if (app.client !== current) return;
        result.textContent = `Added "${saved?.title ?? now.title}".`;
      }
      resetTemplateForm(app);
      $('#tpl-undo').hidden = true;
      await onSaved(saved ?? now);
    } catch (failure) {
      if (app.client === current) result.textContent = describeError(failure);
    } finally {
      busy(button, false);
    }
  });
}
