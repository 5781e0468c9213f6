/* Managing customers (staff): add one, start a chat with one, deactivate or reactivate. */

import { $, h, actionButton, guarded, replaceRows } from '../dom.js';
import { adoptChat } from '../chats/conversation.js';
import { loadCustomerChoices } from '../chats/new-chat.js';

export async function renderCustomers(app) {
  const current = app.client;
  const customers = await app.api.customers();
  if (app.client !== current) return; // signed out meanwhile
  replaceRows($('#customers-table tbody'), 'data-customer-id', customers.map((c) => h('tr', { 'data-customer-id': c.id },
    h('td', { text: c.name }),
    h('td', { text: [c.email, c.phone].filter(Boolean).join(' · ') || '—' }),
    h('td', { text: c.active ? 'active' : 'deactivated' }),
    h('td', {}, h('div', { class: 'row' },
      c.active ? actionButton('Chat', 'customer-chat', () => guarded(null, async () => {
        await adoptChat(app, await app.api.createChat({ customer_id: c.id }));
        app.selectSection('tab-chats');
      }), { 'aria-label': `Start a chat with ${c.name}` }) : null,
      actionButton(c.active ? 'Deactivate' : 'Reactivate', 'customer-toggle', () => guarded(null, async () => {
        await app.api.updateCustomer(c.id, { active: !c.active });
        await renderCustomers(app);
        loadCustomerChoices(app);
      }), { 'aria-label': `${c.active ? 'Deactivate' : 'Reactivate'} ${c.name}` }))))), $('#customer-name'));
}

export function setupCustomers(app) {
  $('#customer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const result = $('#customer-form-result');
    guarded(result, async () => {
      const body = { name: $('#customer-name').value.trim() };
      const email = $('#customer-new-email').value.trim();
      const phone = $('#customer-phone').value.trim();
      const password = $('#customer-new-password').value;
      if (email) body.email = email;
      if (phone) body.phone = phone;
      if (password) body.password = password;
      const current = app.client;
      const customer = await app.api.createCustomer(body);
      if (app.client !== current) return; // signed out meanwhile
      event.target.reset();
      result.textContent = `Added ${customer.name}.`;
      await renderCustomers(app);
      loadCustomerChoices(app);
    });
  });
}
