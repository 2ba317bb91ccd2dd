// Gizmo console: a query posted to /api/v1/query/gizmo, its results as a
// table and, following Cayley's convention, rows tagged `source` and
// `target` drawn as the edges of a graph.
import { gizmo } from '../api.js';
import { layoutOptions, makeCy } from '../cyto.js';
import { clear, entityHref, h, typeBadge } from '../util.js';

// In Gizmo a plain string is a literal: node and predicate IRIs are written
// "<kg:…>". Without Unique a row comes once per supporting article.
export const EXAMPLES = [
  {
    zh: '传达党的二十大的单位',
    en: 'Bodies that relayed 党的二十大, and what else they relayed',
    q: 'g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Tag("source").Out("<kg:relayed>").Tag("target").All()',
  },
  {
    zh: '中国工会十八大的传达会议及主持人',
    en: 'Meetings relaying 中国工会十八大 and who chaired them',
    q: 'g.V("<kg:congress:中国工会十八大>").In("<kg:relays>").Tag("target").In("<kg:chaired>").Tag("source").All()',
  },
  {
    zh: '举行会议传达二十届三中全会的单位',
    en: 'Bodies holding meetings on the Third Plenum',
    q: 'g.V("<kg:congress:党的二十届三中全会>").In("<kg:relays>").Tag("target").In("<kg:held>").Tag("source").All()',
  },
  {
    zh: '中华全国总工会的下级',
    en: 'Bodies directly under the ACFTU',
    q: 'g.V("<kg:union:中华全国总工会>").Tag("target").In("<kg:partOf>").Tag("source").All()',
  },
  {
    zh: '引用“职工之家”的文章',
    en: 'Articles quoting a slogan',
    q: 'g.V("<kg:slogan:职工之家>").Tag("source").Out("<kg:reportedIn>").Tag("target").All()',
  },
  {
    zh: '李绍华主持的会议及日期',
    en: 'Meetings a person chaired, with dates',
    q: 'g.V().Has("<rdf:type>", "<kg:Person>").Has("<kg:name>", "李绍华").Tag("source").Out("<kg:chaired>").Tag("target").SaveOpt("<kg:date>", "date").All()',
  },
  {
    zh: '传达党的二十大的单位名单',
    en: 'Names of the bodies that relayed 党的二十大 (unique)',
    q: 'g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Save("<kg:name>", "name").Unique().All()',
  },
  {
    zh: '传达党的二十大的单位数',
    en: 'How many bodies relayed 党的二十大',
    q: 'g.Emit(g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Unique().Count())',
  },
];

// bracketIRIs rewrites "kg:…" string arguments as "<kg:…>" IRIs.
export const bracketIRIs = (q) => q.replace(/(["'])(kg:[^"'<>]*|rdf:type)\1/g, '$1<$2>$1');

const PREFIX_TYPES = {
  union: 'Union',
  org: 'Organization',
  person: 'Person',
  position: 'Position',
  congress: 'Congress',
  meeting: 'Meeting',
  doc: 'Document',
  slogan: 'Slogan',
  figurative: 'Figurative',
  place: 'Place',
  article: 'Article',
  evidence: 'Evidence',
};

// value reads one result value: Cayley writes IRIs as "<kg:…>" (or
// {"@id": …} in JSON-LD), literals as plain JSON values.
export function value(v) {
  if (v && typeof v === 'object' && '@id' in v) return iri(v['@id']);
  if (typeof v === 'string') {
    const m = v.match(/^<(.*)>$/);
    if (m) return iri(m[1]);
    if (v.startsWith('kg:')) return iri(v);
    return { literal: v };
  }
  if (v && typeof v === 'object' && '@value' in v) return { literal: String(v['@value']) };
  return { literal: typeof v === 'object' ? JSON.stringify(v) : String(v) };
}

function iri(s) {
  const id = s.replace(/^kg:/, '');
  const parts = id.split(':');
  const type = PREFIX_TYPES[parts[0]] || (parts.length === 1 ? 'Predicate' : 'Node');
  let label = parts.length > 1 ? parts.slice(1).join(':') : id;
  if (type === 'Person') label = parts[parts.length - 1];
  label = label.replace(/@\d+$/, '');
  return { iri: s, id, type, label };
}

function cell(v) {
  const x = value(v);
  if (!x.iri) return x.literal;
  if (x.type === 'Predicate' || x.type === 'Node') return h('code', null, x.iri);
  return h('a', { href: entityHref({ id: x.id, type: x.type }), title: x.iri }, typeBadge(x.type), ' ', x.label);
}

// toElements turns rows tagged source and target into Cytoscape elements.
export function toElements(rows) {
  const nodes = new Map();
  const edges = new Map();
  const node = (v) => {
    const x = value(v);
    const id = x.iri ? x.id : `literal:${x.literal}`;
    if (!nodes.has(id)) nodes.set(id, { data: { id, label: x.iri ? x.label : x.literal, type: x.type || 'Literal' } });
    return id;
  };
  for (const r of rows) {
    if (!r || typeof r !== 'object' || r.source === undefined || r.target === undefined) continue;
    const s = node(r.source);
    const t = node(r.target);
    const pv = r.predicate ?? r.label ?? r.pred;
    const p = pv === undefined ? '' : value(pv).id || value(pv).literal;
    const id = `${s}\u0001${p}\u0001${t}`;
    if (!edges.has(id)) edges.set(id, { data: { id, source: s, target: t, predicate: p, articles: 1 } });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

export async function render({ el, query, mount }) {
  const initial = query.get('q') || EXAMPLES[0].q;
  const ta = h('textarea', { class: 'gizmo-query', id: 'gizmo-query', spellcheck: 'false', 'aria-label': 'Gizmo 查询 query' });
  ta.value = initial;
  const limit = h('input', { type: 'text', inputmode: 'numeric', id: 'gizmo-limit', value: query.get('limit') || '1000', size: '5', 'aria-label': '结果上限 Limit' });
  const runBtn = h('button', { type: 'submit', class: 'primary', id: 'gizmo-run' }, '运行 Run');
  const status = h('p', { class: 'muted', id: 'gizmo-status', 'aria-live': 'polite' });
  const out = h('div', { id: 'gizmo-results' });
  const graphCard = h('section', { class: 'card', hidden: true }, h('h2', null, '结果图 ', h('small', null, 'Result graph (source → target)')));
  const graphEl = h('div', { class: 'cy gizmo-graph', id: 'gizmo-graph' });
  graphCard.append(graphEl);
  let cy = null;
  let ctrl = null;

  async function run() {
    const q = ta.value.trim();
    if (!q) return;
    const u = new URL(location.href);
    u.hash = `#/gizmo?q=${encodeURIComponent(q)}`;
    history.replaceState(null, '', u);
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    runBtn.disabled = true;
    delete status.dataset.rows;
    delete status.dataset.edges;
    status.textContent = '运行中… Running';
    status.className = 'muted';
    clear(out);
    const t0 = performance.now();
    let res;
    try {
      res = await gizmo(q, { limit: Number(limit.value) || undefined, signal: ctrl.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      res = { error: e.message };
    } finally {
      runBtn.disabled = false;
    }
    const ms = Math.round(performance.now() - t0);
    if (res.error) {
      status.textContent = '';
      out.append(h('div', { class: 'error', role: 'alert', id: 'gizmo-error' }, h('strong', null, '查询出错 Query error '), h('pre', null, String(res.error))));
      showGraph({ nodes: [], edges: [] });
      return;
    }
    const rows = Array.isArray(res.result) ? res.result : res.result == null ? [] : [res.result];
    const els = toElements(rows);
    status.textContent = `${rows.length} 行 rows · ${els.edges.length} 条边 edges · ${ms} ms`;
    status.dataset.rows = String(rows.length);
    status.dataset.edges = String(els.edges.length);
    const fixed = bracketIRIs(q);
    if (!rows.length && fixed !== q) {
      out.append(
        h(
          'p',
          { class: 'hint', id: 'gizmo-hint' },
          '提示：Gizmo 中不带尖括号的字符串是字面量，节点与谓词须写成 "<kg:…>"。Plain strings are literals in Gizmo; write IRIs as "<kg:…>". ',
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                ta.value = fixed;
                run();
              },
            },
            '改写并运行 Rewrite and run',
          ),
        ),
      );
    }
    out.append(resultTable(rows));
    showGraph(els);
  }

  function showGraph(els) {
    graphCard.hidden = els.edges.length === 0;
    if (cy) {
      cy.destroy();
      cy = null;
    }
    graphEl.dataset.nodes = String(els.nodes.length);
    graphEl.dataset.edges = String(els.edges.length);
    if (!els.edges.length) return;
    cy = makeCy(graphEl, [...els.nodes, ...els.edges]);
    cy.layout(layoutOptions(els.nodes.length > 60 ? 'concentric' : 'cose')).run();
    cy.on('tap', 'node', (e) => {
      const d = e.target.data();
      if (d.type !== 'Literal' && d.type !== 'Node') location.hash = entityHref({ id: d.id, type: d.type });
    });
  }

  el.append(
    h('h1', null, 'Gizmo 查询控制台 ', h('small', null, 'Gizmo console')),
    h(
      'p',
      { class: 'muted small' },
      'Cayley 的 Gizmo 查询语言（JavaScript 风格）。节点与谓词写成带尖括号的 IRI，例如 ',
      h('code', null, '"<kg:union:成都市总工会>"'),
      '、',
      h('code', null, '"<kg:relayed>"'),
      '。带 source 与 target 标签的结果画成边。Tag results “source” and “target” to draw edges.',
    ),
    h(
      'form',
      {
        class: 'card',
        id: 'gizmo-form',
        onsubmit: (e) => {
          e.preventDefault();
          run();
        },
      },
      ta,
      h('div', { class: 'inline-form' }, runBtn, h('label', { class: 'small' }, '上限 Limit ', limit), h('span', { class: 'muted small' }, 'Ctrl+Enter 运行')),
      h('h3', null, '示例 ', h('small', null, 'Examples')),
      h(
        'div',
        { class: 'examples' },
        EXAMPLES.map((x, i) =>
          h(
            'button',
            {
              type: 'button',
              'data-example': String(i),
              title: x.q,
              onclick: () => {
                ta.value = x.q;
                run();
              },
            },
            x.zh,
            h('br'),
            h('small', { class: 'muted' }, x.en),
          ),
        ),
      ),
    ),
    status,
    graphCard,
    h('section', { class: 'card' }, h('h2', null, '结果 ', h('small', null, 'Results')), out),
  );
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  mount();
  if (query.get('q')) await run();
  return () => {
    if (ctrl) ctrl.abort();
    if (cy) cy.destroy();
  };
}

function resultTable(rows) {
  if (!rows.length) return h('p', { class: 'muted empty' }, '无结果 No results');
  const objects = rows.every((r) => r && typeof r === 'object' && !('@id' in r) && !('@value' in r));
  if (!objects) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'gizmo-table' }, h('thead', null, h('tr', null, h('th', null, '#'), h('th', null, '值 Value'))), h('tbody', null, rows.map((r, i) => h('tr', null, h('td', null, String(i + 1)), h('td', { 'data-label': '值' }, cell(r)))))));
  }
  const keys = [];
  for (const r of rows.slice(0, 1000)) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const rank = (k) => ['id', 'source', 'target'].indexOf(k);
  keys.sort((a, b) => (rank(a) < 0 ? 9 : rank(a)) - (rank(b) < 0 ? 9 : rank(b)));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data', id: 'gizmo-table' },
      h('thead', null, h('tr', null, h('th', null, '#'), keys.map((k) => h('th', null, k)))),
      h('tbody', null, rows.map((r, i) => h('tr', null, h('td', null, String(i + 1)), keys.map((k) => h('td', { 'data-label': k }, r[k] === undefined ? '' : cell(r[k])))))),
    ),
  );
}

