// Bundles the guide's widget into one script for Parley's browser tests.
//
// The guide's code reads its configuration from process.env.REACT_APP_* (Create React
// App bakes those in at build time). Parley's port is only known when the tests run, so
// each of them becomes a lookup in window.__ENV__, which index.html fills from its query
// string before loading the bundle.
//
// Output: target/widget/widget.js and target/widget/index.html (WIDGET_OUT_DIR overrides).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sources = path.join(here, 'src');
const out = path.resolve(process.env.WIDGET_OUT_DIR || path.join(here, '..', '..', '..', 'target', 'widget'));

// Every REACT_APP_* the guide's files mention, so none is left for the browser to trip on.
const keys = new Set();
async function collectKeys(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await collectKeys(file);
    } else if (/\.jsx?$/.test(entry.name)) {
      for (const match of (await readFile(file, 'utf8')).matchAll(/process\.env\.(REACT_APP_\w+)/g)) {
        keys.add(match[1]);
      }
    }
  }
}
await collectKeys(sources);
const define = { 'process.env.NODE_ENV': '"production"' };
for (const key of keys) {
  define[`process.env.${key}`] = `window.__ENV__.${key}`;
}

await mkdir(out, { recursive: true });
const result = await esbuild.build({
  entryPoints: [path.join(sources, 'main.jsx')],
  outfile: path.join(out, 'widget.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  // Create React App compiles JSX in .js files, and the guide's components are .js.
  loader: { '.js': 'jsx' },
  jsx: 'automatic',
  define,
  metafile: true,
  logLevel: 'warning',
  // The guide's WebSocketManager declares testConnection() twice; as in any JavaScript
  // class the second (async, with endpoint discovery) wins, which is the one its
  // ConnectionDebugger awaits. Known, so not repeated on every build.
  logOverride: { 'duplicate-class-member': 'silent' },
});
const bundle = await readFile(path.join(out, 'widget.js'), 'utf8');
if (/\bprocess\.env\b/.test(bundle)) {
  throw new Error('widget.js still reads process.env: add the missing key to the define list');
}
await copyFile(path.join(here, 'index.html'), path.join(out, 'index.html'));
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`widget: ${path.join(out, 'widget.js')} (${Math.round(bytes / 1024)} KiB), ` +
  `index.html; REACT_APP_* from window.__ENV__: ${[...keys].sort().join(', ')}`);
