#!/usr/bin/env node
// Stops an npm script with one clear line when the Node.js running it is older than package.json's
// engines.node. npm scripts run on the Node.js that `npm install` put in node_modules/.bin (the
// node-<os>-<cpu> optional dependency, see docs/decisions.md, "The project brings its own Node.js"),
// and on the machine's own node where there is none for the platform.
//
//   node scripts/check-runtime.mjs           silent when the runtime is new enough
//   node scripts/check-runtime.mjs --print   also prints the version and where it runs from (CI)
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const range = engines?.node ?? '';
const minimum = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
if (!minimum) {
  console.error(`check-runtime: package.json's engines.node is "${range}"; this check reads only the form ">=X.Y.Z"`);
  process.exit(2);
}

const wanted = minimum.slice(1).map((part) => Number(part ?? 0));
const running = process.versions.node.split('.').map(Number);
const where = relative(repoRoot, process.execPath).startsWith('node_modules')
  ? relative(repoRoot, process.execPath)
  : process.execPath;

if (isOlder(running, wanted)) {
  console.error(
    `Commonplace needs Node.js ${range}; this is ${process.version} (${where}). ` +
      `npm install brings Node.js 24 on Linux (x64, arm64), macOS on Intel and Windows (x64); ` +
      `elsewhere install Node.js 24 or 22.12+ and run npm install again.`,
  );
  process.exit(1);
}
if (process.argv.includes('--print')) console.log(`Node.js ${process.version} (${where})`);

function isOlder(version, than) {
  for (let i = 0; i < than.length; i++) {
    if ((version[i] ?? 0) !== than[i]) return (version[i] ?? 0) < than[i];
  }
  return false;
}
