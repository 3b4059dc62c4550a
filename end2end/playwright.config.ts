// Every spec runs twice: with JavaScript (server render, then hydration) and without (plain HTML and form posts).
// The browser is Debian's Chromium; Playwright's own browser downloads are never used.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT ?? port + 30);
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) {
  throw new Error('E2E_DATABASE_URL is not set: run the suite through scripts/test, which provides a database');
}

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true } },
    { name: 'js-off', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: '../target/debug/crossfade-server',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      CROSSFADE_ADDR: `127.0.0.1:${port}`,
      CROSSFADE_SITE_ROOT: '../target/site-dev',
      CROSSFADE_SESSION_KEY: Buffer.alloc(64, 'crossfade-end2end-only').toString('base64'),
      CROSSFADE_TOKEN_KEYS: `e2e:${Buffer.alloc(32, 'end2end-token-key').toString('base64')}`,
      // Demo mode: the sandbox the browser signs in through, on a loopback port of its own.
      CROSSFADE_SANDBOX_ADDR: `127.0.0.1:${sandboxPort}`,
      DATABASE_URL: databaseUrl,
      // The sandbox here limits nothing, and specs run side by side: Crossfade's own request shaping (sized for the
      // real Spotify) would only make one spec's sync wait on another's, so it is off for the browser tests.
      CROSSFADE_SPOTIFY_REQUESTS_PER_30S: '0',
      // The scheduled chart fetch reads only pop's Apple Music and Billboard charts from the sandbox, so the genres
      // the charts spec brings files into (rock, country) hold only what it brought.
      CROSSFADE_CHART_FETCH: 'apple-music,billboard',
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
  },
});
