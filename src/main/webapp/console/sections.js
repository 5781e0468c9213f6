/* The signed-in sections (Chats, Notifications, Connection, Manage) as tabs. */

import { $, setupTabs } from './dom.js';
import { renderConnection } from './connection.js';
import { notificationsSeen } from './notifications.js';
import { showAdmin } from './admin/manage.js';

function onSection(app, id) {
  clearInterval(app.timers.stats);
  if (id === 'tab-notifications') notificationsSeen(app);
  else if (id === 'tab-connection') renderConnection(app);
  else if (id === 'tab-admin') showAdmin(app);
}

/** Sets `app.selectSection(tabId)`. */
export function setupSections(app) {
  app.selectSection = setupTabs($('#sections'), (id) => onSection(app, id));
}
