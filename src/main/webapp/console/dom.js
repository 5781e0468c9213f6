/*
 * Building and updating the console's DOM. Text always goes in as text, never as HTML: messages,
 * names and knowledge entries come from other people.
 */

import { describeError } from './format.js';

export const $ = (selector) => document.querySelector(selector);

/** Builds an element: `h('button', {type: 'button', onclick}, 'Label')`. No inline styles or handlers. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** An attribute selector that holds whatever the value is (chat ids may be any string). */
export const byData = (name, value) => `[data-${name}="${CSS.escape(String(value))}"]`;

/** Tells screen readers about something that appeared elsewhere on the page. */
export function announce(text) {
  const region = $('#live-announcer');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 30);
}

export function busy(button, on) {
  button.disabled = on;
  button.setAttribute('aria-busy', String(on));
}

export function actionButton(label, testid, onclick, extra = {}) {
  return h('button', { type: 'button', class: 'secondary small', 'data-testid': testid, onclick, ...extra }, label);
}

/** Tabs per the WAI-ARIA pattern: click or arrow keys switch, one tab stop for the whole list. */
export function setupTabs(tablist, onSelect) {
  const all = () => [...tablist.querySelectorAll('[role="tab"]')];
  const tabs = () => all().filter((t) => !t.hidden); // the ones arrow keys move between
  const select = (tab, focus) => {
    // Hidden tabs too: a tab hidden while selected (Manage, when the next person signs in) must not
    // leave its panel shown.
    for (const t of all()) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    onSelect?.(tab.id);
  };
  tablist.addEventListener('click', (e) => {
    const tab = e.target.closest('[role="tab"]');
    if (tab) select(tab, false);
  });
  tablist.addEventListener('keydown', (e) => {
    const all = tabs();
    const index = all.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(all[(next + all.length) % all.length], true);
  });
  return (id) => select(document.getElementById(id), false);
}

/**
 * Rebuilds a table's rows without losing keyboard focus: a focused button comes back as the same button
 * of the same row or, when that row is gone (a revoked key), of the row now in its place; with no row
 * left, `fallback` gets focus.
 */
export function replaceRows(tbody, idAttribute, rows, fallback) {
  const focused = document.activeElement;
  const row = focused && tbody.contains(focused) ? focused.closest('tr') : null;
  const id = row?.getAttribute(idAttribute);
  const index = row ? row.sectionRowIndex : -1;
  const testid = focused?.dataset?.testid;
  tbody.replaceChildren(...rows);
  if (!row) return;
  const target = rows.find((r) => r.getAttribute(idAttribute) === id) ?? rows[Math.min(index, rows.length - 1)];
  const button = (testid && target?.querySelector(`[data-testid="${testid}"]`)) || target?.querySelector('button');
  (button ?? fallback)?.focus();
}

/** Runs `work`; a failure is shown in `resultEl`, or announced when there is none. */
export async function guarded(resultEl, work) {
  try {
    await work();
  } catch (failure) {
    if (resultEl) resultEl.textContent = describeError(failure);
    else announce(describeError(failure));
  }
}
