// Browser test of the storefront chat widget (src/gateway/widget.js, docs/widget.md), end to end
// against a running kefu server in development mode (it serves the demo storefronts):
//   (a) a zh-CN buyer on a demo shop opens the widget, asks in Chinese, gets a reply in Chinese;
//   (b) an es-ES buyer asks in Spanish and gets a reply in Spanish;
//   (c) the connection drops while the buyer types: the widget shows it is offline and keeps the
//       message; back online it is delivered once (acked, one bubble) and answered; after a
//       reload the conversation is still there (resumed from localStorage);
//   (d) the buyer asks for a person and sees the hand-off notice;
//   (e) an Arabic buyer on a 360×640 screen: right to left, the panel fills the screen;
//   (f) with KEFU_PRODUCT_SHOP and KEFU_PRODUCT_SKU: a Spanish buyer on that product's demo page
//       (schema.org Product in JSON-LD, read by the widget) asks KEFU_ASK_PRODUCT ("¿Es
//       impermeable?") and gets that product's value, KEFU_PRODUCT_FACT.
//
//   node tests/browser/widget.mjs        (after scripts/install-browser.sh)
//
// Environment:
//   KEFU_URL        the server, e.g. http://127.0.0.1:8080 (required)
//   KEFU_SHOP_ZH    demo shop for the Chinese buyer (required)
//   KEFU_SHOP_ES    demo shop for the Spanish buyer (required; may be the same shop)
//   KEFU_ARTIFACTS  directory for screenshots (default: artifacts/browser in the repo)
//   KEFU_CHROMIUM   the browser (default: /usr/bin/chromium, Debian's chromium package)
//   KEFU_ASK_ZH, KEFU_ASK_ES, KEFU_ASK_OFFLINE, KEFU_ASK_PERSON
//                   the buyer's questions in (a), (b), (c) and (d), for shops whose knowledge
//                   answers other questions (defaults below; (a) must be Chinese, the rest Spanish)
//
// The widget lives in an open shadow root; Playwright's CSS locators pierce it, and every hook
// is a data-testid there: launcher, panel (data-conversation once welcomed), input, send,
// connection (data-state online|offline|connecting), message (data-role buyer|bot|agent|notice,
// data-seq once stored, data-reply-to on answers, data-state pending|sent|streaming), handoff.
//
// Prints progress lines, `widget_gzip_bytes=<n>` (GET /widget.js gzipped at level 9) and
// `time_to_interactive_ms=<n>` (navigation start → the launcher visible and enabled, measured in
// the page with performance.now()). Exits 0 on success; prints `widget.mjs: FAILED: …` and
// exits 1 otherwise.
import { chromium } from 'playwright-core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ASK = {
  zh: process.env.KEFU_ASK_ZH || '你好，你们的退货政策是什么？',
  es: process.env.KEFU_ASK_ES || '¿Cuánto tarda el envío a México?',
  offline: process.env.KEFU_ASK_OFFLINE || '¿Cómo puedo devolver un artículo?',
  person: process.env.KEFU_ASK_PERSON || 'Quiero hablar con una persona',
};
const T = {
  total: 480_000, // the whole run
  launch: 30_000,
  page: 20_000, // navigation, clicks, the widget connecting
  reply: 120_000, // question → answer (the bot's pipeline, maybe a CPU language model)
  offline: 15_000, // the widget noticing the connection is gone or back
};
const SEL = {
  launcher: '[data-testid="launcher"]',
  panel: '[data-testid="panel"]',
  input: '[data-testid="input"]',
  send: '[data-testid="send"]',
  conn: '[data-testid="connection"]',
  buyer: '[data-testid="message"][data-role="buyer"]',
  handoff: '[data-testid="handoff"]',
  answerTo: seq => `[data-reply-to="${seq}"][data-seq]`, // the stored reply or hand-off for a buyer message
};

class Failure extends Error {}
const fail = msg => { throw new Failure(msg); };
let current = 'starting';
const step = name => { current = name; console.log(`== ${name}`); };
const info = msg => console.log(`   ${msg}`);

function config() {
  const env = process.env;
  const missing = ['KEFU_URL', 'KEFU_SHOP_ZH', 'KEFU_SHOP_ES'].filter(n => !env[n]);
  if (missing.length) fail(`missing environment: ${missing.join(', ')}`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  return {
    url: env.KEFU_URL.replace(/\/+$/, ''),
    shopZh: env.KEFU_SHOP_ZH,
    shopEs: env.KEFU_SHOP_ES,
    artifacts: path.resolve(env.KEFU_ARTIFACTS || path.join(here, '..', '..', 'artifacts', 'browser')),
    chromium: env.KEFU_CHROMIUM || '/usr/bin/chromium',
    product: env.KEFU_PRODUCT_SHOP && env.KEFU_PRODUCT_SKU ? {
      shop: env.KEFU_PRODUCT_SHOP,
      sku: env.KEFU_PRODUCT_SKU,
      ask: env.KEFU_ASK_PRODUCT || '¿Es impermeable?',
      fact: env.KEFU_PRODUCT_FACT || '',
    } : null,
  };
}

// Language checks, kept simple on purpose. Chinese: at least one CJK ideograph. Spanish: an
// inverted ¿/¡ or ñ, or at least two different common Spanish words, and no CJK. (Portuguese
// shares some words, so the list avoids the shared ones like "de", "que", "para".)
const isChinese = text => /[\u4e00-\u9fff]/.test(text);
const SPANISH_WORDS = ['el', 'los', 'las', 'del', 'una', 'es', 'y', 'envío', 'envíos', 'días', 'hábiles', 'pedido',
  'puedes', 'tu', 'te', 'tarda', 'hola', 'gracias', 'también', 'pero', 'está', 'están', 'desde', 'hasta', 'entre'];
function isSpanish(text) {
  if (isChinese(text)) return false;
  if (/[¿¡ñÑ]/.test(text)) return true;
  const words = new Set(text.toLowerCase().split(/[^\p{L}]+/u));
  return SPANISH_WORDS.filter(w => words.has(w)).length >= 2;
}

// A fresh browser with its own empty profile, in one locale.
async function launch(cfg, locale, viewport = { width: 1280, height: 800 }) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'kefu-chromium-'));
  info(`chromium, locale ${locale}, ${viewport.width}×${viewport.height}`);
  // launchPersistentContext passes --user-data-dir=<userDataDir> to Chromium (Playwright refuses
  // it in args); `locale` sets navigator.language and Accept-Language.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: cfg.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    locale,
    timeout: T.launch,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(T.page);
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => {
    if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource')) info(`console ${m.type()}: ${m.text()}`);
  });
  const noPageErrors = () => { if (errors.length) fail(`the page threw: ${errors.join('; ')}`); };
  return { context, page, userDataDir, noPageErrors };
}

async function close(b) {
  if (!b) return;
  await b.context.close().catch(() => {});
  await rm(b.userDataDir, { recursive: true, force: true }).catch(() => {});
}

async function openDemo(cfg, page, shop) {
  const url = `${cfg.url}/demo/${encodeURIComponent(shop)}`;
  const nav = await page.goto(url, { timeout: T.page });
  if (!nav || !nav.ok()) fail(`GET ${url} answered ${nav ? nav.status() : 'nothing'}`);
  await page.locator(SEL.launcher).waitFor({ state: 'visible' })
    .catch(() => fail(`no widget launcher on ${url} within ${T.page / 1000} s (is /widget.js served?)`));
}

// Opens the panel (unless it is open already, as after a reload) and waits until it is online.
async function openWidget(page) {
  const launcher = page.locator(SEL.launcher);
  const panel = page.locator(SEL.panel);
  if (!await panel.isVisible()) await launcher.click();
  await panel.waitFor({ state: 'visible' }).catch(() => fail('clicking the launcher did not open the panel'));
  if (await launcher.getAttribute('aria-expanded') !== 'true') fail('the launcher does not say aria-expanded=true while the panel is open');
  if (await panel.getAttribute('role') !== 'dialog' || !await panel.getAttribute('aria-label')) fail('the panel is not a labelled dialog');
  await waitState(page, 'online', T.page, 'the widget did not connect');
}

async function waitState(page, state, timeout, what) {
  await page.locator(`${SEL.conn}[data-state="${state}"]`).waitFor({ state: 'attached', timeout }).catch(async () => {
    const now = await page.locator(SEL.conn).getAttribute('data-state').catch(() => 'missing');
    fail(`${what}: the connection indicator is "${now}", not "${state}", after ${timeout / 1000} s`);
  });
}

// Notes in the page whether a reply was streamed (a bubble with data-state=streaming showed up).
async function watchStreaming(page) {
  await page.evaluate(() => {
    window.__kefuStreamed = false;
    const root = document.querySelector('kefu-widget').shadowRoot;
    const obs = new MutationObserver(() => {
      if (root.querySelector('[data-state="streaming"]')) { window.__kefuStreamed = true; obs.disconnect(); }
    });
    obs.observe(root, { subtree: true, childList: true, attributes: true });
  });
}

// The buyer's bubble with this text, once the server acked it: its seq.
async function ackedSeq(page, text, timeout) {
  const bubble = page.locator(`${SEL.buyer}[data-seq]`).filter({ hasText: text });
  await bubble.first().waitFor({ state: 'attached', timeout })
    .catch(() => fail(`the message "${text}" was not acknowledged by the server within ${timeout / 1000} s`));
  return Number(await bubble.first().getAttribute('data-seq'));
}

// Waits for the stored answer (reply or hand-off) to buyer message `seq`; returns its kind and text.
async function answer(page, seq, what) {
  const el = page.locator(SEL.answerTo(seq));
  await el.first().waitFor({ state: 'visible', timeout: T.reply })
    .catch(() => fail(`${what}: no answer to message seq ${seq} within ${T.reply / 1000} s`));
  const kind = await el.first().getAttribute('data-testid') === 'handoff' ? 'handoff' : 'reply';
  // The reply's own text is the bubble's first span (the sources' titles come after it).
  const text = (await el.first().locator(':scope > span').first().innerText()).trim();
  return { kind, text };
}

async function ask(page, text, what) {
  await watchStreaming(page);
  await page.locator(SEL.input).fill(text);
  await page.locator(SEL.send).click();
  const seq = await ackedSeq(page, text, T.page);
  info(`sent, acked at seq ${seq}`);
  const got = await answer(page, seq, what);
  const streamed = await page.evaluate(() => window.__kefuStreamed);
  info(`${got.kind}${streamed ? ' (streamed first)' : ' (no deltas seen)'}: ${got.text}`);
  return { seq, ...got };
}

async function shot(cfg, page, name) {
  const file = path.join(cfg.artifacts, name);
  await page.screenshot({ path: file });
  info(`screenshot ${file}`);
}

const storedText = (page, text) => page.evaluate(text => Object.keys(localStorage)
  .some(k => k.startsWith('kefu:') && (localStorage.getItem(k) || '').includes(text)), text);

async function run(cfg, browsers) {
  step('widget size');
  const res = await fetch(`${cfg.url}/widget.js`).catch(e => fail(`GET /widget.js: ${e.message}`));
  if (!res.ok) fail(`GET /widget.js answered ${res.status}`);
  const js = Buffer.from(await res.arrayBuffer());
  console.log(`widget_gzip_bytes=${gzipSync(js, { level: 9 }).length}`);
  info(`${js.length} bytes uncompressed`);

  step('(a) Chinese buyer asks about returns');
  const zh = browsers.zh = await launch(cfg, 'zh-CN');
  // Launcher visible and enabled, timed in the page from navigation start.
  await zh.context.addInitScript(() => {
    const tick = () => {
      const host = document.querySelector('kefu-widget');
      const b = host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid="launcher"]');
      if (b && !b.disabled && b.checkVisibility()) window.__kefuLauncherAt = performance.now();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await openDemo(cfg, zh.page, cfg.shopZh);
  const tti = await zh.page.waitForFunction(() => window.__kefuLauncherAt, null, { timeout: T.page }).then(h => h.jsonValue());
  console.log(`time_to_interactive_ms=${Math.round(tti)}`);
  const launcher = zh.page.locator(SEL.launcher);
  if (!await launcher.getAttribute('aria-label')) fail('the launcher has no aria-label');
  if (await launcher.getAttribute('aria-expanded') !== 'false') fail('the closed launcher does not say aria-expanded=false');
  await openWidget(zh.page);
  const placeholder = await zh.page.locator(SEL.input).getAttribute('placeholder');
  if (!isChinese(placeholder || '')) fail(`the widget's UI is not in Chinese for a zh-CN browser (input placeholder: ${placeholder})`);
  if (await zh.page.locator('[data-testid="messages"]').getAttribute('aria-live') !== 'polite') fail('the message list is not aria-live=polite');
  // Escape closes and gives the focus back to the launcher.
  await zh.page.locator(SEL.input).focus();
  await zh.page.keyboard.press('Escape');
  await zh.page.locator(SEL.panel).waitFor({ state: 'hidden' }).catch(() => fail('Escape did not close the panel'));
  const focused = await zh.page.evaluate(() => document.querySelector('kefu-widget').shadowRoot.activeElement?.dataset.testid);
  if (focused !== 'launcher') fail(`after Escape the focus is on ${focused || 'nothing in the widget'}, not the launcher`);
  await openWidget(zh.page);
  const a = await ask(zh.page, ASK.zh, '(a)');
  if (a.kind !== 'reply') fail(`(a) the bot handed off instead of answering: ${a.text}`);
  if (!isChinese(a.text)) fail(`(a) the reply is not in Chinese: ${a.text}`);
  zh.noPageErrors();
  await shot(cfg, zh.page, 'widget-zh.png');
  await close(zh);
  browsers.zh = null;

  step('(b) Spanish buyer asks about shipping');
  const es = browsers.es = await launch(cfg, 'es-ES');
  const page = es.page;
  await openDemo(cfg, page, cfg.shopEs);
  await openWidget(page);
  const b = await ask(page, ASK.es, '(b)');
  if (b.kind !== 'reply') fail(`(b) the bot handed off instead of answering: ${b.text}`);
  if (!isSpanish(b.text)) fail(`(b) the reply does not look Spanish: ${b.text}`);
  es.noPageErrors();
  await shot(cfg, page, 'widget-es.png');

  step('(c) the connection drops while the buyer writes');
  await es.context.setOffline(true);
  await waitState(page, 'offline', T.offline, 'offline');
  info('the widget shows it is offline');
  await page.locator(SEL.input).pressSequentially(ASK.offline, { delay: 15 });
  await page.locator(SEL.input).press('Enter');
  const pending = page.locator(SEL.buyer).filter({ hasText: ASK.offline });
  await pending.first().waitFor({ state: 'visible' }).catch(() => fail('the message typed offline is not shown'));
  await page.waitForTimeout(1500); // nothing may reach the server meanwhile
  if (await pending.first().getAttribute('data-seq')) fail('a message typed offline was acked while offline');
  if (!await storedText(page, ASK.offline)) fail('the message typed offline is not kept in localStorage');
  info('the message is shown as pending and kept in localStorage');
  await shot(cfg, page, 'widget-offline.png');
  await es.context.setOffline(false);
  await waitState(page, 'online', T.offline + 35_000, 'back online'); // at most one 30 s backoff
  info('back online');
  const seqC = await ackedSeq(page, ASK.offline, T.page);
  const c = await answer(page, seqC, '(c)');
  info(`acked at seq ${seqC}; ${c.kind}: ${c.text}`);
  await page.waitForTimeout(1500); // a second copy or a second answer would show by now
  const copies = await page.locator(SEL.buyer).filter({ hasText: ASK.offline }).count();
  if (copies !== 1) fail(`the message typed offline shows ${copies} times, expected once`);
  const answers = await page.locator(`[data-reply-to="${seqC}"]`).count();
  if (answers !== 1) fail(`message seq ${seqC} has ${answers} answers, expected one`);
  const cid = await page.locator(SEL.panel).getAttribute('data-conversation');
  info(`delivered once; conversation ${cid}`);

  step('(c) reload: the conversation is resumed');
  await page.reload({ timeout: T.page });
  await page.locator(SEL.launcher).waitFor({ state: 'visible' });
  await openWidget(page);
  const cid2 = await page.locator(SEL.panel).getAttribute('data-conversation');
  if (cid2 !== cid) fail(`after the reload the conversation is ${cid2}, not ${cid}`);
  for (const text of [ASK.es, ASK.offline]) {
    const n = await page.locator(`${SEL.buyer}[data-seq]`).filter({ hasText: text }).count();
    if (n !== 1) fail(`after the reload the message "${text}" shows ${n} times, expected once`);
  }
  if (await page.locator(SEL.answerTo(seqC)).count() !== 1) fail(`after the reload the answer to seq ${seqC} is missing`);
  info('both questions and their answers are still there');
  es.noPageErrors();

  step('(d) the buyer asks for a person');
  if (c.kind === 'handoff') {
    // A conversation with a person already gets no second hand-off: ask in a new one.
    info('(c) was handed off already: (d) starts a new conversation');
    await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('kefu:')) localStorage.removeItem(k); });
    await page.reload({ timeout: T.page });
    await openWidget(page);
  }
  const before = await page.locator(SEL.handoff).count();
  const d = await ask(page, ASK.person, '(d)');
  if (d.kind !== 'handoff') fail(`(d) expected a hand-off, got a reply: ${d.text}`);
  const notice = page.locator(SEL.handoff).nth(before);
  const noticeText = (await notice.innerText()).trim();
  if (!/\d/.test(noticeText)) fail(`(d) the hand-off notice does not say how long to wait: ${noticeText}`);
  info(`hand-off notice: ${noticeText.replace(/\s+/g, ' ')}`);
  es.noPageErrors();
  await shot(cfg, page, 'widget-handoff.png');
  await close(es);
  browsers.es = null;

  step('(e) Arabic buyer on a 360×640 screen');
  const ar = browsers.ar = await launch(cfg, 'ar', { width: 360, height: 640 });
  await openDemo(cfg, ar.page, cfg.shopEs);
  const lbox = await ar.page.locator(SEL.launcher).boundingBox();
  if (!lbox || lbox.x > 180) fail(`in a right-to-left UI the launcher should sit on the left, it is at x=${lbox && lbox.x}`);
  await openWidget(ar.page);
  const dir = await ar.page.locator(SEL.panel).evaluate(el => getComputedStyle(el).direction);
  if (dir !== 'rtl') fail(`the Arabic UI is not right to left (direction: ${dir})`);
  const pbox = await ar.page.locator(SEL.panel).boundingBox();
  if (!pbox || pbox.x > 1 || pbox.y > 1 || pbox.width < 359 || pbox.height < 639) fail(`on a 360×640 screen the panel should fill it, it is ${JSON.stringify(pbox)}`);
  info('right to left, full screen');
  ar.noPageErrors();
  await shot(cfg, ar.page, 'widget-ar-360.png');
  await close(ar);
  browsers.ar = null;

  if (cfg.product) {
    step('(f) a Spanish buyer on a product page (schema.org JSON-LD) asks about that product');
    const pr = browsers.pr = await launch(cfg, 'es-ES');
    const url = `${cfg.url}/demo/${encodeURIComponent(cfg.product.shop)}/products/${encodeURIComponent(cfg.product.sku)}`;
    const nav = await pr.page.goto(url, { timeout: T.page });
    if (!nav || !nav.ok()) fail(`GET ${url} answered ${nav ? nav.status() : 'nothing'}`);
    const ld = await pr.page.locator('script[type="application/ld+json"]').first().textContent();
    if (!ld.includes(cfg.product.sku)) fail(`the product page carries no JSON-LD with its SKU: ${ld}`);
    await openWidget(pr.page);
    const got = await ask(pr.page, cfg.product.ask, '(f)');
    if (got.kind !== 'reply') fail(`(f) expected an answer, got a ${got.kind}: ${got.text}`);
    if (!got.text.includes(cfg.product.fact)) fail(`(f) the answer does not give the product's value "${cfg.product.fact}": ${got.text}`);
    if (!isSpanish(got.text)) fail(`(f) the answer is not in Spanish: ${got.text}`);
    pr.noPageErrors();
    await shot(cfg, pr.page, 'widget-product-page.png');
    await close(pr);
    browsers.pr = null;
  }
}

async function main() {
  let cfg;
  const browsers = {};
  let code = 1;
  const cleanup = () => Promise.all(Object.values(browsers).map(close));
  const watchdog = setTimeout(() => {
    console.error(`widget.mjs: FAILED: the run took over ${T.total / 1000} s (at step: ${current})`);
    cleanup().finally(() => process.exit(1));
  }, T.total);
  try {
    cfg = config();
    await mkdir(cfg.artifacts, { recursive: true });
    info(`browser ${cfg.chromium}`);
    await run(cfg, browsers);
    console.log('widget.mjs: OK');
    code = 0;
  } catch (e) {
    console.error(`widget.mjs: FAILED at step "${current}": ${e instanceof Error ? e.message : e}`);
    if (cfg) {
      for (const [name, b] of Object.entries(browsers)) {
        if (!b) continue;
        const file = path.join(cfg.artifacts, `failure-widget-${name}.png`);
        await b.page.screenshot({ path: file, timeout: 5000 }).then(() => console.error(`   screenshot ${file}`), () => {});
      }
    }
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
  process.exit(code);
}

main();
