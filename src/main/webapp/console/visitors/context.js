/* What the console says of a website visitor: the page they are on, their browser, where they came from. */

import { h } from '../dom.js';
import { safeUrl, short } from '../format.js';

const BROWSERS = [[/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'], [/OPR\/(\d+)/, 'Opera'], [/Firefox\/(\d+)/, 'Firefox'],
  [/FxiOS\/(\d+)/, 'Firefox'], [/CriOS\/(\d+)/, 'Chrome'], [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari/, 'Safari']];
const SYSTEMS = [[/Android/, 'Android'], [/iPhone|iPad|iPod/, 'iOS'], [/Windows/, 'Windows'], [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'], [/Linux/, 'Linux']];

/**
 * A visitor's context is whatever JSON their page sent: any field may be a number, an object or missing.
 * Each is read only when it is a string, so no context can make the console throw.
 */
const str = (value) => (typeof value === 'string' ? value : '');
const contextOf = (visitor) => (visitor?.context && typeof visitor.context === 'object' ? visitor.context : {});

/** "Firefox 128 on Windows" from a user agent; the raw string when it is none of the usual ones. */
function describeBrowser(value) {
  const userAgent = str(value);
  if (!userAgent) return null;
  const browser = BROWSERS.map(([re, name]) => [userAgent.match(re), name]).find(([m]) => m);
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (!browser) return short(userAgent, 60);
  return `${browser[1]} ${browser[0][1]}${system ? ` on ${system}` : ''}`;
}

/** The page without its scheme: "shop.example.com/returns". */
function describePage(value) {
  const pageUrl = str(value);
  if (!pageUrl) return null;
  const href = safeUrl(pageUrl);
  if (!href) return short(pageUrl, 80);
  const url = new URL(href);
  return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** One line for the inbox: "shop.example.com/returns · Firefox 128 on Windows". */
export function contextLine(visitor) {
  const context = contextOf(visitor);
  return [describePage(context.page_url), describeBrowser(context.user_agent)].filter(Boolean).join(' · ');
}

/** Definition-list groups for the open conversation; addresses are links only when they are http(s). */
export function contextFacts(visitor) {
  const context = contextOf(visitor);
  const link = (value) => {
    const address = str(value);
    const href = safeUrl(address);
    return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', text: describePage(address) })
      : (address || '—');
  };
  const rows = [
    ['Page', link(context.page_url), 'visitor-page'],
    ['Browser', h('span', { title: str(context.user_agent), text: describeBrowser(context.user_agent) ?? '—' }), 'visitor-browser'],
    str(context.referrer) ? ['Came from', link(context.referrer), 'visitor-referrer'] : null,
  ].filter(Boolean);
  return rows.map(([term, value, testid]) => h('div', {}, h('dt', { text: term }), h('dd', { 'data-testid': testid }, value)));
}
