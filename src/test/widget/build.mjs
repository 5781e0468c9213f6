// Bundles the guides' components into one script each for Parley's browser tests:
//   widget.js       seed 002's chat widget (src/main.jsx, src/components, src/hooks, src/services),
//                   on index.html;
//   promptcraft.js  seed 003's PromptCraftChatInline (src/promptcraft), on promptcraft.html.
//
// Seed 002's code reads its configuration from process.env.REACT_APP_* (Create React
// App bakes those in at build time). Parley's port is only known when the tests run, so
// each of them becomes a lookup in window.__ENV__, which index.html fills from its query
// string before loading the bundle. Seed 003's component names ws://localhost:8000 itself;
// its copy reads window.__ENV__.PARLEY_WS instead, which promptcraft.html fills.
//
// Output: target/widget/{widget.js,index.html,promptcraft.js,promptcraft.html}
// (WIDGET_OUT_DIR overrides the directory).
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
const bundles = [
  { entry: path.join(sources, 'main.jsx'), script: 'widget.js', page: 'index.html' },
  // Seed 003's component names its host itself; its copy reads Parley's instead, so the
  // bundle must not name the guide's any more.
  { entry: path.join(sources, 'promptcraft', 'main.jsx'), script: 'promptcraft.js', page: 'promptcraft.html',
    guideHost: 'ws://localhost:8000' },
];
const options = {
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
};
const built = [];
for (const { entry, script, page, guideHost } of bundles) {
  const result = await esbuild.build({ ...options, entryPoints: [entry], outfile: path.join(out, script) });
  const bundle = await readFile(path.join(out, script), 'utf8');
  if (/\bprocess\.env\b/.test(bundle)) {
    throw new Error(`${script} still reads process.env: add the missing key to the define list`);
  }
  if (guideHost && bundle.includes(guideHost)) {
    throw new Error(`${script} still connects to the guide's ${guideHost}, not to Parley's window.__ENV__.PARLEY_WS`);
  }
  await copyFile(path.join(here, page), path.join(out, page));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  built.push(`${script} (${Math.round(bytes / 1024)} KiB), ${page}`);
}
console.log(`widget: ${out}: ${built.join('; ')}; ` +
  `REACT_APP_* from window.__ENV__: ${[...keys].sort().join(', ')}`);
