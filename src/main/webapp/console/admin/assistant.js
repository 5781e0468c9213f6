/*
 * The assistant's settings (admins), part of the tenant's settings: how it runs (built in, a remote
 * service, or off), its name, greeting, instructions and the language its knowledge base is searched
 * in. Saving sends only the fields that changed, so two admins editing different fields do not undo
 * each other; an emptied field is sent as null (back to Parley's default). `effective_mode` says how
 * the assistant really answers (built in where a remote one is chosen but none is configured).
 */

import { $, busy } from '../dom.js';
import { describeError } from '../format.js';

const FIELDS = ['mode', 'name', 'greeting', 'instructions', 'language'];
const MODES = ['builtin', 'remote', 'off'];
const input = (field) => $(`#assistant-${field}`);

/** Fills the form from a tenant (GET or PATCH answer) and remembers what it showed. */
export function showAssistant(app, tenant) {
  const assistant = tenant?.settings?.assistant ?? {};
  const effective = assistant.effective_mode ?? tenant?.effective_mode ?? null;
  const mode = [assistant.mode, effective].find((m) => MODES.includes(m)) ?? 'off';
  app.assistantShown = { mode, name: assistant.name ?? '', greeting: assistant.greeting ?? '',
    instructions: assistant.instructions ?? '', language: assistant.language ?? '' };
  for (const field of FIELDS) input(field).value = app.assistantShown[field];
  $('#assistant-effective-mode').textContent = effective ?? '—';
}

/** The fields that differ from what the form showed. */
function changes(app) {
  const patch = {};
  for (const field of FIELDS) {
    const value = field === 'mode' ? input(field).value : input(field).value.trim();
    if (value !== (app.assistantShown?.[field] ?? '')) patch[field] = value === '' ? null : value;
  }
  return patch;
}

export function setupAssistant(app) {
  $('#assistant-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('#assistant-result');
    const button = $('#assistant-save');
    const patch = changes(app);
    if (!Object.keys(patch).length) {
      result.textContent = 'Nothing changed.';
      return;
    }
    const current = app.client;
    busy(button, true);
    try {
      const saved = await app.api.updateTenant(app.me.tenantId, { settings: { assistant: patch } });
      // The mode in effect depends on more than the setting (whether a remote service is configured).
      const tenant = saved?.settings?.assistant ? saved : await app.api.tenant(app.me.tenantId).catch(() => null);
      if (app.client !== current) return; // signed out meanwhile: the form stays empty
      if (tenant?.settings?.assistant) showAssistant(app, tenant);
      else for (const [field, value] of Object.entries(patch)) app.assistantShown[field] = value ?? '';
      result.textContent = `Saved (${new Date().toLocaleTimeString()}).`;
    } catch (failure) {
      if (app.client === current) result.textContent = describeError(failure);
    } finally {
      busy(button, false);
    }
  });
}
