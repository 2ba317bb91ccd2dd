// End-to-end tests of the explorer, as a person would use it, in headless
// Chromium (Debian's, driven by playwright-core) against a running
// `kg serve` at KG_URL. Screenshots go to e2e/artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = (process.env.KG_URL || 'http://127.0.0.1:8099').replace(/\/+$/, '');
const ARTIFACTS = process.env.KG_ARTIFACTS || fileURLToPath(new URL('./artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const T = { timeout: 90_000 };

let browser;
const pageErrors = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
});

async function open(route, { width = 1280, height = 900, ready = 'true' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => pageErrors.push(`${route}: ${e.message}`));
  await page.goto(`${BASE}/#${route}`);
  await page.waitForSelector(`#view[data-ready="${ready}"]`);
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

async function api(path, init) {
  const res = await fetch(BASE + path, init);
  assert.ok(res.ok, `${path}: HTTP ${res.status}`);
  return res.json();
}

async function apiAll(path) {
  const sep = path.includes('?') ? '&' : '?';
  const first = await api(`${path}${sep}limit=1000&offset=0`);
  const items = [...first.items];
  while (items.length < first.total) {
    const page = await api(`${path}${sep}limit=1000&offset=${items.length}`);
    if (!page.items.length) break;
    items.push(...page.items);
  }
  return { ...first, items };
}

const enc = (id) => encodeURIComponent(id).replace(/%3A/gi, ':');

// The congress of the sample with relays: 党的二十大, else 中国工会十八大.
async function sampleCongress() {
  const { items } = await apiAll('/api/congresses');
  const c = items.find((x) => x.name === '党的二十大' && x.relays > 0) || items.find((x) => x.name === '中国工会十八大' && x.relays > 0);
  assert.ok(c, 'the sample has 党的二十大 or 中国工会十八大 with relays');
  return c;
}

test('search: type a name, see suggestions, pick one', T, async () => {
  const expected = (await api(`/api/search?q=${encodeURIComponent('云南省总工会')}&limit=10`)).items.find((x) => x.name === '云南省总工会');
  assert.ok(expected, 'the API finds 云南省总工会');
  const page = await open('/');
  const input = page.locator('#search-input');
  await input.click();
  await input.pressSequentially('云南省总', { delay: 40 });
  const suggestion = page.locator(`.suggest .suggestion[data-id="${expected.id}"]`);
  await suggestion.waitFor();
  assert.ok((await page.locator('.suggest .suggestion').count()) >= 1);
  await shot(page, 'search-suggestions');
  await suggestion.click();
  await page.waitForFunction((id) => decodeURIComponent(location.hash).includes(id), expected.id);
  await page.waitForSelector('#view[data-ready="true"]');
  assert.match(await page.locator('h1').first().innerText(), /云南省总工会/);
  await shot(page, 'search-picked-body');

  // Traditional input finds the same body (the API folds scripts).
  const trad = await api(`/api/search?q=${encodeURIComponent('雲南省總工會')}&limit=10`);
  if (trad.items.some((x) => x.id === expected.id)) {
    await input.fill('');
    await input.pressSequentially('雲南省總工會', { delay: 30 });
    await page.locator(`.suggest .suggestion[data-id="${expected.id}"]`).waitFor();
    // Keyboard: arrow down to the suggestion and Enter.
    const ids = await page.locator('.suggest .suggestion').evaluateAll((els) => els.map((e) => e.dataset.id));
    for (let i = 0; i <= ids.indexOf(expected.id); i++) await input.press('ArrowDown');
    await input.press('Enter');
    await page.waitForFunction((id) => decodeURIComponent(location.hash).includes(id), expected.id);
  }
  await page.context().close();
});

test('congress: the relay timeline shows every body that relayed it', T, async () => {
  const c = await sampleCongress();
  const detail = await api(`/api/congresses/${enc(c.id)}`);
  const relays = await apiAll(`/api/congresses/${enc(c.id)}/relays`);
  const bodies = new Set(relays.items.map((r) => r.body.id));
  assert.equal(bodies.size, detail.bodies, 'the API counts the bodies of its relays');

  const page = await open(`/congress/${c.id}`);
  const chart = page.locator('#relay-timeline');
  await chart.locator('canvas').first().waitFor();
  assert.equal(Number(await chart.getAttribute('data-bodies')), bodies.size, 'one timeline row per body');
  assert.equal(Number(await chart.getAttribute('data-relays')), relays.items.length);
  assert.equal(await page.locator('#relay-table tbody tr').count(), relays.items.length, 'one table row per relay');
  assert.match(await page.locator('#timeline-caption').innerText(), new RegExp(`${bodies.size} 个单位`));
  // Every body appears in the table.
  const shown = new Set(await page.locator('#relay-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.body)));
  assert.deepEqual([...shown].sort(), [...bodies].sort());

  // A row leads to its meeting and article.
  await page.locator('#relay-table tbody tr').first().locator('td').first().click();
  await page.locator('#relay-detail a[href^="#/article/"]').first().waitFor();

  // Clicking a point of the chart selects its relay too.
  assert.ok(Number(await chart.getAttribute('data-points')) > 0, 'some relays are plotted');
  await chart.scrollIntoViewIfNeeded();
  const target = await page.evaluate(() => {
    const { chart: ec, relays, plotted } = window.kgTimeline;
    // A point that no other point covers: relays of one day and body can
    // share a position, and a click selects the one drawn on top.
    const px = plotted.map((p) => ec.convertToPixel({ seriesIndex: 0 }, p.value));
    let k = 0;
    for (let i = 0; i < plotted.length; i++) {
      if (px.every(([x, y], j) => j === i || Math.hypot(x - px[i][0], y - px[i][1]) > 8)) { k = i; break; }
    }
    const [x, y] = px[k];
    const r = document.getElementById('relay-timeline').getBoundingClientRect();
    return { x: r.left + x, y: r.top + y, body: relays[plotted[k].relay].body.name };
  });
  await page.mouse.click(target.x, target.y);
  await page.waitForFunction((name) => document.querySelector('#relay-detail h3')?.textContent.includes(name), target.body);
  assert.equal(await page.locator('#relay-table tr.selected').count(), 1);
  await shot(page, 'congress-timeline');

  // Following the article link opens the article view.
  await page.locator('#relay-detail a[href^="#/article/"]').first().click();
  await page.waitForSelector('#view[data-view="article"][data-ready="true"]');
  await page.context().close();
});

test('congress list links to each congress', T, async () => {
  const { items } = await apiAll('/api/congresses');
  const page = await open('/congresses');
  assert.equal(await page.locator('table.congress-list tbody tr').count(), items.length);
  await page.context().close();
});

test('graph: start from an entity, expand a node by clicking it', T, async () => {
  const c = await sampleCongress();
  const page = await open(`/graph/${c.id}`);
  await page.waitForSelector('#cy[data-ready="true"]');
  const stats = page.locator('#graph-stats');
  const before = Number(await stats.getAttribute('data-nodes'));
  assert.ok(before > 1, 'the neighbourhood has nodes');
  await shot(page, 'graph-start');

  // Click, on the canvas, a body node whose neighbourhood adds nodes.
  const candidates = await page.evaluate(() => {
    const { cy } = window.kgGraph;
    return cy
      .nodes()
      .filter((n) => !n.hasClass('expanded'))
      .sort((a, b) => (a.data('type') === 'Union' ? -1 : 0) - (b.data('type') === 'Union' ? -1 : 0))
      .map((n) => n.id());
  });
  let grew = false;
  for (const id of candidates.slice(0, 6)) {
    const pos = await page.evaluate((nid) => {
      const { cy } = window.kgGraph;
      const n = cy.getElementById(nid);
      cy.center(n);
      const p = n.renderedPosition();
      const r = cy.container().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, id);
    const n0 = Number(await stats.getAttribute('data-nodes'));
    await page.mouse.click(pos.x, pos.y);
    await page.waitForFunction((nid) => window.kgGraph.cy.getElementById(nid).hasClass('expanded'), id);
    await page.waitForSelector('#cy:not([data-busy])');
    await page.locator('#graph-info h3').waitFor();
    if (Number(await stats.getAttribute('data-nodes')) > n0) {
      grew = true;
      break;
    }
  }
  assert.ok(grew, 'expanding a node adds its neighbours');
  assert.ok(Number(await stats.getAttribute('data-nodes')) > before);
  assert.match(decodeURIComponent(page.url()), /[?&]x=/, 'the URL keeps the expanded node');

  // Filters hide a node type; layouts switch; PNG exports.
  const visible = (cmp, n) =>
    page.waitForFunction(([c, m]) => {
      const v = window.kgGraph.cy.nodes(':visible').length;
      return c === '<' ? v < m : v === m;
    }, [cmp, n]);
  const all = Number(await stats.getAttribute('data-nodes'));
  const type = await page.locator('#type-filter input[type=checkbox]').first().getAttribute('value');
  const box = page.locator(`#type-filter input[type=checkbox][value="${type}"]`);
  await box.uncheck();
  await visible('<', all);
  assert.ok(Number(await stats.getAttribute('data-visible-nodes')) < all, `unchecking ${type} hides its nodes`);
  await box.check();
  await visible('=', all);
  assert.equal(Number(await stats.getAttribute('data-visible-nodes')), all, `checking ${type} again shows them`);
  for (const layout of ['breadthfirst', 'concentric', 'circle', 'cose']) {
    await page.selectOption('#graph-layout', layout);
  }
  const widths = await page.evaluate(() => window.kgGraph.cy.edges().map((e) => [e.data('articles'), parseFloat(e.style('width'))]));
  for (const [n, w] of widths) for (const [m, v] of widths) if (n > m) assert.ok(w >= v, 'more articles, thicker edge');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#graph-png')]);
  const png = `${ARTIFACTS}/graph-export.png`;
  await download.saveAs(png);
  assert.ok(statSync(png).size > 1000, 'the PNG export has content');
  await shot(page, 'graph-expanded');
  await page.context().close();
});

test('gizmo: run a query, see rows and a graph', T, async () => {
  const c = await sampleCongress();
  // IRIs in angle brackets: a plain "kg:…" string is a literal in Gizmo.
  const q = `g.V("<kg:${c.id}>").In("<kg:relayed>").Tag("source").Out("<kg:relayed>").Tag("target").All()`;
  const direct = await api('/api/v1/query/gizmo', { method: 'POST', body: q });
  assert.ok(Array.isArray(direct.result) && direct.result.length > 0, `the API answers the query: ${JSON.stringify(direct).slice(0, 200)}`);

  const page = await open('/gizmo');
  await page.fill('#gizmo-query', q);
  await page.click('#gizmo-run');
  await page.waitForSelector('#gizmo-status[data-rows]');
  const rows = Number(await page.getAttribute('#gizmo-status', 'data-rows'));
  assert.equal(rows, direct.result.length);
  assert.equal(await page.locator('#gizmo-table tbody tr').count(), rows);
  assert.ok(Number(await page.getAttribute('#gizmo-graph', 'data-edges')) > 0, 'source/target rows become edges');
  await page.locator('#gizmo-graph canvas').first().waitFor();
  assert.match(decodeURIComponent(page.url()), /#\/gizmo\?q=g\.V/, 'the URL keeps the query');
  await shot(page, 'gizmo');

  // An example button runs its query; a shared URL runs on load.
  await page.locator('.examples button').nth(0).click();
  await page.waitForSelector('#gizmo-status[data-rows]');
  const again = await open(`/gizmo?q=${encodeURIComponent(q)}`);
  await again.waitForSelector('#gizmo-status[data-rows]');
  assert.equal(Number(await again.getAttribute('#gizmo-status', 'data-rows')), rows);
  await again.context().close();

  // The unbracketed form finds nothing, and the console offers the rewrite.
  await page.fill('#gizmo-query', q.replace(/<(kg:[^>]*)>/g, '$1'));
  await page.click('#gizmo-run');
  await page.locator('#gizmo-hint button').click();
  await page.waitForFunction((n) => document.querySelector('#gizmo-status')?.dataset.rows === String(n), rows);

  // A broken query shows the error.
  await page.fill('#gizmo-query', 'g.V(');
  await page.click('#gizmo-run');
  await page.waitForSelector('#gizmo-error');
  await page.context().close();
});

test('article: entities and the evidence of a fact are highlighted', T, async () => {
  const list = await apiAll('/api/articles');
  let art;
  for (const a of list.items) {
    const full = await api(`/api/articles/${enc(a.id)}`);
    if ((full.facts || []).some((f) => Array.isArray(f.span) && f.span[1] > f.span[0]) && /[^\u0000-\uffff]|[\u4e00-\u9fff]/.test(full.text)) {
      art = full;
      break;
    }
  }
  assert.ok(art, 'some article has facts with evidence');
  const page = await open(`/article/${art.id}`);
  const cps = Array.from(art.text);
  assert.ok((await page.locator('#article-text .ent').count()) > 0, 'entities are highlighted');

  // Hovering then clicking a fact highlights exactly its evidence.
  const fi = art.facts.findIndex((f) => Array.isArray(f.span) && f.span[1] > f.span[0]);
  const want = cps.slice(art.facts[fi].span[0], art.facts[fi].span[1]).join('');
  const fact = page.locator(`#facts li[data-fact="${fi}"]`);
  await fact.hover();
  const hovered = (await page.locator('#article-text .ev-active').allTextContents()).join('');
  assert.equal(hovered, want);
  await fact.click({ position: { x: 2, y: 2 } });
  const got = (await page.locator('#article-text .ev-active').allTextContents()).join('');
  assert.equal(got, want, 'the highlighted text is the text the API span designates');
  assert.ok(got.length > 0);

  // An entity mention highlights the text its span designates.
  const ei = art.entities.findIndex((e) => (e.spans || []).some(([a, b]) => b > a));
  if (ei >= 0) {
    const [s, e] = art.entities[ei].spans.find(([a, b]) => b > a);
    const text = await page.locator('#article-text span[data-ents]').evaluateAll(
      (els, [i, a, b]) =>
        els
          .filter((x) => x.dataset.ents.split(' ').includes(String(i)) && +x.dataset.start >= a && +x.dataset.end <= b)
          .map((x) => x.textContent)
          .join(''),
      [ei, s, e],
    );
    assert.equal(text, cps.slice(s, e).join(''), `entity ${art.entities[ei].name} at ${s}-${e}`);
  }
  await shot(page, 'article-evidence');

  // The fact stays selected in a shared URL.
  assert.match(page.url(), new RegExp(`\\?fact=${fi}$`));
  const again = await open(new URL(page.url()).hash.slice(1));
  assert.equal((await again.locator('#article-text .ev-active').allTextContents()).join(''), want);
  await again.context().close();
  await page.context().close();
});

test('article: a url that is not http(s) is shown, never linked', T, async () => {
  // An ID holding '/' (addressed as one %2F-escaped segment) and a
  // javascript: url, as a careless or hostile writer sends them.
  const id = 'e2e/javascript-url';
  const url = 'javascript:document.title="pwned"';
  const res = await fetch(`${BASE}/api/articles`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, url, text: '7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。' }),
  });
  assert.ok(res.status === 201 || res.status === 200, `POST: HTTP ${res.status}`);
  try {
    const page = await open(`/article/${encodeURIComponent(id)}`);
    const hrefs = await page.locator('#view a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(!hrefs.some((h) => /^\s*javascript:/i.test(h)), `a javascript: link: ${hrefs.join(' ')}`);
    assert.ok((await page.locator('#view').textContent()).includes(url), 'the url is shown as text');
    await page.context().close();
  } finally {
    await fetch(`${BASE}/api/articles/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }
});

test('body, person and slogan views render', T, async () => {
  const body = (await apiAll('/api/bodies')).items.find((b) => b.name === '云南省总工会') || (await apiAll('/api/bodies')).items[0];
  let page = await open(`/body/${body.id}`);
  assert.match(await page.locator('h1').innerText(), new RegExp(body.name));
  const b = await api(`/api/bodies/${enc(body.id)}`);
  if ((b.officials || []).length) {
    await page.locator(`a[href^="#/person/"]`).first().click();
    await page.waitForSelector('#view[data-view="person"][data-ready="true"]');
    await shot(page, 'person');
  }
  await page.context().close();
  const slogans = await apiAll('/api/slogans');
  const top = [...slogans.items].sort((x, y) => (y.articles ?? 0) - (x.articles ?? 0)).slice(0, 5);
  for (const s of top) {
    const full = await api(`/api/slogans/${enc(s.id)}`);
    if (!(full.by_month || []).some((m) => /^\d{4}-\d{2}$/.test(m.month))) continue;
    page = await open(`/slogan/${s.id}`);
    await page.locator('#slogan-months canvas').first().waitFor();
    assert.ok(Number(await page.getAttribute('#slogan-months', 'data-months')) >= full.by_month.length);
    await shot(page, 'slogan');
    await page.context().close();
    break;
  }
});

test('phone width: no horizontal scrolling', T, async () => {
  const c = await sampleCongress();
  const arts = await apiAll('/api/articles');
  const routes = [
    ['/', 'phone-home'],
    [`/congress/${c.id}`, 'phone-congress'],
    [`/graph/${c.id}`, 'phone-graph'],
    [`/article/${arts.items[0].id}`, 'phone-article'],
    ['/gizmo', 'phone-gizmo'],
    ['/bodies', 'phone-bodies'],
    ['/body/union:云南省总工会', 'phone-body'],
  ];
  for (const [route, name] of routes) {
    const page = await open(route, { width: 375, height: 812 });
    await page.waitForTimeout(300);
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    await shot(page, name);
    assert.ok(sw <= 375 + 1, `${route}: scrollWidth ${sw} > 376`);
    await page.context().close();
  }
});

test('congress: an alias in the address opens it, and its relay table downloads as CSV', T, async () => {
  const page = await open('/congress/二十大');
  assert.match(await page.locator('h1').first().innerText(), /党的二十大/);
  assert.match(decodeURIComponent(page.url()), /#\/congress\/congress:党的二十大$/, 'the address names the canonical ID');
  const relays = await apiAll(`/api/congresses/${enc('congress:党的二十大')}/relays`);
  assert.equal(await page.locator('#relay-table tbody tr').count(), relays.items.length);

  const link = page.locator('#relay-csv');
  const href = await link.getAttribute('href');
  assert.match(href, /[?&]format=csv/);
  const res = await fetch(new URL(href, BASE));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  const text = await res.text();
  assert.equal(text.split('\n')[0].trim(), 'body_id,body,level,province,date,lag_days,meeting,chairs,articles');
  for (const r of relays.items) assert.ok(text.includes(r.body.id), `the CSV has ${r.body.id}`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^relays-.*\.csv$/);
  await download.saveAs(`${ARTIFACTS}/relays.csv`);
  assert.ok(statSync(`${ARTIFACTS}/relays.csv`).size > 100, 'the downloaded CSV has rows');
  await page.context().close();

  // Filters in the words a researcher types (云南 for 云南省, 省级 for
  // province) narrow the table and the CSV alike.
  const kept = await apiAll(`/api/congresses/${enc('congress:党的二十大')}/relays?province=${encodeURIComponent('云南省')}&level=province`);
  assert.ok(kept.items.length > 0, 'the sample has a provincial relay in 云南省');
  const filtered = await open(`/congress/congress:党的二十大?province=${encodeURIComponent('云南')}&level=${encodeURIComponent('省级')}`);
  assert.equal(await filtered.locator('#relay-table tbody tr').count(), kept.items.length);
  assert.equal(await filtered.locator('select[aria-label="级别 Level"]').inputValue(), 'province');
  assert.match(decodeURIComponent(await filtered.locator('#relay-csv').getAttribute('href')), /province=云南/);
  await filtered.context().close();
});

test('an alias of several congresses lists them, linked where the graph has them', T, async () => {
  const page = await open('/congress/十八大', { ready: 'error' });
  const link = page.locator('.candidates a[data-id="congress:中国工会十八大"]');
  await link.waitFor();
  assert.equal(await page.locator('.candidates li[data-id="congress:党的十八大"] .not-in-graph').count(), 1, '党的十八大 is offered, marked not in the graph');
  assert.equal(await page.locator('.candidates a[data-id="congress:党的十八大"]').count(), 0);
  await shot(page, 'congress-choices');
  await link.click();
  await page.waitForSelector('#view[data-view="congress"][data-ready="true"]');
  assert.match(await page.locator('h1').first().innerText(), /中国工会十八大/);
  await page.context().close();
});

test('no uncaught page errors', () => {
  assert.deepEqual(pageErrors, []);
});
