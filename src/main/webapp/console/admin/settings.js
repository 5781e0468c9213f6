/* The tenant's settings (admins): its name, whether customers may register, anonymous visitors, the assistant. */

import { $, guarded } from '../dom.js';
import { showAssistant } from './assistant.js';

export async function renderSettings(app) {
  if (!app.me) return;
  const current = app.client;
  const tenant = await app.api.tenant(app.me.tenantId);
  if (app.client !== current || !app.me) return; // signed out meanwhile: nothing of the tenant may show
  $('#settings-tenant-id').textContent = tenant.id;
  $('#settings-tenant-slug').textContent = tenant.slug;
  $('#settings-name').value = tenant.name;
  $('#settings-registration').checked = Boolean(tenant.settings?.customer_registration);
  $('#settings-anonymous').checked = Boolean(tenant.settings?.anonymous_access);
  showAssistant(app, tenant);
  if (!app.me.tenantSlug) {
    app.me.tenantSlug = tenant.slug;
    $('#current-user').textContent = `${app.me.name} (${app.me.role}) · ${tenant.slug}`;
  }
}

export function setupSettings(app) {
  $('#settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const result = $('#settings-result');
    const current = app.client;
    guarded(result, async () => {
      const tenant = await app.api.updateTenant(app.me.tenantId, { name: $('#settings-name').value.trim(), settings: {
        customer_registration: $('#settings-registration').checked, anonymous_access: $('#settings-anonymous').checked } });
      if (app.client !== current) return; // signed out meanwhile
      result.textContent = `Saved (${new Date().toLocaleTimeString()}).`;
      $('#settings-name').value = tenant.name;
    });
  });
}
