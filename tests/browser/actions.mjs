// Browser test of the console's order-action cards against a running kefu server: a buyer has
// confirmed an action the shop approves (the Rust test set it up); the agent logs in, opens
// Actions, sees the card with the exact change, confirms it, and the card shows it done.
//
//   node tests/browser/actions.mjs        (after scripts/install-browser.sh)
//
// Environment: KEFU_URL, KEFU_AGENT_EMAIL, KEFU_AGENT_PASSWORD, KEFU_SHOP (required);
// KEFU_ACTION_KEY the action's key and KEFU_ACTION_TEXT a text its card shows (required);
// KEFU_ARTIFACTS (screenshots), KEFU_CHROMIUM (default /usr/bin/chromium).
// Prints `actions.mjs: OK` and exits 0, or `actions.mjs: FAILED: …` and exits 1.
import { chromium } from 'playwright-core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TIMEOUT = 20_000;
let current = 'starting';
const step = name => { current = name; console.log(`== ${name}`); };
const fail = msg => { throw new Error(msg); };

async function run(cfg, context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  step('agent logs in');
  await page.goto(`${cfg.url}/console`, { timeout: TIMEOUT });
  await page.getByLabel('E-mail').fill(cfg.email);
  await page.getByLabel('Password').fill(cfg.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#tab-actions').waitFor({ state: 'visible', timeout: TIMEOUT });

  step('the card shows the exact change');
  await page.locator('#tab-actions').click();
  const card = page.locator(`[data-testid="action-card"][data-key="${cfg.key}"]`);
  await card.waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => fail('no card for the action'));
  if ((await card.getAttribute('data-state')) !== 'awaiting_approval') fail(`the card is ${await card.getAttribute('data-state')}`);
  const text = await card.innerText();
  if (!text.includes(cfg.text)) fail(`the card does not show ${JSON.stringify(cfg.text)}: ${text}`);
  await page.screenshot({ path: path.join(cfg.artifacts, 'console-action-card.png') });

  step('the agent confirms');
  const answer = page.waitForResponse(r => r.request().method() === 'POST' && r.url().endsWith('/approve'), { timeout: TIMEOUT });
  await card.getByTestId('action-approve').click();
  const r = await answer.catch(() => fail('no answer to Confirm'));
  if (!r.ok()) fail(`Confirm answered ${r.status()} ${await r.text()}`);
  const done = page.locator(`[data-testid="action-card"][data-key="${cfg.key}"][data-state="done"]`);
  await done.waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => fail('the card does not show the action done'));
  if (await done.getByTestId('action-approve').count()) fail('a done action still offers Confirm');
  await page.screenshot({ path: path.join(cfg.artifacts, 'console-action-done.png') });
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
}

async function main() {
  const env = process.env;
  let context, userDataDir, code = 1;
  try {
    const missing = ['KEFU_URL', 'KEFU_AGENT_EMAIL', 'KEFU_AGENT_PASSWORD', 'KEFU_SHOP', 'KEFU_ACTION_KEY', 'KEFU_ACTION_TEXT']
      .filter(n => !env[n]);
    if (missing.length) fail(`missing environment: ${missing.join(', ')}`);
    const cfg = {
      url: env.KEFU_URL.replace(/\/+$/, ''), email: env.KEFU_AGENT_EMAIL, password: env.KEFU_AGENT_PASSWORD,
      key: env.KEFU_ACTION_KEY, text: env.KEFU_ACTION_TEXT,
      artifacts: path.resolve(env.KEFU_ARTIFACTS || 'artifacts/browser'), chromium: env.KEFU_CHROMIUM || '/usr/bin/chromium',
    };
    await mkdir(cfg.artifacts, { recursive: true });
    userDataDir = await mkdtemp(path.join(tmpdir(), 'kefu-chromium-'));
    step(`launch ${cfg.chromium}`);
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: cfg.chromium, headless: true, viewport: { width: 1280, height: 800 }, timeout: 30_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await run(cfg, context);
    console.log('actions.mjs: OK');
    code = 0;
  } catch (e) {
    console.error(`actions.mjs: FAILED at step "${current}": ${e instanceof Error ? e.message : e}`);
  } finally {
    if (context) await context.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
  process.exit(code);
}

main();
