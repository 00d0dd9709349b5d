// The search page's behaviour: URL state, API calls, rendering, keyboard use and interface text.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const SEARCH_DELAY_MS = 220;   // typing pause before a search
  const SUGGEST_DELAY_MS = 90;   // typing pause before completions
  const FILTERS = ['lang', 'source', 'doc'];

  // ---- Interface text ------------------------------------------------------------------------

  const TEXT = {
    en: {
      appName: 'Heritage search',
      tagline: 'Search Norwegian and English cultural-heritage texts',
      intro: 'Type words, a "phrase", or a question. Every search is a link you can cite and share.',
      skip: 'Skip to results',
      searchLabel: 'Search the texts',
      placeholder: 'Search, or ask a question…',
      searchButton: 'Search',
      suggestions: 'Suggestions',
      activeFilters: 'Active filters',
      resultsHeading: 'Results',
      refine: 'Refine',
      facet_source: 'Source',
      facet_lang: 'Language',
      facet_doc: 'Document',
      years: 'Years',
      yearFrom: 'From',
      yearTo: 'To',
      apply: 'Apply',
      clear: 'Clear',
      pages: 'Pages',
      previous: 'Previous',
      next: 'Next',
      page: (n) => `Page ${n}`,
      answer: 'Answer',
      from: 'From',
      confidence: (p) => `confidence ${p} %`,
      backToResults: 'Back to results',
      backToSearch: 'New search',
      keysHint: 'Press / to search, ↑ and ↓ to move through results, Enter to open.',
      api: 'JSON API',
      tipsHeading: 'Ways to search',
      tips: [
        ['copper mining', 'passages with these words, the best first'],
        ['"mining town"', 'the exact phrase'],
        ['+church -chapel', 'must have, must not have'],
        ['title:Røros', 'in titles only'],
        ['When was Bergstadens Ziir built?', 'a question: a direct answer where the texts hold one'],
      ],
      searching: 'Searching…',
      results: (n) => (n === 1 ? '1 passage' : `${num(n)} passages`),
      took: (ms) => `in ${ms} ms`,
      noResults: (q) => `No passage matches “${q}”.`,
      didYouMean: 'Did you mean',
      removeFilter: (what) => `Remove filter: ${what}`,
      years_range: (a, b) => `Years ${a}–${b}`,
      document: 'Document',
      stats: (d, p) => `${d} documents, ${p} passages`,
      indexed: (ago) => `indexed ${ago}`,
      meta_id: 'Id',
      meta_source: 'Source',
      meta_lang: 'Language',
      meta_date: 'Date',
      meta_link: 'Link',
      markedPassage: 'the passage you found',
      notFound: 'There is no such document.',
      failed: 'The search failed:',
      switchTo: 'Norsk',
      switchToLabel: 'Bytt til norsk',
      langName: { en: 'English', nb: 'Bokmål', nn: 'Nynorsk' },
      locale: 'en-GB',
    },
    nb: {
      appName: 'Kulturarvsøk',
      tagline: 'Søk i norske og engelske kulturarvtekster',
      intro: 'Skriv ord, en «frase» eller et spørsmål. Hvert søk er en lenke du kan sitere og dele.',
      skip: 'Hopp til resultatene',
      searchLabel: 'Søk i tekstene',
      placeholder: 'Søk, eller still et spørsmål …',
      searchButton: 'Søk',
      suggestions: 'Forslag',
      activeFilters: 'Aktive filtre',
      resultsHeading: 'Resultater',
      refine: 'Avgrens',
      facet_source: 'Kilde',
      facet_lang: 'Språk',
      facet_doc: 'Dokument',
      years: 'År',
      yearFrom: 'Fra',
      yearTo: 'Til',
      apply: 'Bruk',
      clear: 'Nullstill',
      pages: 'Sider',
      previous: 'Forrige',
      next: 'Neste',
      page: (n) => `Side ${n}`,
      answer: 'Svar',
      from: 'Fra',
      confidence: (p) => `sikkerhet ${p} %`,
      backToResults: 'Tilbake til resultatene',
      backToSearch: 'Nytt søk',
      keysHint: 'Trykk / for å søke, ↑ og ↓ for å gå gjennom treffene, Enter for å åpne.',
      api: 'JSON-API',
      tipsHeading: 'Måter å søke på',
      tips: [
        ['kobber gruve', 'avsnitt med disse ordene, de beste først'],
        ['"mining town"', 'nøyaktig denne frasen'],
        ['+church -chapel', 'må ha, må ikke ha'],
        ['title:Røros', 'bare i titler'],
        ['Når ble Bergstadens Ziir bygget?', 'et spørsmål: et direkte svar der tekstene har et'],
      ],
      searching: 'Søker …',
      results: (n) => (n === 1 ? '1 avsnitt' : `${num(n)} avsnitt`),
      took: (ms) => `på ${ms} ms`,
      noResults: (q) => `Ingen avsnitt passer til «${q}».`,
      didYouMean: 'Mente du',
      removeFilter: (what) => `Fjern filteret: ${what}`,
      years_range: (a, b) => `År ${a}–${b}`,
      document: 'Dokument',
      stats: (d, p) => `${d} dokumenter, ${p} avsnitt`,
      indexed: (ago) => `indeksert ${ago}`,
      meta_id: 'Id',
      meta_source: 'Kilde',
      meta_lang: 'Språk',
      meta_date: 'Dato',
      meta_link: 'Lenke',
      markedPassage: 'avsnittet du fant',
      notFound: 'Dokumentet finnes ikke.',
      failed: 'Søket mislyktes:',
      switchTo: 'English',
      switchToLabel: 'Switch to English',
      langName: { en: 'engelsk', nb: 'bokmål', nn: 'nynorsk' },
      locale: 'nb-NO',
    },
  };

  function initialUiLang() {
    try {
      const saved = localStorage.getItem('heritage-ui-lang');
      if (saved && TEXT[saved]) return saved;
    } catch (e) { /* storage may be disabled */ }
    const prefs = navigator.languages || [navigator.language || 'en'];
    for (const l of prefs) {
      const code = String(l).toLowerCase().slice(0, 2);
      if (code === 'nb' || code === 'nn' || code === 'no') return 'nb';
      if (code === 'en') return 'en';
    }
    return 'en';
  }

  let ui = initialUiLang();
  const t = (key, ...args) => {
    const v = TEXT[ui][key];
    return typeof v === 'function' ? v(...args) : v;
  };
  const num = (n) => new Intl.NumberFormat(t('locale')).format(n);
  const langName = (code) => TEXT[ui].langName[code] || code;

  // ---- Small DOM helpers ---------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  // el('a', {href: '…', class: 'x'}, 'text', childNode, …): builds elements without innerHTML.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  // The API's snippets are HTML-escaped text with <mark>…</mark>. Rebuild them as text nodes and
  // <mark> elements, so nothing else in them can ever become markup.
  function snippetNodes(snippet) {
    const unescape = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m, e) =>
      ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]);
    const nodes = [];
    let marked = false;
    for (const part of String(snippet).split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') marked = true;
      else if (part === '</mark>') marked = false;
      else if (part) nodes.push(marked ? el('mark', null, unescape(part)) : document.createTextNode(unescape(part)));
    }
    return nodes;
  }

  // Text with the first occurrence of `needle` wrapped in <mark>.
  function markFirst(text, needle) {
    const i = needle ? text.indexOf(needle) : -1;
    if (i < 0) return [text];
    return [text.slice(0, i), el('mark', null, needle), text.slice(i + needle.length)];
  }

  // ---- URL state -------------------------------------------------------------------------------
  // /?q=…&page=…&lang=…&source=…&doc=…&year_from=…&year_to=…   a search
  // /?read=ID&passage=N (or &mark=START-END) [&q=…]            a whole document, one part marked

  function readState() {
    const p = new URLSearchParams(location.search);
    const page = parseInt(p.get('page') || '1', 10);
    const s = {
      q: p.get('q') || '',
      page: Number.isFinite(page) && page > 0 ? page : 1,
      read: p.get('read') || '',
      passage: p.get('passage'),
      mark: p.get('mark'),
      year_from: p.get('year_from') || '',
      year_to: p.get('year_to') || '',
    };
    for (const f of FILTERS) s[f] = p.get(f) || '';
    return s;
  }

  function stateUrl(s) {
    const p = new URLSearchParams();
    if (s.read) {
      p.set('read', s.read);
      if (s.passage !== null && s.passage !== undefined && s.passage !== '') p.set('passage', s.passage);
      if (s.mark) p.set('mark', s.mark);
    }
    if (s.q) p.set('q', s.q);
    if (!s.read) {
      if (s.page > 1) p.set('page', s.page);
      for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
      if (s.year_from) p.set('year_from', s.year_from);
      if (s.year_to) p.set('year_to', s.year_to);
    }
    const qs = p.toString();
    return qs ? `./?${qs}` : './';
  }

  // Typing replaces the history entry it started, so Back goes to the previous search, not to
  // each keystroke; everything else (Enter, a facet, a page, a document) adds an entry.
  function go(s, { typing = false } = {}) {
    const url = stateUrl(s);
    const here = location.pathname + location.search;
    const target = new URL(url, location.href);
    if (!typing) closeSuggestions();
    if (target.pathname + target.search === here && !typing) {
      render();
      return;
    }
    if (typing && history.state && history.state.typing) history.replaceState({ typing: true }, '', url);
    else history.pushState({ typing }, '', url);
    render();
  }

  // A new search for q on page 1, keeping the filters of the search shown.
  function searchState(q) {
    const cur = readState();
    const s = { q, page: 1, read: '', year_from: cur.year_from, year_to: cur.year_to };
    for (const f of FILTERS) s[f] = cur.read ? '' : cur[f];
    return s;
  }

  // ---- API -------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  const inflight = {};
  // Fetches JSON; a newer call of the same kind aborts the older one.
  async function api(kind, path, params) {
    if (inflight[kind]) inflight[kind].abort();
    const ctl = new AbortController();
    inflight[kind] = ctl;
    const qs = params ? `?${new URLSearchParams(params)}` : '';
    try {
      // Relative, so the page also works behind a proxy that serves it under a sub-path.
      const res = await fetch(`api/${path}${qs}`, { signal: ctl.signal, headers: { Accept: 'application/json' } });
      let body = null;
      try { body = await res.json(); } catch (e) { /* not JSON */ }
      if (!res.ok) throw new ApiError(res.status, (body && body.error && body.error.message) || res.statusText);
      return body;
    } finally {
      if (inflight[kind] === ctl) delete inflight[kind];
    }
  }
  const aborted = (e) => e && e.name === 'AbortError';

  // ---- Rendering: home, search, document ---------------------------------------------------------

  let stats = null;
  let lastSearch = null;   // the last response shown, to re-render on a language switch
  let lastAnswer = null;

  function show(view) {
    $('home').hidden = view !== 'home';
    $('search-view').hidden = view !== 'search';
    $('doc-view').hidden = view !== 'doc';
    $('filters').hidden = view !== 'search';
    $('error').hidden = true;
  }

  function showError(message) {
    $('error').textContent = `${t('failed')} ${message}`;
    $('error').hidden = false;
  }

  async function render() {
    const s = readState();
    const box = $('q');
    if (document.activeElement !== box || box.value.trim() !== s.q.trim()) box.value = s.q;
    if (s.read) return renderDocument(s);
    if (!s.q.trim()) {
      document.title = t('appName');
      show('home');
      renderStats();
      renderTips();
      return;
    }
    document.title = `${s.q} – ${t('appName')}`;
    show('search');
    renderFiltersChips(s);
    syncYearInputs(s);
    await Promise.all([runSearch(s), runAsk(s)]);
  }

  async function runSearch(s) {
    const params = { q: s.q, limit: PAGE_SIZE, offset: (s.page - 1) * PAGE_SIZE };
    for (const f of FILTERS) if (s[f]) params[f] = s[f];
    if (s.year_from) params.year_from = s.year_from;
    if (s.year_to) params.year_to = s.year_to;
    $('results').setAttribute('aria-busy', 'true');
    // The count of the previous search stays until the new one arrives, so screen readers do
    // not hear "Searching…" at every pause in typing.
    if (!$('results').children.length) $('status').textContent = t('searching');
    try {
      const r = await api('search', 'search', params);
      lastSearch = { state: s, response: r };
      renderResults(s, r);
    } catch (e) {
      if (aborted(e)) return;
      lastSearch = null;
      $('results').replaceChildren();
      $('pager').hidden = true;
      $('status').textContent = '';
      showError(e.message);
    } finally {
      $('results').removeAttribute('aria-busy');
    }
  }

  function renderResults(s, r) {
    const took = new Intl.NumberFormat(t('locale'), { maximumFractionDigits: r.took_ms < 10 ? 1 : 0 }).format(r.took_ms);
    $('status').textContent = r.total
      ? `${t('results', r.total)} ${t('took', took)}`
      : t('noResults', s.q);

    const dym = $('did-you-mean');
    if (r.did_you_mean) {
      dym.replaceChildren(`${t('didYouMean')} `,
        el('a', { href: stateUrl(searchState(r.did_you_mean)), 'data-nav': '' }, r.did_you_mean), '?');
      dym.hidden = false;
    } else {
      dym.hidden = true;
    }

    $('results').replaceChildren(...r.results.map((hit) => renderHit(s, hit)));
    renderFacets(s, r.facets || {});
    renderPager(s, r.total);
  }

  function renderHit(s, hit) {
    const href = stateUrl({ read: hit.doc_id, passage: hit.passage, q: s.q });
    const meta = [];
    if (hit.section && hit.section !== hit.title) meta.push(el('span', { class: 'section' }, hit.section));
    if (hit.source) {
      meta.push(hit.url
        ? el('a', { class: 'source', href: hit.url, rel: 'noopener noreferrer' }, hit.source)
        : el('span', { class: 'source' }, hit.source));
    }
    if (hit.lang) meta.push(el('span', { class: 'lang', lang: hit.lang }, langName(hit.lang)));
    return el('li', { class: 'result' },
      el('article', { 'aria-labelledby': `hit-${hit.rank}` },
        el('h3', { class: 'result-title' },
          el('a', { class: 'result-link', id: `hit-${hit.rank}`, href, 'data-nav': '' }, hit.title || hit.doc_id)),
        el('p', { class: 'result-meta' }, meta.flatMap((m, i) => (i ? [el('span', { class: 'dot', 'aria-hidden': 'true' }, '·'), m] : [m]))),
        el('p', { class: 'snippet', lang: hit.lang || null }, snippetNodes(hit.snippet))));
  }

  function renderFacets(s, facets) {
    const box = $('facets');
    box.replaceChildren();
    for (const name of ['source', 'lang', 'doc']) {
      const values = facets[name] || [];
      if (!values.length) continue;
      const list = el('ul', { class: 'facet-values' }, values.map((v) => {
        const active = s[name] === v.value;
        const label = name === 'lang' ? langName(v.value) : (v.label || v.value);
        const next = Object.assign({}, s, { page: 1, [name]: active ? '' : v.value });
        return el('li', null, el('a', {
          class: 'facet-value', href: stateUrl(next), 'data-nav': '', 'data-facet': name,
          'data-value': v.value, 'aria-current': active ? 'true' : null,
        }, el('span', { class: 'facet-label' }, label), el('span', { class: 'count' }, num(v.count))));
      }));
      box.append(el('section', { class: 'facet', 'aria-labelledby': `facet-${name}` },
        el('h3', { id: `facet-${name}` }, t(`facet_${name}`)), list));
    }
    $('years').hidden = !(stats && stats.years);
  }

  function renderFiltersChips(s) {
    const chips = [];
    const chip = (text, without) => el('li', null, el('a', {
      class: 'chip', href: stateUrl(Object.assign({}, s, { page: 1 }, without)), 'data-nav': '',
      'aria-label': t('removeFilter', text),
    }, text, el('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×')));
    for (const f of FILTERS) {
      if (!s[f]) continue;
      const shown = f === 'lang' ? langName(s[f]) : s[f];
      chips.push(chip(`${t(`facet_${f}`)}: ${shown}`, { [f]: '' }));
    }
    if (s.year_from || s.year_to) chips.push(chip(t('years_range', s.year_from || '…', s.year_to || '…'), { year_from: '', year_to: '' }));
    $('active-filters').replaceChildren(...chips);
    $('active-filters').hidden = !chips.length;
  }

  function renderPager(s, total) {
    const pager = $('pager');
    const pages = Math.min(Math.ceil(total / PAGE_SIZE), 1000);
    if (pages <= 1) {
      pager.hidden = true;
      pager.replaceChildren();
      return;
    }
    const link = (page, text, extra = {}) => el('a', Object.assign({
      href: stateUrl(Object.assign({}, s, { page })), 'data-nav': '', class: 'page-link',
    }, extra), text);
    const items = [];
    if (s.page > 1) items.push(link(s.page - 1, `‹ ${t('previous')}`, { rel: 'prev', class: 'page-link prev' }));
    const shown = new Set([1, pages]);
    for (let p = s.page - 2; p <= s.page + 2; p++) if (p >= 1 && p <= pages) shown.add(p);
    let last = 0;
    for (const p of [...shown].sort((a, b) => a - b)) {
      if (p - last > 1) items.push(el('span', { class: 'gap', 'aria-hidden': 'true' }, '…'));
      items.push(p === s.page
        ? el('span', { class: 'page-link current', 'aria-current': 'page' }, el('span', { class: 'visually-hidden' }, `${t('page', p)}: `), String(p))
        : link(p, String(p), { 'aria-label': t('page', p) }));
      last = p;
    }
    if (s.page < pages) items.push(link(s.page + 1, `${t('next')} ›`, { rel: 'next', class: 'page-link next' }));
    pager.replaceChildren(...items);
    pager.hidden = false;
  }

  // ---- The answer card ---------------------------------------------------------------------------

  const QUESTION_WORDS = new Set([
    'who', 'what', 'when', 'where', 'why', 'how', 'which', 'whom', 'whose',
    'hvem', 'hva', 'når', 'hvor', 'hvorfor', 'hvordan', 'hvilken', 'hvilket', 'hvilke',
    'kven', 'kva', 'kvar', 'kor', 'korleis', 'kvifor', 'kva for',
  ]);
  function looksLikeQuestion(q) {
    const first = q.trim().toLowerCase().split(/\s+/)[0] || '';
    return /\?\s*$/.test(q) || QUESTION_WORDS.has(first);
  }

  // Asks /api/ask for questions on the first page; the card stays hidden when the endpoint is
  // missing (404), fails, or finds no answer.
  async function runAsk(s) {
    const card = $('answer');
    if (s.page !== 1 || !looksLikeQuestion(s.q)) {
      if (inflight.ask) inflight.ask.abort();
      card.hidden = true;
      lastAnswer = null;
      return;
    }
    try {
      const r = await api('ask', 'ask', { q: s.q });
      lastAnswer = r && r.answer ? { state: s, answer: r.answer } : null;
    } catch (e) {
      if (aborted(e)) return;
      lastAnswer = null;
    }
    renderAnswer();
  }

  function renderAnswer() {
    const card = $('answer');
    if (!lastAnswer) {
      card.hidden = true;
      return;
    }
    const { state, answer: a } = lastAnswer;
    $('answer-text').textContent = a.text;
    // An answer passage fills 300 characters and may stop or start inside a sentence: an
    // ellipsis shows where.
    const passage = a.passage || '';
    const cutStart = /^\p{Ll}/u.test(passage);
    const cutEnd = passage !== '' && !/[.!?…:;"'”’»)\]]$/u.test(passage.trimEnd());
    $('answer-passage').replaceChildren(cutStart ? '… ' : '', ...markFirst(passage, a.text), cutEnd ? ' …' : '');
    const mark = Number.isInteger(a.start) && Number.isInteger(a.end) ? `${a.start}-${a.end}` : null;
    const parts = [el('a', { href: stateUrl({ read: a.doc_id, mark, q: state.q }), 'data-nav': '' }, a.title || a.doc_id)];
    if (a.section && a.section !== a.title) parts.push(', ', a.section);
    if (a.source) parts.push(' · ', a.url ? el('a', { href: a.url, rel: 'noopener noreferrer' }, a.source) : a.source);
    if (typeof a.confidence === 'number') parts.push(el('span', { class: 'confidence' }, ` · ${t('confidence', Math.round(a.confidence * 100))}`));
    $('answer-source').replaceChildren(`${t('from')} `, ...parts);
    card.hidden = false;
  }

  // ---- The whole document ------------------------------------------------------------------------

  async function renderDocument(s) {
    show('doc');
    const back = $('doc-back');
    const from = history.state && history.state.from;
    back.textContent = s.q || from ? t('backToResults') : t('backToSearch');
    back.href = from || stateUrl(searchState(s.q));
    let doc;
    try {
      doc = await api('doc', `doc/${encodeURIComponent(s.read)}`);
    } catch (e) {
      if (aborted(e)) return;
      $('doc-title').textContent = e.status === 404 ? t('notFound') : '';
      $('doc-meta').replaceChildren();
      $('doc-body').replaceChildren();
      if (e.status !== 404) showError(e.message);
      return;
    }
    document.title = `${doc.title || doc.id} – ${t('appName')}`;
    $('doc-title').textContent = doc.title || doc.id;
    $('doc-title').setAttribute('lang', doc.lang || '');

    const meta = [];
    const row = (key, value) => meta.push(el('dt', null, t(key)), el('dd', null, value));
    if (doc.source) row('meta_source', doc.source);
    if (doc.lang) row('meta_lang', langName(doc.lang));
    if (doc.date) row('meta_date', doc.date);
    if (doc.url) row('meta_link', el('a', { href: doc.url, rel: 'noopener noreferrer' }, doc.url));
    for (const [k, v] of Object.entries(doc.meta || {})) meta.push(el('dt', null, k), el('dd', null, v));
    row('meta_id', el('code', null, doc.id));
    $('doc-meta').replaceChildren(...meta);

    const { nodes, target } = documentNodes(doc, s);
    $('doc-body').replaceChildren(...nodes);
    $('doc-body').setAttribute('lang', doc.lang || '');
    if (target) {
      target.scrollIntoView({ block: 'start' });
    } else {
      window.scrollTo(0, 0);
    }
    $('doc-title').focus({ preventScroll: true });
  }

  // The document's text as passages (headings and credits between them shown as such), with the
  // passage `s.passage` or the code point range `s.mark` marked. Offsets count code points.
  function documentNodes(doc, s) {
    const cps = Array.from(doc.text || '');
    const slice = (a, b) => cps.slice(a, b).join('');
    let mark = null;
    const m = /^(\d+)-(\d+)$/.exec(s.mark || '');
    if (m && +m[1] < +m[2]) mark = [+m[1], +m[2]];
    const wanted = s.passage !== null && s.passage !== '' ? Number(s.passage) : null;

    const nodes = [];
    let target = null;
    let pos = 0;
    const between = (a, b) => {
      for (const line of slice(a, b).split('\n')) {
        const text = line.trim();
        if (!text) continue;
        const h = /^#+\s*(.*)$/.exec(text);
        nodes.push(h ? el('h2', { class: 'doc-heading' }, h[1]) : el('p', { class: 'doc-aside' }, text));
      }
    };
    for (const p of doc.passages || []) {
      if (p.start > pos) between(pos, p.start);
      const isWanted = wanted === p.passage || (mark && mark[0] >= p.start && mark[0] < p.end);
      let content = [slice(p.start, p.end)];
      if (mark && mark[0] >= p.start && mark[1] <= p.end) {
        content = [slice(p.start, mark[0]), el('mark', null, slice(mark[0], mark[1])), slice(mark[1], p.end)];
      }
      const node = el('p', {
        class: isWanted ? 'passage marked' : 'passage', id: `passage-${p.passage}`,
        'data-passage': p.passage,
      }, isWanted ? el('span', { class: 'visually-hidden' }, `${t('markedPassage')}: `) : null, content);
      if (isWanted && !target) target = node;
      nodes.push(node);
      pos = Math.max(pos, p.end);
    }
    if (pos < cps.length) between(pos, cps.length);
    return { nodes, target };
  }

  // ---- Home: what the index holds --------------------------------------------------------------

  async function loadStats() {
    try {
      stats = await api('stats', 'stats');
    } catch (e) {
      stats = null;
    }
    renderStats();
    $('years').hidden = !(stats && stats.years) || $('filters').hidden;
    if (stats && stats.years) {
      // The index's range as a hint only: a range reaching past it is still a fair question.
      $('year-from').placeholder = stats.years.min;
      $('year-to').placeholder = stats.years.max;
    }
  }

  function renderTips() {
    const items = t('tips').flatMap(([q, what]) => [
      el('dt', null, el('a', { href: stateUrl(searchState(q)), 'data-nav': '' }, el('code', null, q))),
      el('dd', null, what)]);
    $('tips').replaceChildren(...items);
  }

  function renderStats() {
    const line = $('home-stats');
    if (!stats) {
      line.textContent = '';
      return;
    }
    const parts = [t('stats', num(stats.documents), num(stats.passages))];
    if (stats.languages.length) parts.push(stats.languages.map((l) => langName(l.value)).join(', '));
    if (typeof stats.index_age_seconds === 'number') parts.push(t('indexed', ago(stats.index_age_seconds)));
    line.textContent = parts.join(' · ');
  }

  function ago(seconds) {
    const rtf = new Intl.RelativeTimeFormat(t('locale'), { numeric: 'auto' });
    const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
    let v = seconds;
    for (const [size, unit] of steps) {
      if (Math.abs(v) < size) return rtf.format(-Math.round(v), unit);
      v /= size;
    }
    return '';
  }

  function syncYearInputs(s) {
    $('year-from').value = s.year_from;
    $('year-to').value = s.year_to;
  }

  // ---- Suggestions (a combobox over the search box) ---------------------------------------------

  let suggestTimer = 0;
  let searchTimer = 0;
  let activeOption = -1;

  function options() {
    return [...$('suggestions').querySelectorAll('[role="option"]')];
  }

  function closeSuggestions() {
    if (inflight.suggest) inflight.suggest.abort();
    clearTimeout(suggestTimer);
    const list = $('suggestions');
    list.hidden = true;
    list.replaceChildren();
    $('q').setAttribute('aria-expanded', 'false');
    $('q').removeAttribute('aria-activedescendant');
    activeOption = -1;
  }

  async function loadSuggestions(q) {
    let r;
    try {
      r = await api('suggest', 'suggest', { q, limit: 6 });
    } catch (e) {
      return;
    }
    if ($('q').value !== q || document.activeElement !== $('q')) return;
    const items = [];
    let n = 0;
    for (const c of r.completions) {
      if (c.query.trim() === q.trim()) continue;
      items.push(el('li', { role: 'option', id: `sugg-${n++}`, class: 'suggestion', 'data-query': c.query },
        el('span', null, c.query), el('span', { class: 'count' }, num(c.count))));
    }
    for (const d of r.titles.slice(0, 3)) {
      items.push(el('li', { role: 'option', id: `sugg-${n++}`, class: 'suggestion doc-suggestion', 'data-read': d.doc_id },
        el('span', null, d.title), el('span', { class: 'kind' }, t('document'))));
    }
    const list = $('suggestions');
    list.replaceChildren(...items);
    activeOption = -1;
    list.hidden = !items.length;
    $('q').setAttribute('aria-expanded', String(!!items.length));
  }

  function highlightOption(i) {
    const opts = options();
    if (!opts.length) return;
    activeOption = (i + opts.length) % opts.length;
    opts.forEach((o, k) => o.setAttribute('aria-selected', String(k === activeOption)));
    $('q').setAttribute('aria-activedescendant', opts[activeOption].id);
    opts[activeOption].scrollIntoView({ block: 'nearest' });
  }

  function chooseOption(opt) {
    closeSuggestions();
    clearTimeout(searchTimer);
    if (opt.dataset.read) {
      go({ read: opt.dataset.read, q: $('q').value.trim() });
    } else {
      $('q').value = opt.dataset.query;
      go(searchState(opt.dataset.query));
    }
  }

  // ---- Events ----------------------------------------------------------------------------------

  function onInput() {
    const q = $('q').value;
    clearTimeout(searchTimer);
    clearTimeout(suggestTimer);
    if (!q.trim()) {  // the results stay until a new query is typed or Enter goes home
      closeSuggestions();
      return;
    }
    suggestTimer = setTimeout(() => loadSuggestions(q), SUGGEST_DELAY_MS);
    searchTimer = setTimeout(() => {
      if (q.trim() !== readState().q.trim() || readState().read) go(searchState(q.trim()), { typing: true });
    }, SEARCH_DELAY_MS);
  }

  function onSubmit(e) {
    e.preventDefault();
    const opts = options();
    if (activeOption >= 0 && opts[activeOption]) {
      chooseOption(opts[activeOption]);
      return;
    }
    clearTimeout(searchTimer);
    closeSuggestions();
    const q = $('q').value.trim();
    // Enter makes the search typed so far a history entry of its own.
    if (history.state && history.state.typing) history.replaceState({ typing: false }, '', location.href);
    go(searchState(q));
  }

  function onBoxKey(e) {
    const open = !$('suggestions').hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (open) highlightOption(activeOption + 1);
      else focusResult(0);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      highlightOption(activeOption - 1);
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        closeSuggestions();
      }
    }
  }

  function resultLinks() {
    return [...document.querySelectorAll('#results .result-link')];
  }

  function focusResult(i) {
    const links = resultLinks();
    if (!links.length || $('search-view').hidden) return;
    const k = Math.max(0, Math.min(i, links.length - 1));
    links[k].focus();
  }

  function onDocumentKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target;
    const typing = target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    if (e.key === '/' && !typing) {
      e.preventDefault();
      $('q').focus();
      $('q').select();
      return;
    }
    if (target instanceof HTMLElement && target.classList.contains('result-link')) {
      const i = resultLinks().indexOf(target);
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        focusResult(i + 1);
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        if (i === 0) $('q').focus();
        else focusResult(i - 1);
      }
    }
  }

  // Links marked data-nav change the page state in place; modified clicks open new tabs as usual.
  function onClick(e) {
    const opt = e.target.closest && e.target.closest('#suggestions [role="option"]');
    if (opt) {
      e.preventDefault();
      chooseOption(opt);
      return;
    }
    const a = e.target.closest && e.target.closest('a[data-nav]');
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    // A document opened from a search remembers it, so "Back to results" restores it exactly.
    const from = a.closest('#search-view') ? location.pathname + location.search : null;
    history.pushState({ typing: false, from }, '', a.getAttribute('href'));
    closeSuggestions();
    window.scrollTo(0, 0);
    render();
  }

  function onBack(e) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (history.state && history.state.from) history.back();
    else go(searchState(readState().q));
  }

  function onYears(e) {
    e.preventDefault();
    const s = readState();
    go(Object.assign(s, { page: 1, year_from: $('year-from').value.trim(), year_to: $('year-to').value.trim() }));
  }

  function applyUiText() {
    document.documentElement.lang = ui;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
    for (const node of document.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
    const toggle = $('ui-lang');
    toggle.textContent = t('switchTo');
    toggle.setAttribute('lang', ui === 'en' ? 'nb' : 'en');
    toggle.setAttribute('aria-label', t('switchToLabel'));
  }

  function switchUiLang() {
    ui = ui === 'en' ? 'nb' : 'en';
    try { localStorage.setItem('heritage-ui-lang', ui); } catch (e) { /* private mode */ }
    applyUiText();
    renderStats();
    renderTips();
    const s = readState();
    if (s.read) {
      render();
    } else if (s.q) {
      document.title = `${s.q} – ${t('appName')}`;
      renderFiltersChips(s);
      if (lastSearch) renderResults(lastSearch.state, lastSearch.response);
      renderAnswer();
    } else {
      document.title = t('appName');
    }
  }

  function init() {
    applyUiText();
    // Filters start folded in the one-column layout (style.css), where they would push the
    // results below the fold.
    if (!window.matchMedia('(min-width: 56rem)').matches) $('filters-details').open = false;
    $('search-form').addEventListener('submit', onSubmit);
    $('q').addEventListener('input', onInput);
    $('q').addEventListener('keydown', onBoxKey);
    $('q').addEventListener('blur', () => setTimeout(() => {
      if (document.activeElement !== $('q')) closeSuggestions();
    }, 150));
    $('suggestions').addEventListener('mousedown', (e) => e.preventDefault());  // keep focus in the box
    $('years').addEventListener('submit', onYears);
    $('years-clear').addEventListener('click', () => go(Object.assign(readState(), { page: 1, year_from: '', year_to: '' })));
    $('ui-lang').addEventListener('click', switchUiLang);
    $('doc-back').addEventListener('click', onBack);
    $('home-link').addEventListener('click', (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go({ q: '', page: 1, read: '' });
      $('q').focus();
    });
    document.addEventListener('keydown', onDocumentKey);
    document.addEventListener('click', onClick);
    window.addEventListener('popstate', () => {
      closeSuggestions();
      render();
    });
    loadStats();
    render();
    if (!readState().q && !readState().read) $('q').focus();
  }

  init();
})();
