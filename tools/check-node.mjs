/* global process, URL */
// Runs before anything else on `npm start` / `npm run dev` / `npm run admin`: plain JavaScript that any Node can read,
// so an older Node stops with one sentence instead of a crash deep inside a dependency (undici 8 needs Node 22.19,
// nock 22.20). The minimum is read from package.json "engines", the one place it is written down.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /(\d+)\.(\d+)\.(\d+)/.exec(pkg.engines.node);
const minimum = wanted.slice(1, 4).map(Number);
const current = process.versions.node.split('.').map(Number);

function older(a, b) {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

if (older(current, minimum)) {
  process.stderr.write(
    `This app needs Node.js ${minimum.join('.')} or newer and this is Node.js ${process.versions.node}: install Node.js 24 (the version in .nvmrc, e.g. \`nvm install\`) and run it again.\n`,
  );
  process.exit(1);
}
