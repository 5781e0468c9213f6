/* API keys (admins): a new key's secret is shown once; revoking one stops the services that use it. */

import { $, h, actionButton, guarded, replaceRows } from '../dom.js';

export async function renderApiKeys(app) {
  const current = app.client;
  const keys = await app.api.apiKeys(app.me.tenantId);
  if (app.client !== current) return; // signed out meanwhile
  replaceRows($('#api-keys-table tbody'), 'data-key-id', keys.map((k) => h('tr', { 'data-key-id': k.id },
    h('td', { text: k.name }), h('td', { class: 'mono', text: k.prefix }),
    h('td', { text: k.last_used_at ? new Date(k.last_used_at).toLocaleString() : 'never' }),
    h('td', {}, actionButton('Revoke', 'api-key-revoke', () => guarded(null, async () => {
      if (!window.confirm(`Revoke the key "${k.name}"? Services using it stop working at once.`)) return;
      await app.api.revokeApiKey(app.me.tenantId, k.id);
      await renderApiKeys(app);
    }), { 'aria-label': `Revoke ${k.name}` })))), $('#api-key-name'));
}

/** A key shown once must not stay on the page for whoever signs in next. */
export function forgetApiKeySecret() {
  $('#api-key-secret').textContent = '';
  $('#api-key-secret-box').hidden = true;
}

export function setupApiKeys(app) {
  $('#api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(null, async () => {
      const current = app.client;
      const key = await app.api.createApiKey(app.me.tenantId, $('#api-key-name').value.trim());
      if (app.client !== current) return; // signed out meanwhile: the secret must not show to the next person
      event.target.reset();
      $('#api-key-secret').textContent = key.api_key;
      $('#api-key-secret-box').hidden = false;
      await renderApiKeys(app);
    });
  });
}
