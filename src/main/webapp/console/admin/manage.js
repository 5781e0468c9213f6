/*
 * The Manage section: live connection counts, customers, staff, API keys, the tenant's settings with
 * the assistant's, the knowledge base, and prompt templates. Staff see customers and prompt templates;
 * admins see everything.
 */

import { $, announce } from '../dom.js';
import { describeError } from '../format.js';
import { renderCustomers, setupCustomers } from './customers.js';
import { renderUsers, setupUsers } from './users.js';
import { forgetApiKeySecret, renderApiKeys, setupApiKeys } from './api-keys.js';
import { renderSettings, setupSettings } from './settings.js';
import { setupAssistant } from './assistant.js';
import { forgetKnowledge, loadKnowledge, setupKnowledge } from './knowledge.js';
import { forgetTemplates, loadTemplates, setupTemplates } from './templates.js';

async function renderConnectionStats(app) {
  const current = app.client;
  const stats = await app.api.connections();
  if (app.client !== current) return; // signed out meanwhile
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
    loadTemplates(app),
  ].map((p) => p?.catch((e) => announce(describeError(e)))));
}

/** Opening the section; live counts while someone is looking at them. */
export function showAdmin(app) {
  loadAdmin(app);
  if (app.me?.isAdmin) app.timers.stats = setInterval(() => renderConnectionStats(app).catch(() => {}), 5000);
}

/** Empties the section (signing out): its tables, forms and answers belong to the tenant and the account. */
export function forgetAdmin(app) {
  for (const tbody of document.querySelectorAll('#panel-admin tbody')) tbody.replaceChildren();
  for (const form of document.querySelectorAll('#panel-admin form')) form.reset(); // also a half-typed password
  for (const result of document.querySelectorAll('#panel-admin p[role="status"]')) result.textContent = '';
  for (const value of document.querySelectorAll('#connections-stats dd')) value.textContent = '—';
  $('#settings-tenant-id').textContent = '';
  $('#settings-tenant-slug').textContent = '';
  $('#assistant-effective-mode').textContent = '—';
  app.assistantShown = null;
  forgetApiKeySecret();
  forgetKnowledge(app);
  forgetTemplates(app);
}

export function setupAdmin(app) {
  $('#connections-refresh').addEventListener('click', () => renderConnectionStats(app).catch((e) => announce(describeError(e))));
  setupCustomers(app);
  setupUsers(app);
  setupApiKeys(app);
  setupSettings(app);
  setupAssistant(app);
  setupKnowledge(app);
  setupTemplates(app);
}
