import { defineConfig } from '@playwright/test';
import { chromiumExecutable } from './tests/e2e/browser.mjs';

// E2E_PORT lets two checkouts run their end-to-end tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  // Generous: CI runs two test workers on two cores, and software rendering is slow.
  expect: { timeout: 30_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    // The production build, served from a sub-path as a static host would.
    baseURL: `http://127.0.0.1:${PORT}/studio/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumExecutable(),
      // A software WebGPU adapter for the GPU path; never --disable-gpu.
      args: ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node tests/e2e/static-server.mjs dist ${PORT} /studio/`,
    url: `http://127.0.0.1:${PORT}/studio/`,
    reuseExistingServer: !process.env.CI,
  },
});
