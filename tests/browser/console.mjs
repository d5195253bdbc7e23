// Browser test of the agent console, end to end against a running kefu server:
// a buyer (page B, a websocket to /v1/chat) asks for a person; the agent (page A, /console)
// sees the hand-off in the live queue, opens it, claims it, replies in English; the buyer gets
// the reply translated into their language; the agent resolves and the buyer is told.
//
//   node tests/browser/console.mjs        (after scripts/install-browser.sh)
//
// Environment:
//   KEFU_URL              the server, e.g. http://127.0.0.1:8080 (required)
//   KEFU_AGENT_EMAIL      an agent of KEFU_SHOP (required)
//   KEFU_AGENT_PASSWORD   (required)
//   KEFU_SHOP             shop id (required)
//   KEFU_BUYER_TEXT       a buyer message asking for a person
//                         (default: "Quiero hablar con una persona, por favor")
//   KEFU_BUYER_LANGUAGE   its language (default: es)
//   KEFU_ARTIFACTS        directory for screenshots (default: artifacts/browser in the repo)
//   KEFU_CHROMIUM         the browser (default: /usr/bin/chromium, Debian's chromium package)
//
// Prints progress lines, then `handoff_visible_ms=<n>` (buyer message sent → queue item
// visible in the console) and `agent_message_ms=<n>` (Send clicked → the buyer has the
// translated reply). Exits 0 on success; prints `console.mjs: FAILED: …` and exits 1 otherwise.
import { chromium } from 'playwright-core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPLY = 'Hello, I am looking at your order now.';
const T = {
  total: 170_000, // the whole run
  launch: 30_000,
  page: 20_000, // navigation, login, clicks, API answers
  handoff: 60_000, // buyer message → hand-off (the bot's pipeline runs first)
  agentMessage: 60_000, // reply → buyer (translation goes through a CPU language model)
  resolved: 20_000,
};

class Failure extends Error {}
const fail = msg => { throw new Failure(msg); };
let current = 'starting';
const step = name => { current = name; console.log(`== ${name}`); };
const info = msg => console.log(`   ${msg}`);

function config() {
  const env = process.env;
  const missing = ['KEFU_URL', 'KEFU_AGENT_EMAIL', 'KEFU_AGENT_PASSWORD', 'KEFU_SHOP'].filter(n => !env[n]);
  if (missing.length) fail(`missing environment: ${missing.join(', ')}`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  return {
    url: env.KEFU_URL.replace(/\/+$/, ''),
    email: env.KEFU_AGENT_EMAIL,
    password: env.KEFU_AGENT_PASSWORD,
    shop: env.KEFU_SHOP,
    buyerText: env.KEFU_BUYER_TEXT || 'Quiero hablar con una persona, por favor',
    buyerLanguage: env.KEFU_BUYER_LANGUAGE || 'es',
    artifacts: path.resolve(env.KEFU_ARTIFACTS || path.join(here, '..', '..', 'artifacts', 'browser')),
    chromium: env.KEFU_CHROMIUM || '/usr/bin/chromium',
  };
}

// Waits for an API answer that `action` causes; fails with the server's error message.
async function apiCall(page, method, suffix, action, what) {
  const answer = page.waitForResponse(
    r => r.request().method() === method && new URL(r.url()).pathname.endsWith(suffix), { timeout: T.page });
  await action();
  const r = await answer.catch(() => fail(`${what}: no ${method} …${suffix} within ${T.page / 1000} s`));
  if (!r.ok()) {
    const body = await r.text().catch(() => '');
    fail(`${what}: ${method} ${new URL(r.url()).pathname} answered ${r.status()} ${body}`);
  }
  return r;
}

// The buyer's frames so far (page B).
const frames = pageB => pageB.evaluate(() => window.__frames.slice());

// Waits until the buyer has a frame of one of `types`; an `error` frame or a closed socket fails.
// Returns [frame, the page's Date.now() when it arrived].
async function buyerFrame(pageB, types, timeout, what) {
  try {
    await pageB.waitForFunction(types => window.__frames.some(f => types.includes(f.type) || f.type === 'error') || window.__closed,
      types, { timeout, polling: 50 });
  } catch {
    const seen = (await frames(pageB)).map(f => f.type).join(', ') || 'none';
    fail(`${what}: the buyer got no ${types.join('/')} frame within ${timeout / 1000} s (frames: ${seen})`);
  }
  const all = await frames(pageB);
  const i = all.findIndex(f => types.includes(f.type));
  if (i >= 0) return [all[i], await pageB.evaluate(i => window.__at[i], i)];
  const err = all.find(f => f.type === 'error');
  if (err) fail(`${what}: the buyer's socket got an error frame ${JSON.stringify(err)}`);
  fail(`${what}: the buyer's socket closed (${await pageB.evaluate(() => window.__closed)})`);
}

async function run(cfg, context) {
  const errors = [];
  const pageA = context.pages()[0] || await context.newPage();
  pageA.setDefaultTimeout(T.page);
  pageA.on('pageerror', e => errors.push(`page error: ${e.message}`));
  pageA.on('console', m => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) info(`console page: ${m.text()}`);
  });
  const noPageErrors = () => { if (errors.length) fail(`the console page threw: ${errors.join('; ')}`); };

  step('agent logs in');
  const nav = await pageA.goto(`${cfg.url}/console`, { timeout: T.page });
  if (!nav || !nav.ok()) fail(`GET /console answered ${nav ? nav.status() : 'nothing'}`);
  await pageA.getByLabel('E-mail').fill(cfg.email);
  await pageA.getByLabel('Password').fill(cfg.password);
  await apiCall(pageA, 'POST', '/v1/console/login', () => pageA.getByRole('button', { name: 'Sign in' }).click(), 'login');
  await pageA.locator('#queue-view').waitFor({ state: 'visible' });
  await pageA.locator('#conn.live').waitFor({ state: 'visible' })
    .catch(() => fail('the console did not connect its live socket (/v1/console/ws)'));
  noPageErrors();
  info('logged in, live socket connected');

  step('buyer asks for a person');
  const pageB = await context.newPage();
  pageB.setDefaultTimeout(T.page);
  await pageB.goto(`${cfg.url}/healthz`, { timeout: T.page });
  const chatUrl = `${cfg.url.replace(/^http/, 'ws')}/v1/chat?shop=${encodeURIComponent(cfg.shop)}`;
  await pageB.evaluate(url => new Promise((resolve, reject) => {
    window.__frames = [];
    window.__at = []; // arrival time of each frame
    window.__closed = null;
    const ws = new WebSocket(url);
    window.__ws = ws;
    ws.onmessage = ev => {
      window.__at.push(Date.now());
      try { window.__frames.push(JSON.parse(ev.data)); } catch { window.__frames.push({ type: 'unparsable', data: String(ev.data) }); }
    };
    ws.onclose = ev => { window.__closed = `code ${ev.code} ${ev.reason}`; reject(new Error(`closed: ${window.__closed}`)); };
    ws.onopen = () => resolve();
  }), chatUrl).catch(e => fail(`buyer socket ${chatUrl}: ${e.message}`));
  await pageB.evaluate(locale => window.__ws.send(JSON.stringify({ type: 'hello', v: 1, locale })), cfg.buyerLanguage);
  const [welcome] = await buyerFrame(pageB, ['welcome'], T.page, 'hello');
  const cid = welcome.conversation_id;
  if (!cid) fail(`welcome without conversation_id: ${JSON.stringify(welcome)}`);
  info(`conversation ${cid}`);

  // Page A in front (Chromium paces a background page's frames, and Playwright's actions wait
  // for frames); the queue item's first visible moment is taken in the page itself, since
  // Playwright's polling only sees it up to half a second late.
  await pageA.bringToFront();
  const itemSel = `[data-testid="queue-item"][data-conversation="${cid}"]`;
  const item = pageA.locator(itemSel);
  await pageA.evaluate(sel => {
    window.__itemSeenAt = null;
    const check = () => {
      const el = document.querySelector(sel);
      if (el && el.checkVisibility()) { window.__itemSeenAt = Date.now(); obs.disconnect(); }
    };
    const obs = new MutationObserver(check);
    obs.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
    check();
  }, itemSel);
  const t0 = await pageB.evaluate(text => {
    window.__ws.send(JSON.stringify({ type: 'message', v: 1, client_msg_id: 'm1', text }));
    return Date.now();
  }, cfg.buyerText);
  const [[handoff]] = await Promise.all([
    buyerFrame(pageB, ['handoff', 'reply'], T.handoff, 'hand-off'),
    item.waitFor({ state: 'visible', timeout: T.handoff })
      .catch(() => fail(`the queue item for ${cid} did not show in the console within ${T.handoff / 1000} s`)),
  ]);
  if (handoff.type !== 'handoff') fail(`the bot answered instead of handing off: ${JSON.stringify(handoff)}`);
  const seenAt = await pageA.evaluate(() => window.__itemSeenAt) || Date.now();
  console.log(`handoff_visible_ms=${seenAt - t0}`);
  info(`hand-off reason ${handoff.reason}`);
  noPageErrors();

  step('agent opens and claims the conversation');
  const conv = pageA.locator(`[data-testid="conversation"][data-conversation="${cid}"]`);
  await apiCall(pageA, 'GET', `/conversations/${encodeURIComponent(cid)}`, () => item.click(), 'open the conversation');
  await conv.waitFor({ state: 'visible' });
  await conv.locator('[data-testid="entry"][data-kind="buyer"]').first().waitFor({ state: 'visible' })
    .catch(() => fail('the opened conversation shows no buyer message'));
  await apiCall(pageA, 'POST', '/claim', () => conv.getByTestId('claim').click(), 'claim');
  await conv.locator('[data-testid="claim"]:disabled').waitFor()
    .catch(() => fail('the console does not show the conversation as claimed by this agent'));
  noPageErrors();

  step('agent replies in English');
  await conv.getByTestId('reply-text').fill(REPLY);
  await pageA.evaluate(() => document.addEventListener('click', ev => {
    if (ev.target.closest('[data-testid="send-reply"]')) window.__sendClickAt = Date.now();
  }, true));
  const replyAnswer = pageA.waitForResponse(
    r => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/reply'), { timeout: T.agentMessage });
  const replyOk = replyAnswer.then(async r => {
    if (!r.ok()) fail(`POST …/reply answered ${r.status()} ${await r.text().catch(() => '')}`);
    return r;
  }, () => fail(`no answer to POST …/reply within ${T.agentMessage / 1000} s`));
  await conv.getByTestId('send-reply').click();
  // A failed reply fails at once instead of waiting for a frame that cannot come.
  const [agentMessage, arrivedAt] = await Promise.race([
    buyerFrame(pageB, ['agent_message'], T.agentMessage, 'reply'),
    replyOk.then(() => new Promise(() => {})),
  ]);
  console.log(`agent_message_ms=${arrivedAt - await pageA.evaluate(() => window.__sendClickAt)}`);
  await replyOk;
  info(`buyer got (${agentMessage.language}): ${agentMessage.text}`);
  if (agentMessage.language !== cfg.buyerLanguage) fail(`agent_message language is ${JSON.stringify(agentMessage.language)}, expected ${JSON.stringify(cfg.buyerLanguage)}`);
  if (typeof agentMessage.text !== 'string' || !agentMessage.text.trim()) fail(`agent_message has no text: ${JSON.stringify(agentMessage)}`);
  if (agentMessage.text.trim() === REPLY) fail('agent_message text is the English reply, untranslated');
  await conv.locator('[data-testid="entry"][data-kind="agent"]').first().waitFor({ state: 'visible' })
    .catch(() => fail('the console does not show the sent reply'));
  // The buyer's message is shown in the agent's language, the original one click away.
  const buyerEntry = conv.locator('[data-testid="entry"][data-kind="buyer"]').first();
  await buyerEntry.getByText('translated from', { exact: false }).waitFor({ state: 'visible', timeout: T.agentMessage })
    .catch(() => fail('the buyer message is not shown translated into the agent\'s language'));
  const shown = (await buyerEntry.locator('.txt').innerText()).trim();
  if (shown === cfg.buyerText) fail('the buyer message is shown untranslated');
  info(`buyer message as the agent reads it: ${shown}`);
  noPageErrors();
  await pageA.screenshot({ path: path.join(cfg.artifacts, 'console-conversation.png') });
  info(`screenshot ${path.join(cfg.artifacts, 'console-conversation.png')}`);

  step('agent resolves');
  await apiCall(pageA, 'POST', '/resolve', () => conv.getByTestId('resolve').click(), 'resolve');
  await buyerFrame(pageB, ['resolved'], T.resolved, 'resolve');
  info('the buyer got resolved');
  await item.waitFor({ state: 'detached', timeout: T.resolved })
    .catch(() => fail('the resolved conversation stayed in the queue'));
  noPageErrors();
  await pageA.screenshot({ path: path.join(cfg.artifacts, 'console-resolved.png') });
  info(`screenshot ${path.join(cfg.artifacts, 'console-resolved.png')}`);
  await pageB.evaluate(() => window.__ws.close(1000));
}

async function main() {
  let cfg, context, userDataDir;
  let code = 1;
  const watchdog = setTimeout(() => {
    console.error(`console.mjs: FAILED: the run took over ${T.total / 1000} s (at step: ${current})`);
    Promise.resolve(context && context.close()).catch(() => {})
      .then(() => userDataDir && rm(userDataDir, { recursive: true, force: true })).catch(() => {})
      .finally(() => process.exit(1));
  }, T.total);
  try {
    cfg = config();
    await mkdir(cfg.artifacts, { recursive: true });
    userDataDir = await mkdtemp(path.join(tmpdir(), 'kefu-chromium-'));
    step(`launch ${cfg.chromium}`);
    // launchPersistentContext passes --user-data-dir=<userDataDir> to Chromium (Playwright
    // refuses it in args); both pages are pages of this one browser.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: cfg.chromium,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
      timeout: T.launch,
    });
    await run(cfg, context);
    console.log('console.mjs: OK');
    code = 0;
  } catch (e) {
    console.error(`console.mjs: FAILED at step "${current}": ${e instanceof Error ? e.message : e}`);
    if (context && cfg) {
      for (const [i, p] of context.pages().entries()) {
        const file = path.join(cfg.artifacts, `failure-page${i + 1}.png`);
        await p.screenshot({ path: file, timeout: 5000 }).then(() => console.error(`   screenshot ${file}`), () => {});
      }
    }
  } finally {
    if (context) await context.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    clearTimeout(watchdog);
  }
  process.exit(code);
}

main();
