// Runs before the end-to-end tests: makes sure a Chromium is there, fetching Playwright's own
// where that is possible, or says exactly what to install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from './browser.mjs';

const found = chromiumExecutable();
if (found) {
  if (!existsSync(found)) fail(`PLAYWRIGHT_CHROMIUM_EXECUTABLE points at ${found}, which does not exist.`);
  process.exit(0);
}
if (existsSync(chromium.executablePath())) process.exit(0);

console.log('No Chromium found; asking Playwright to download its own (npx playwright install chromium)…');
const result = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
if (result.status === 0 && existsSync(chromium.executablePath())) process.exit(0);
fail('Playwright could not download its browser (this machine may have no access to its download host).');

function fail(reason) {
  console.error(`\n${reason}\nThe end-to-end tests need Chromium. Install one of:\n` +
    '  - Debian/Ubuntu:  sudo apt-get install chromium\n' +
    '  - any system:     npx playwright install chromium\n' +
    'or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium or Chrome binary.\n');
  process.exit(1);
}
