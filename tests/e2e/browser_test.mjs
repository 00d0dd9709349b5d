// End-to-end test of the search page in headless Chromium: index, serve, then use it as a person.
//
// node browser_test.mjs BIN_DIR SOURCE_DIR OUT_DIR [CHROMIUM] [CHROMEDRIVER]
// Indexes SOURCE_DIR/corpus and the web fixtures, starts BIN_DIR/heritage-server on a free
// loopback port, drives the page over WebDriver and saves screenshots of the main states in
// OUT_DIR. Exits non-zero when any step fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Key, Session, startChromedriver } from './webdriver.mjs';

const [binDir, sourceDir, outDir, chromium = '/usr/bin/chromium', chromedriver = '/usr/bin/chromedriver'] =
  process.argv.slice(2);
if (!binDir || !sourceDir || !outDir) {
  console.error('usage: node browser_test.mjs BIN_DIR SOURCE_DIR OUT_DIR [CHROMIUM] [CHROMEDRIVER]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'heritage-e2e-'));
const children = [];
let session = null;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

class Skip extends Error {}

async function startServer() {
  const db = join(work, 'index');
  const index = spawnSync(join(binDir, 'heritage-index'),
    ['--db', db, join(sourceDir, 'corpus'), join(sourceDir, 'tests/fixtures/web')], { encoding: 'utf8' });
  check(index.status === 0, `heritage-index failed: ${index.stderr}`);
  const port = await freePort();
  const server = spawn(join(binDir, 'heritage-server'),
    ['--db', db, '--host', '127.0.0.1', '--port', String(port), '--web-root', join(sourceDir, 'web/public'), '--quiet'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(server);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    check(server.exitCode === null, `heritage-server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return base;
    } catch (e) {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error('heritage-server did not answer /api/health within 15 s');
}

async function shot(name) {
  writeFileSync(join(outDir, `${name}.png`), await session.screenshot());
}

// ---- Page helpers ----

const resultsShown = (q) => session.waitFor(
  `const u = new URLSearchParams(location.search);
   return u.get('q') === arguments[0] && !document.getElementById('search-view').hidden &&
     document.getElementById('results').getAttribute('aria-busy') !== 'true' &&
     document.querySelectorAll('#results .result').length > 0 && location.search`,
  `results for "${q}"`, 15000, q);

const state = () => session.exec(`
  const u = new URLSearchParams(location.search);
  return {
    params: Object.fromEntries(u),
    box: document.getElementById('q').value,
    status: document.getElementById('status').textContent,
    results: [...document.querySelectorAll('#results .result')].map((r) => ({
      title: r.querySelector('.result-link').textContent,
      href: r.querySelector('.result-link').getAttribute('href'),
      source: (r.querySelector('.source') || {}).textContent || '',
      sourceHref: (r.querySelector('a.source') || { getAttribute: () => null }).getAttribute('href'),
      lang: (r.querySelector('.lang') || {}).textContent || '',
      marks: [...r.querySelectorAll('.snippet mark')].map((m) => m.textContent),
      snippetHtml: r.querySelector('.snippet').innerHTML,
    })),
    chips: [...document.querySelectorAll('#active-filters .chip')].map((c) => c.textContent),
    active: document.activeElement && (document.activeElement.id || document.activeElement.className),
  };`);

async function searchFor(base, q) {
  await session.goto(`${base}/`);
  await session.waitFor('return document.activeElement && document.activeElement.id === "q"', 'focus in the box');
  await session.type('#q', q);
  await resultsShown(q);
}

// ---- The steps ----

const steps = {
  async home(base) {
    await session.goto(`${base}/`);
    const stats = await session.waitFor('return document.getElementById("home-stats").textContent', 'index statistics');
    check(/\d+ documents, \d+ passages/.test(stats), `home page statistics: "${stats}"`);
    check(/English/.test(stats) && /Bokmål/.test(stats), `languages in the statistics: "${stats}"`);
    const landmarks = await session.exec(`return {
      banner: !!document.querySelector('header.top'), main: !!document.querySelector('main'),
      search: !!document.querySelector('form[role=search]'),
      label: document.querySelector('label[for=q]').textContent,
      lang: document.documentElement.lang }`);
    check(landmarks.banner && landmarks.main && landmarks.search, 'header, main and search landmarks');
    check(landmarks.label.length > 0, 'the search box has a label');
    check(landmarks.lang === 'en', `interface language from the browser (en): ${landmarks.lang}`);
    await shot('01-home');
  },

  async typeAndHighlight(base) {
    await searchFor(base, 'copper');
    const s = await state();
    check(s.results.length > 0, 'results for copper');
    check(/passages? in [\d.]+ ms/.test(s.status), `result count and time: "${s.status}"`);
    for (const r of s.results) {
      // Norwegian passages match through the thesaurus ("copper" is "kobber"), some only by
      // their title ("Røros Kobberverk").
      check(r.marks.length > 0 || /kobber/i.test(r.title),
        `highlighted match in "${r.title}": ${r.snippetHtml}`);
      check(r.marks.every((m) => /copper|kobber/i.test(m)), `marks are the query word: ${r.marks}`);
      check(!/<(?!\/?mark>)/.test(r.snippetHtml), `only <mark> markup in a snippet: ${r.snippetHtml}`);
    }
    const wiki = s.results.find((r) => r.source === 'Wikipedia');
    if (wiki) check(wiki.sourceHref && wiki.sourceHref.startsWith('https://'), 'a source with a url is a link');
    check(s.results.every((r) => ['English', 'Bokmål', 'Nynorsk'].includes(r.lang)),
      'language shown on each result');
    await session.keys(Key.Escape);
    await shot('02-results');
  },

  async suggestions(base) {
    await session.goto(`${base}/`);
    await session.waitFor('return document.activeElement.id === "q"', 'focus in the box');
    await session.type('#q', 'smelt');
    await session.waitFor(`const l = document.getElementById('suggestions');
      return !l.hidden && [...l.querySelectorAll('[role=option]')].some((o) => o.textContent.includes('smeltehytta'))`,
    'a completion from the index');
    await shot('03-suggestions');
    const expanded = await session.exec('return document.getElementById("q").getAttribute("aria-expanded")');
    check(expanded === 'true', 'the combobox says it is expanded');
    // Move to the completion "smeltehytta" and take it with Enter.
    const index = await session.exec(`return [...document.querySelectorAll('#suggestions [role=option]')]
      .findIndex((o) => o.dataset.query === 'smeltehytta')`);
    check(index >= 0, 'smeltehytta is offered as a completion');
    for (let i = 0; i <= index; i++) await session.keys(Key.ArrowDown);
    await session.keys(Key.Enter);
    await resultsShown('smeltehytta');
  },

  async keyboard(base) {
    await session.goto(`${base}/?q=r%C3%B8ros`);
    await resultsShown('røros');
    await session.exec('document.activeElement.blur(); document.body.focus()');
    await session.keys('/');
    check((await state()).active === 'q', '"/" focuses the search box');
    await session.keys(Key.Escape, Key.ArrowDown);
    let s = await state();
    check(s.active === 'hit-1', `ArrowDown from the box goes to the first result, not ${s.active}`);
    await session.keys(Key.ArrowDown, Key.ArrowDown);
    check((await state()).active === 'hit-3', 'ArrowDown moves through results');
    await session.keys(Key.ArrowUp);
    check((await state()).active === 'hit-2', 'ArrowUp moves back');
    await session.keys(Key.Enter);
    await session.waitFor('return !document.getElementById("doc-view").hidden && document.querySelector(".passage.marked")',
      'Enter on a result opens its document');
  },

  async facet(base) {
    await searchFor(base, 'Røros');
    let s = await state();
    const sources = new Set(s.results.map((r) => r.source));
    check(sources.size > 1, `several sources before filtering: ${[...sources]}`);
    await session.click('a.facet-value[data-facet="source"][data-value="Visit Norway"]');
    await session.waitFor('return new URLSearchParams(location.search).get("source") === "Visit Norway" && document.querySelector("#active-filters .chip")', 'the source filter');
    await resultsShown('Røros');
    s = await state();
    check(s.results.length > 0 && s.results.every((r) => r.source === 'Visit Norway'), 'only Visit Norway results');
    check(s.chips.some((c) => c.includes('Visit Norway')), `the active filter is shown: ${s.chips}`);
    const count = await session.exec(`return document.querySelector('a.facet-value[data-facet="source"][aria-current="true"] .count').textContent`);
    check(Number(count) === Number(s.status.match(/\d+/)[0]), `facet count ${count} matches "${s.status}"`);
    await shot('04-facet');
    await session.click('#active-filters .chip');
    await session.waitFor('return !new URLSearchParams(location.search).has("source")', 'the filter removed');
    await resultsShown('Røros');
    // Language facet: Norwegian texts only.
    await session.click('a.facet-value[data-facet="lang"][data-value="nb"]');
    await session.waitFor('return new URLSearchParams(location.search).get("lang") === "nb"', 'the language filter');
    await resultsShown('Røros');
    s = await state();
    check(s.results.every((r) => r.lang === 'Bokmål'), 'only Bokmål results');
  },

  async pagination(base) {
    await session.goto(`${base}/?q=r%C3%B8ros`);
    await resultsShown('røros');
    const first = await state();
    check(first.results.length === 10, `a full first page: ${first.results.length}`);
    await session.click('#pager a[rel=next]');
    await session.waitFor('return new URLSearchParams(location.search).get("page") === "2"', 'page 2 in the URL');
    await resultsShown('røros');
    const second = await state();
    check(second.results.length > 0, 'results on page 2');
    check(second.results.every((r) => !first.results.some((f) => f.href === r.href)), 'page 2 shows other passages');
    const current = await session.exec('return document.querySelector("#pager [aria-current=page]").textContent');
    check(current.endsWith('2'), `page 2 is current: ${current}`);
    await shot('05-page-2');
    await session.back();
    await session.waitFor('return !new URLSearchParams(location.search).has("page")', 'Back returns to page 1');
    await resultsShown('røros');
    const again = await state();
    check(again.results[0].href === first.results[0].href, 'Back shows page 1 again');
    await session.forward();
    await session.waitFor('return new URLSearchParams(location.search).get("page") === "2"', 'Forward returns to page 2');
  },

  async years(base) {
    await session.goto(`${base}/?q=r%C3%B8ros`);
    await resultsShown('røros');
    await session.waitFor('return !document.getElementById("years").hidden', 'the year range (texts carry years)');
    await session.type('#year-from', '1650');
    await session.type('#year-to', '1900');
    await session.click('#years button[type=submit]');
    await session.waitFor('const u = new URLSearchParams(location.search); return u.get("year_from") === "1650" && u.get("year_to") === "1900"', 'years in the URL');
    await resultsShown('røros');
    const s = await state();
    const docs = new Set(s.results.map((r) => new URLSearchParams(r.href.slice(r.href.indexOf('?'))).get('read')));
    check([...docs].every((d) => d === 'web/roros-war-1679' || d === 'web/falkberget'),
      `only texts dated 1650–1900: ${[...docs]}`);
    check(s.chips.some((c) => c.includes('1650') && c.includes('1900')), `the year filter is shown: ${s.chips}`);
    await shot('06-years');
  },

  async openDocument(base) {
    await searchFor(base, 'copper');
    const before = await session.url();
    const hit = (await state()).results[0];
    await session.click('#results .result-link');
    await session.waitFor('return !document.getElementById("doc-view").hidden && document.querySelector(".passage.marked")', 'the document with its passage marked');
    const doc = await session.exec(`return {
      title: document.getElementById('doc-title').textContent,
      marked: document.querySelector('.passage.marked').textContent,
      passages: document.querySelectorAll('.passage').length,
      visible: (() => { const r = document.querySelector('.passage.marked').getBoundingClientRect();
                        return r.top >= 0 && r.top < innerHeight; })() }`);
    check(doc.title === hit.title, `document title "${doc.title}" is the result's "${hit.title}"`);
    check(/copper/i.test(doc.marked), `the marked passage holds the match: ${doc.marked.slice(0, 80)}`);
    check(doc.visible, 'the marked passage is scrolled into view');
    await shot('07-document');
    await session.click('#doc-back');
    await session.waitFor('return !document.getElementById("search-view").hidden', 'back to the results');
    check((await session.url()) === before, 'Back to results restores the search URL');
  },

  async answerCard(base) {
    const question = 'When was Bergstadens Ziir built?';
    const status = await session.exec(`return fetch('/api/ask?q=' + encodeURIComponent(arguments[0])).then((r) => r.status)`, question);
    if (status === 404) throw new Skip('/api/ask answers 404 on this server: the answer card check is skipped');
    check(status === 200, `/api/ask answered ${status}`);
    const answer = await session.exec(`return fetch('/api/ask?q=' + encodeURIComponent(arguments[0])).then((r) => r.json()).then((j) => j.answer)`, question);
    check(answer, `/api/ask finds an answer to "${question}"`);
    await searchFor(base, question);
    await session.waitFor('return !document.getElementById("answer").hidden', 'the answer card');
    const card = await session.exec(`return {
      text: document.getElementById('answer-text').textContent,
      source: document.querySelector('#answer-source a').textContent,
      above: document.getElementById('answer').compareDocumentPosition(document.getElementById('results')) & Node.DOCUMENT_POSITION_FOLLOWING }`);
    check(card.text === answer.text, `the card shows the answer "${answer.text}": "${card.text}"`);
    check(card.source === (answer.title || answer.doc_id), 'the card says where the answer comes from');
    check(card.above, 'the card is above the results');
    await shot('08-answer');
    // A passage cut inside a sentence ends with an ellipsis on the page, not in the API.
    const cutQuestion = 'Who was director of Røros Copperworks?';
    const cut = await session.exec(`return fetch('/api/ask?q=' + encodeURIComponent(arguments[0])).then((r) => r.json()).then((j) => j.answer)`, cutQuestion);
    check(cut && !cut.passage.endsWith('…'), `/api/ask gives "${cutQuestion}" a passage as the text has it`);
    await searchFor(base, cutQuestion);
    await session.waitFor(`return document.getElementById("answer-text").textContent === arguments[0]`, 'the second answer', 15000, cut.text);
    const shown = await session.exec('return document.getElementById("answer-passage").textContent');
    check(shown === `${cut.passage} …`, `the page shows the cut passage with an ellipsis: "${shown}"`);
  },

  async didYouMean(base) {
    const q = 'coper';
    const dym = await session.exec(`return fetch('/api/search?q=' + arguments[0]).then((r) => r.json()).then((j) => j.did_you_mean)`, q);
    await session.goto(`${base}/?q=${q}`);
    await session.waitFor('return document.getElementById("status").textContent && document.getElementById("status").textContent !== "Searching…"', 'the search');
    const shown = await session.exec('const p = document.getElementById("did-you-mean"); return p.hidden ? null : p.querySelector("a").textContent');
    check(shown === dym, `"did you mean" on the page (${shown}) is the API's (${dym})`);
    return dym === null ? 'the API offers no "did you mean" for "coper": its absence on the page was checked' : '';
  },

  async sharedUrl(base) {
    // A link someone shared: a query, a filter and a page, opened in a fresh tab.
    await session.goto(`${base}/?q=r%C3%B8ros&source=Visit+Norway&page=1`);
    await resultsShown('røros');
    const s = await state();
    check(s.box === 'røros', `the box shows the shared query: "${s.box}"`);
    check(s.chips.some((c) => c.includes('Visit Norway')), 'the shared filter is active');
    check(s.results.every((r) => r.source === 'Visit Norway'), 'the shared filter applies');
    const title = await session.exec('return document.title');
    check(title.startsWith('røros'), `the tab title names the query: ${title}`);
    // A shared document link with a span marked, as the answer card links to it (offsets in
    // code points of the document's text).
    const doc = await (await fetch(`${base}/api/doc/roros%2Fbergstadens-ziir`)).json();
    const start = Array.from(doc.text.slice(0, doc.text.indexOf('1784'))).length;
    await session.goto(`${base}/?read=roros%2Fbergstadens-ziir&mark=${start}-${start + 4}`);
    await session.waitFor('return document.querySelector("#doc-body mark")', 'a marked span in a shared document link');
    const marked = await session.exec('return document.querySelector("#doc-body mark").textContent');
    check(marked === '1784', `the span ${start}-${start + 4} is "1784": "${marked}"`);
  },

  async norwegian(base) {
    // A browser that prefers Norwegian gets the Norwegian interface.
    const userAgent = await session.exec('return navigator.userAgent');
    const acceptLanguage = (value) => session.cmd('POST', '/goog/cdp/execute',
      { cmd: 'Network.setUserAgentOverride', params: { userAgent, acceptLanguage: value } });
    await acceptLanguage('nb-NO,nb;q=0.9,en;q=0.5');
    try {
      await session.goto(`${base}/?q=kobberverket`);
      await resultsShown('kobberverket');
      const t = await session.exec(`return { lang: document.documentElement.lang,
        button: document.querySelector('.search-button span').textContent,
        status: document.getElementById('status').textContent,
        label: document.querySelector('label[for=q]').textContent,
        toggle: document.getElementById('ui-lang').textContent }`);
      check(t.lang === 'nb' && t.button === 'Søk' && t.label === 'Søk i tekstene', `Norwegian interface: ${JSON.stringify(t)}`);
      check(/avsnitt på/.test(t.status), `Norwegian result count: ${t.status}`);
      check(t.toggle === 'English', 'the toggle offers English');
      await shot('09-norwegian');
      // The toggle switches in place, and the choice outlasts a reload.
      await session.click('#ui-lang');
      const now = await session.exec('return [document.documentElement.lang, document.getElementById("status").textContent]');
      check(now[0] === 'en' && /passages? in/.test(now[1]), `switched to English: ${now}`);
      await session.goto(`${base}/`);
      check(await session.exec('return document.documentElement.lang') === 'en', 'the chosen language is remembered');
    } finally {
      await session.exec('localStorage.clear()');
      await acceptLanguage('en-US,en');
    }
  },

  async phone(base) {
    await session.setWindowSize(390, 844);
    try {
      await session.goto(`${base}/?q=When+was+Bergstadens+Ziir+built%3F`);
      await resultsShown('When was Bergstadens Ziir built?');
      await sleep(300);
      const fits = await session.exec('return document.documentElement.scrollWidth <= window.innerWidth');
      check(fits, 'no sideways scrolling on a phone');
      const named = await session.exec(`return [...document.querySelectorAll('button, a[href], input')]
        .filter((e) => e.offsetParent !== null)
        .every((e) => (e.labels && e.labels.length) || e.getAttribute('aria-label') ||
          [...e.querySelectorAll('span')].some((s) => getComputedStyle(s).display !== 'none' && s.textContent.trim()) ||
          (e.children.length === 0 && e.textContent.trim()))`);
      check(named, 'every visible control has a name, the icon-only search button too');
      await shot('10-phone');
      await session.goto(`${base}/?read=roros%2Fabout-roros&passage=1&q=copper`);
      await session.waitFor('return document.querySelector(".passage.marked")', 'the document on a phone');
      check(await session.exec('return document.documentElement.scrollWidth <= window.innerWidth'), 'the document fits a phone');
      await shot('11-phone-document');
    } finally {
      await session.setWindowSize(1280, 900);
    }
  },
};

async function main() {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.startsWith('failed-')) rmSync(join(outDir, f));
  const base = await startServer();
  const driverPort = await freePort();
  children.push(await startChromedriver(chromedriver, driverPort));
  session = await Session.create(driverPort, chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
    '--disable-dev-shm-usage', '--lang=en-US', '--window-size=1280,900',
    `--user-data-dir=${join(work, 'profile')}`,
  ]);
  await session.setWindowSize(1280, 900);

  let failed = 0;
  for (const [name, step] of Object.entries(steps)) {
    const t0 = Date.now();
    try {
      const note = await step(base);
      console.log(`PASS ${name} (${Date.now() - t0} ms)${note ? `: ${note}` : ''}`);
    } catch (e) {
      if (e instanceof Skip) {
        console.log(`SKIP ${name}: ${e.message}`);
        continue;
      }
      failed++;
      console.log(`FAIL ${name}: ${e.message}`);
      try {
        await shot(`failed-${name}`);
        console.log(`     page: ${JSON.stringify(await state())}`);
      } catch (e2) {
        // the browser itself is gone
      }
    }
  }
  console.log(`${Object.keys(steps).length - failed} of ${Object.keys(steps).length} steps passed; screenshots in ${outDir}`);
  return failed ? 1 : 0;
}

async function cleanup() {
  try {
    if (session) await session.close();
  } catch (e) {
    // already closed
  }
  for (const c of children) if (c.exitCode === null) c.kill();
  rmSync(work, { recursive: true, force: true });
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`error: ${e.message}`);
} finally {
  await cleanup();
}
process.exit(code);
