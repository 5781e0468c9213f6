/*
 * Signing in (staff or customer), signing up a new tenant, and signing out. The forms post, so that
 * without the script a password never lands in a URL.
 */

import { $, busy, setupTabs } from '../dom.js';
import { describeError } from '../format.js';
import { start, stop } from './lifecycle.js';

async function signIn(app, event, action) {
  event.preventDefault();
  const button = event.target.querySelector('button[type="submit"]');
  const error = $('#auth-error');
  error.hidden = true;
  busy(button, true);
  try {
    await action();
    await start(app);
  } catch (failure) {
    const message = failure.code === 'invalid_credentials' ? 'Wrong email, phone or password.'
      : failure.code === 'rate_limited' ? `Too many attempts. Try again in ${failure.retryAfter ?? 'a few'} seconds.`
        : describeError(failure);
    // start() failed half way (signed in and connected, the chats not loaded): leave no half-started console.
    if (app.me) stop(app, message);
    error.textContent = message;
    error.hidden = false;
    error.focus?.();
  } finally {
    busy(button, false);
  }
}

export function setupAuthView(app) {
  const { auth } = app;
  setupTabs($('#auth-view [role="tablist"]'), () => { $('#auth-error').hidden = true; });
  $('#staff-login-form').addEventListener('submit', (e) => signIn(app, e, () => auth.login({
    email: $('#login-email').value.trim(), password: $('#login-password').value,
    tenant: $('#login-tenant').value.trim() || undefined,
  })));
  $('#customer-login-form').addEventListener('submit', (e) => signIn(app, e, () => {
    const who = $('#customer-email').value.trim();
    return auth.customerLogin({ tenant: $('#customer-tenant').value.trim(), password: $('#customer-password').value,
      ...(who.includes('@') ? { email: who } : { phone: who }) });
  }));
  $('#signup-form').addEventListener('submit', (e) => signIn(app, e, () => auth.signUp({
    name: $('#signup-name').value.trim(), slug: $('#signup-slug').value.trim() || undefined,
    owner: { name: $('#signup-owner-name').value.trim(), email: $('#signup-email').value.trim(),
      password: $('#signup-password').value },
  })));
  $('#sign-out').addEventListener('click', async () => {
    stop(app);
    await auth.logout();
  });
  // A refresh token the server refused ends the session: back to signing in, with the reason.
  auth.on('change', (session) => {
    if (!session && app.me) stop(app, 'Your session has ended. Please sign in again.');
  });
}
