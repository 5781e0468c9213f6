/*
 * The Manage section: live connection counts, customers, staff, API keys, the tenant's settings with
 * the assistant's, and the knowledge base. Staff see customers; admins see everything.
 */

import { $, announce } from '../dom.js';
import { describeError } from '../format.js';
import { renderCustomers, setupCustomers } from './customers.js';
import { renderUsers, setupUsers } from './users.js';
import { renderApiKeys, setupApiKeys } from './api-keys.js';
import { renderSettings, setupSettings } from './settings.js';
import { setupAssistant } from './assistant.js';
import { loadKnowledge, setupKnowledge } from './knowledge.js';

async function renderConnectionStats(app) {
  const stats = await app.api.connections();
  $('#stats-connections').textContent = String(stats.connections);
  $('#stats-users').textContent = String(stats.by_participant_type?.user ?? 0);
  $('#stats-customers').textContent = String(stats.by_participant_type?.customer ?? 0);
  $('#stats-notifications').textContent = `${stats.notifications?.published ?? 0} / ${stats.notifications?.delivered ?? 0}`;
}

/** Everything the section shows, read again each time it is opened. */
async function loadAdmin(app) {
  if (!app.me?.isStaff) return;
  const admin = app.me.isAdmin;
  await Promise.all([
    renderCustomers(app),
    admin ? renderUsers(app) : null,
    admin ? renderApiKeys(app) : null,
    admin ? renderSettings(app) : null,
    admin ? renderConnectionStats(app) : null,
    admin ? loadKnowledge(app) : null,
  ].map((p) => p?.catch((e) => announce(describeError(e)))));
}

/** Opening the section; live counts while someone is looking at them. */
export function showAdmin(app) {
  loadAdmin(app);
  if (app.me?.isAdmin) app.timers.stats = setInterval(() => renderConnectionStats(app).catch(() => {}), 5000);
}

export function setupAdmin(app) {
  $('#connections-refresh').addEventListener('click', () => renderConnectionStats(app).catch((e) => announce(describeError(e))));
  setupCustomers(app);
  setupUsers(app);
  setupApiKeys(app);
  setupSettings(app);
  setupAssistant(app);
  setupKnowledge(app);
}
