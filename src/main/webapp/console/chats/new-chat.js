/* Starting a chat: staff pick one of the tenant's customers; a customer opens one with the tenant. */

import { $, h, busy } from '../dom.js';
import { describeError } from '../format.js';
import { adoptChat } from './conversation.js';

/** The active customers, as choices for a new chat (staff). */
export async function loadCustomerChoices(app) {
  const current = app.client;
  try {
    const customers = await app.api.customers();
    if (app.client !== current) return; // signed out meanwhile
    const select = $('#new-chat-customer');
    select.replaceChildren(...customers.filter((c) => c.active).map((c) =>
      h('option', { value: c.id, text: `${c.name}${c.email ? ` <${c.email}>` : c.phone ? ` (${c.phone})` : ''}` })));
    if (!select.options.length) select.append(h('option', { value: '', text: 'Add a customer first (Manage)' }));
  } catch {
    // Shown as an empty list; the Manage section says more.
  }
}

export function setupNewChat(app) {
  $('#new-chat-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#new-chat-submit');
    const error = $('#new-chat-error');
    error.hidden = true;
    busy(button, true);
    try {
      const title = $('#new-chat-title').value.trim() || undefined;
      const initial = $('#new-chat-message').value.trim() || undefined;
      let chat;
      if (app.me.isStaff) {
        const customerId = Number($('#new-chat-customer').value);
        if (!customerId) throw new Error('Choose a customer.');
        chat = await app.api.createChat({ customer_id: customerId, title, initial_message: initial });
      } else {
        chat = await app.api.createCustomerChat({ title, initial_message: initial });
      }
      $('#new-chat-title').value = '';
      $('#new-chat-message').value = '';
      await adoptChat(app, chat);
    } catch (failure) {
      error.textContent = describeError(failure);
      error.hidden = false;
    } finally {
      busy(button, false);
    }
  });
}
