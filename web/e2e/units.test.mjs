// Unit tests of the explorer's pure helpers (no browser, no server).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segments, spanText } from '../src/views/article.js';
import { bracketIRIs, toElements, value } from '../src/views/gizmo.js';
import { fillMonths } from '../src/views/slogan.js';
import { bodyOrder } from '../src/views/congress.js';
import { cutNote } from '../src/views/body.js';
import { httpURL, moreArticles, shownOption } from '../src/util.js';

test('segments count code points, not UTF-16 units', () => {
  const text = '𠮷野家工会召开会议，传达学习党的二十大精神。';
  // 𠮷 is one code point but two UTF-16 units.
  const entities = [{ id: 'union:𠮷野家工会', type: 'Union', name: '𠮷野家工会', spans: [[0, 5]] }];
  const facts = [{ predicate: 'relayed', span: [0, 22] }];
  const segs = segments(text, entities, facts);
  assert.equal(segs.map((s) => s.text).join(''), text);
  const ent = segs.filter((s) => s.ents.includes(0)).map((s) => s.text).join('');
  assert.equal(ent, '𠮷野家工会');
  assert.equal(segs.filter((s) => s.facts.includes(0)).map((s) => s.text).join(''), spanText(text, [0, 22]));
  assert.equal(spanText(text, [1, 3]), '野家');
});

test('segments survive spans past the end and empty spans', () => {
  const segs = segments('abc', [{ spans: [[2, 99], [1, 1]] }], [{ span: [5, 9] }]);
  assert.equal(segs.map((s) => s.text).join(''), 'abc');
  assert.deepEqual(segs.filter((s) => s.ents.length).map((s) => s.text), ['c']);
});

test('gizmo values: N-Quads IRIs, JSON-LD ids, literals', () => {
  assert.equal(value('<kg:union:成都市总工会>').id, 'union:成都市总工会');
  assert.equal(value('<kg:union:成都市总工会>').type, 'Union');
  assert.equal(value({ '@id': 'kg:person:51:王小明' }).label, '王小明');
  assert.equal(value('成都').literal, '成都');
  assert.equal(value(13).literal, '13');
});

test('rows tagged source and target become deduplicated edges', () => {
  const els = toElements([
    { id: '<kg:congress:党的二十大>', source: '<kg:union:A>', target: '<kg:congress:党的二十大>' },
    { id: '<kg:congress:党的二十大>', source: '<kg:union:A>', target: '<kg:congress:党的二十大>' },
    { id: '<kg:congress:党的二十大>', source: '<kg:union:B>', target: '<kg:congress:党的二十大>' },
    { id: '<kg:union:C>' },
  ]);
  assert.equal(els.edges.length, 2);
  assert.equal(els.nodes.length, 3);
});

test('bracketIRIs writes kg: strings as IRIs', () => {
  assert.equal(bracketIRIs('g.V("kg:congress:党的二十大").In("kg:relayed")'), 'g.V("<kg:congress:党的二十大>").In("<kg:relayed>")');
  assert.equal(bracketIRIs('g.V("<kg:x>")'), 'g.V("<kg:x>")');
});

test('fillMonths fills the gaps', () => {
  const m = fillMonths([{ month: '2023-11', count: 2 }, { month: '2024-02', count: 1 }, { month: '--', count: 9 }]);
  assert.deepEqual(m.map((x) => x.month), ['2023-11', '2023-12', '2024-01', '2024-02']);
  assert.deepEqual(m.map((x) => x.count), [2, 0, 0, 1]);
});

test('bodyOrder groups by province (pinyin order, national first), then level', () => {
  const r = (id, province, level, date) => ({ body: { id, name: id, province, level }, date });
  const order = bodyOrder([
    r('昆明市总工会', '云南省', 'city', '2022-10-25'),
    r('云南省总工会', '云南省', 'province', '2022-10-24'),
    r('中华全国总工会', '', 'national', '2022-10-30'),
    r('瑞金市总工会', '江西省', 'county', '2022-10-24'),
    r('云南省总工会', '云南省', 'province', '2022-11-01'),
  ]);
  // 江西 (jiāng) sorts before 云南 (yún).
  assert.deepEqual(order.map((b) => b.id), ['中华全国总工会', '瑞金市总工会', '云南省总工会', '昆明市总工会']);
});

test('httpURL: only http and https URLs become links', () => {
  assert.equal(httpURL('https://x.cn/a.html'), 'https://x.cn/a.html');
  assert.equal(httpURL('http://x.cn/'), 'http://x.cn/');
  for (const u of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'vbscript:x', 'file:///etc/passwd', '//evil.example/x', '/relative', 'x.cn/a.html', '', null, undefined, 42]) {
    assert.equal(httpURL(u), null, String(u));
  }
});

test('a filter word selects the option its results share', () => {
  const options = ['云南省', '江西省'];
  assert.equal(shownOption('云南省', options, []), '云南省');
  assert.equal(shownOption('云南', options, ['云南省', '云南省']), '云南省');
  assert.equal(shownOption('云', options, ['云南省', '江西省']), '云');
  assert.equal(shownOption('', options, ['云南省']), '');
});

test('a profile list cut by paging says how much is shown', () => {
  const b = { articles: [{}, {}], meetings: [{}], slogans: [], totals: { articles: 1255, meetings: 1, slogans: 0 } };
  assert.equal(cutNote(b, 'articles'), '前 2 条，共 1255 条 (first 2 of 1255)');
  assert.equal(cutNote(b, 'meetings'), null);
  assert.equal(cutNote(b, 'slogans'), null);
  assert.equal(cutNote({ articles: [{}] }, 'articles'), null, 'an answer without totals (an older server)');
});

test('a nested article list counts the articles the API left out', () => {
  const two = [{ id: 'a' }, { id: 'b' }];
  assert.equal(moreArticles(two, 1), ' 等 2 篇');
  assert.equal(moreArticles(two, 2), null);
  assert.equal(moreArticles(two, 2, 20), ' 等 20 篇');
  assert.equal(moreArticles(two, 1, 0), ' 等 2 篇');
  assert.equal(moreArticles(undefined, 1), null);
});
