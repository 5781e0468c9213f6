/* The tenant's settings (admins): its name, whether customers may register, anonymous visitors, the assistant. */

import { $, guarded } from '../dom.js';
import { showAssistant } from './assistant.js';

export async function renderSettings(app) {
  const tenant = await app.api.tenant(app.me.tenantId);
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
    guarded(result, async () => {
      const tenant = await app.api.updateTenant(app.me.tenantId, { name: $('#settings-name').value.trim(), settings: {
        customer_registration: $('#settings-registration').checked, anonymous_access: $('#settings-anonymous').checked } });
      result.textContent = `Saved (${new Date().toLocaleTimeString()}).`;
      $('#settings-name').value = tenant.name;
    });
  });
}
