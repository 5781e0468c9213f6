/* Managing staff (admins): add a staff member with a role, deactivate or reactivate one. */

import { $, h, actionButton, guarded, replaceRows } from '../dom.js';

export async function renderUsers(app) {
  const current = app.client;
  const users = await app.api.users();
  if (app.client !== current) return; // signed out meanwhile
  replaceRows($('#users-table tbody'), 'data-user-id', users.map((u) => h('tr', { 'data-user-id': u.id },
    h('td', { text: u.name }), h('td', { text: u.email }), h('td', { text: u.role }),
    h('td', { text: u.active ? 'active' : 'deactivated' }),
    h('td', {}, u.id === app.me.id ? h('span', { class: 'muted', text: 'you' })
      : actionButton(u.active ? 'Deactivate' : 'Reactivate', 'user-toggle', () => guarded($('#user-form-result'), async () => {
        await app.api.updateUser(u.id, { active: !u.active });
        await renderUsers(app);
      }), { 'aria-label': `${u.active ? 'Deactivate' : 'Reactivate'} ${u.name}` })))), $('#user-name'));
}

export function setupUsers(app) {
  $('#user-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const result = $('#user-form-result');
    guarded(result, async () => {
      const current = app.client;
      const user = await app.api.createUser({ name: $('#user-name').value.trim(), email: $('#user-email').value.trim(),
        password: $('#user-password').value, role: $('#user-role').value });
      if (app.client !== current) return; // signed out meanwhile
      event.target.reset();
      result.textContent = `Added ${user.name} (${user.role}).`;
      await renderUsers(app);
    });
  });
}
