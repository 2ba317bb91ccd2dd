// Graph view: start from an entity's neighbourhood, expand a node's
// neighbours by clicking it, filter by node type and predicate, pick a
// layout, export PNG. The URL keeps the start node, the layout, the hops
// and the expanded nodes (#/graph/ID?layout=cose&x=ID2&x=ID3).
import { api } from '../api.js';
import { LAYOUT_LABELS, LAYOUTS, layoutOptions, makeCy, predColor } from '../cyto.js';
import { attachSuggest } from '../suggest.js';
import { clear, download, entityHref, errorBox, graphHref, h, hashId, predZh, typeBadge, typeColor, typeZh } from '../util.js';

const edgeKey = (d) => `${d.source}\u0001${d.predicate}\u0001${d.target}`;

// mergeElements adds a graph view's elements to cy; edges are keyed by
// (source, predicate, target) so the same edge from two neighbourhoods is
// one edge. Returns the new nodes.
export function mergeElements(cy, view) {
  const els = (view && view.elements) || { nodes: [], edges: [] };
  const added = [];
  cy.batch(() => {
    for (const n of els.nodes || []) {
      const d = n.data || n;
      if (!d.id || cy.getElementById(d.id).length) continue;
      added.push(cy.add({ group: 'nodes', data: { id: d.id, label: d.label || d.id, type: d.type || n.classes }, classes: n.classes || d.type }));
    }
    for (const e of els.edges || []) {
      const d = e.data || e;
      if (!cy.getElementById(d.source).length || !cy.getElementById(d.target).length) continue;
      const id = edgeKey(d);
      const old = cy.getElementById(id);
      if (old.length) {
        const ids = new Set([...(old.data('article_ids') || []), ...(d.article_ids || [])]);
        old.data({ articles: Math.max(old.data('articles') || 0, d.articles || 0, ids.size), article_ids: [...ids] });
        continue;
      }
      cy.add({ group: 'edges', data: { ...d, id, serverId: d.id } });
    }
  });
  return cy.collection(added);
}

export async function render({ el, params, query, signal, mount }) {
  const start = params[0] || '';
  let layout = LAYOUTS.includes(query.get('layout')) ? query.get('layout') : 'cose';
  let hops = Math.min(Math.max(Number(query.get('hops')) || 1, 1), 3);
  const wanted = query.getAll('x');
  const hiddenTypes = new Set();
  const hiddenPreds = new Set();
  const expanded = new Set();
  let busy = 0;

  const startInput = h('input', { type: 'search', id: 'graph-start', placeholder: '起点：搜索实体 Start from… (name or alias)', 'aria-label': '起点 Start node' });
  const startBox = h('div', null, startInput);
  const layoutSel = h(
    'select',
    { id: 'graph-layout', 'aria-label': '布局 Layout' },
    LAYOUTS.map((l) => h('option', { value: l, selected: l === layout }, LAYOUT_LABELS[l])),
  );
  const hopsSel = h('select', { id: 'graph-hops', 'aria-label': '跳数 Hops' }, [1, 2].map((n) => h('option', { value: String(n), selected: n === hops }, `${n} 跳 hop${n > 1 ? 's' : ''}`)));
  const stats = h('span', { id: 'graph-stats', class: 'muted', 'aria-live': 'polite' });
  const labelsBox = h('input', { type: 'checkbox', id: 'edge-labels' });
  const toolbar = h(
    'div',
    { class: 'graph-toolbar' },
    startBox,
    hopsSel,
    layoutSel,
    h('button', { type: 'button', id: 'graph-fit', onclick: () => cy && cy.fit(undefined, 24) }, '适应 Fit'),
    h('button', { type: 'button', id: 'graph-png', onclick: () => exportPng() }, '导出 PNG'),
    h('label', { class: 'small' }, labelsBox, ' 边标签 edge labels'),
  );

  el.append(h('h1', null, '关系图谱 ', h('small', null, 'Graph')), toolbar);
  attachSuggest(startInput, { onPick: (item) => (location.hash = graphHref(item.id)) });

  if (!start) {
    const cs = await api.congresses({ signal });
    const top = [...cs.items].sort((a, b) => (b.bodies || 0) - (a.bodies || 0)).slice(0, 6);
    el.append(
      h(
        'section',
        { class: 'card' },
        h('p', null, '搜索一个实体作为起点，或从下面的大会开始。Search for a start node, or begin with a congress:'),
        h('ul', null, top.map((c) => h('li', null, h('a', { href: graphHref(c.id) }, c.name), h('span', { class: 'muted' }, ` ${c.bodies} 个单位`)))),
      ),
    );
    return;
  }

  const first = await api.neighborhood(start, { hops, limit: 200 }, { signal });
  const typeBox = h('fieldset', { id: 'type-filter' }, h('legend', null, '节点类型 Node types'));
  const predBox = h('fieldset', { id: 'pred-filter' }, h('legend', null, '关系 Predicates'));
  const info = h('div', { class: 'graph-info card', id: 'graph-info' }, h('p', { class: 'muted small' }, '点击节点展开其邻居；点击边查看证据文章。Click a node to expand its neighbours; click an edge for its articles.'));
  const container = h('div', { class: 'cy', id: 'cy', role: 'img', 'aria-label': '关系图 graph' });
  el.append(
    h('p', { class: 'muted' }, '起点 Start: ', h('a', { href: entityHref(start) }, start), ' ', stats),
    h('div', { class: 'graph-layout' }, h('div', { class: 'graph-side' }, typeBox, predBox), h('div', { class: 'graph-main' }, container, info)),
  );
  mount();

  const cy = makeCy(container);
  window.kgGraph = { cy }; // for the browser console and the e2e tests
  mergeElements(cy, first);
  cy.getElementById(start).addClass('start expanded');
  expanded.add(start);

  function updateUrl() {
    const p = new URLSearchParams();
    if (layout !== 'cose') p.set('layout', layout);
    if (hops !== 1) p.set('hops', String(hops));
    for (const x of expanded) if (x !== start) p.append('x', x);
    const u = new URL(location.href);
    u.hash = `#/graph/${hashId(start)}${p.toString() ? `?${p}` : ''}`;
    history.replaceState(null, '', u);
  }

  function relayout(randomize = true) {
    cy.layout(layoutOptions(layout, { roots: [start], randomize })).run();
  }

  function applyFilters() {
    cy.batch(() => {
      cy.nodes().forEach((n) => n.toggleClass('hidden', hiddenTypes.has(n.data('type'))));
      cy.edges().forEach((e) => e.toggleClass('hidden', hiddenPreds.has(e.data('predicate'))));
    });
    refreshStats();
  }

  function refreshStats() {
    const shown = (n) => !hiddenTypes.has(n.data('type'));
    const vn = cy.nodes().filter(shown).length;
    const ve = cy.edges().filter((e) => !hiddenPreds.has(e.data('predicate')) && shown(e.source()) && shown(e.target())).length;
    stats.textContent = `节点 ${cy.nodes().length} nodes · 边 ${cy.edges().length} edges${vn !== cy.nodes().length || ve !== cy.edges().length ? `（显示 ${vn} / ${ve} shown）` : ''}`;
    stats.dataset.nodes = String(cy.nodes().length);
    stats.dataset.edges = String(cy.edges().length);
    stats.dataset.visibleNodes = String(vn);
  }

  function checkboxes(box, counts, hidden, label, swatch) {
    [...box.querySelectorAll('label')].forEach((l) => l.remove());
    for (const [k, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) {
      box.append(
        h(
          'label',
          null,
          h('input', {
            type: 'checkbox',
            value: k,
            checked: !hidden.has(k),
            onchange: (e) => {
              if (e.target.checked) hidden.delete(k);
              else hidden.add(k);
              applyFilters();
            },
          }),
          h('span', { class: 'swatch', style: { background: swatch(k) } }),
          label(k),
          h('span', { class: 'count' }, String(n)),
        ),
      );
    }
  }

  function refreshFilters() {
    const types = new Map();
    cy.nodes().forEach((n) => types.set(n.data('type'), (types.get(n.data('type')) || 0) + 1));
    const preds = new Map();
    cy.edges().forEach((e) => preds.set(e.data('predicate'), (preds.get(e.data('predicate')) || 0) + 1));
    checkboxes(typeBox, types, hiddenTypes, (t) => `${typeZh(t)} ${t}`, typeColor);
    checkboxes(predBox, preds, hiddenPreds, (p) => `${predZh(p)} ${p === predZh(p) ? '' : p}`, predColor);
    cy.edges().toggleClass('labels', labelsBox.checked);
    applyFilters();
  }

  async function expand(id) {
    if (expanded.has(id)) return 0;
    const node = cy.getElementById(id);
    node.addClass('loading');
    busy++;
    container.dataset.busy = String(busy);
    let res;
    try {
      res = await api.neighborhood(id, { hops: 1, limit: 200 });
    } finally {
      if (--busy === 0) delete container.dataset.busy;
      else container.dataset.busy = String(busy);
    }
    if (expanded.has(id)) return 0;
    expanded.add(id);
    node.removeClass('loading').addClass('expanded');
    const added = mergeElements(cy, res);
    // New nodes start around the expanded one, then the layout settles them.
    const p = node.position();
    added.forEach((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(added.length, 1);
      n.position({ x: p.x + 80 * Math.cos(a), y: p.y + 80 * Math.sin(a) });
    });
    refreshFilters();
    relayout(false);
    updateUrl();
    return added.length;
  }

  function showNode(n) {
    const d = n.data();
    clear(info).append(
      h('h3', null, typeBadge(d.type), ' ', d.label),
      h('p', { class: 'small' }, h('code', null, d.id)),
      h(
        'p',
        { class: 'actions' },
        h('a', { class: 'button', href: entityHref({ id: d.id, type: d.type }) }, '详情 Open page'),
        h('a', { class: 'button', href: graphHref(d.id) }, '以此为起点 Re-center'),
        expanded.has(d.id) ? h('span', { class: 'muted small' }, '已展开 expanded') : null,
      ),
      h('p', { class: 'muted small' }, `${n.connectedEdges().length} 条边 edges`),
    );
  }

  function showEdge(e) {
    const d = e.data();
    const s = cy.getElementById(d.source).data();
    const t = cy.getElementById(d.target).data();
    clear(info).append(
      h('h3', null, s.label, ' —', predZh(d.predicate), '→ ', t.label),
      h('p', { class: 'small muted' }, `${d.predicate}${d.title ? ` · ${d.title}` : ''} · ${d.articles || 0} 篇文章 articles`),
      h('ul', null, (d.article_ids || []).map((a) => h('li', null, h('a', { href: `#/article/${hashId(a)}` }, a)))),
    );
  }

  function exportPng() {
    const png = cy.png({ output: 'base64uri', full: true, scale: 2, bg: '#ffffff' });
    download(png, `kg-graph-${start.replace(/[^\p{L}\p{N}_-]+/gu, '_')}.png`);
  }

  cy.on('tap', 'node', async (evt) => {
    const n = evt.target;
    cy.elements().unselect();
    n.select();
    showNode(n);
    try {
      await expand(n.id());
      showNode(n);
    } catch (e) {
      info.append(errorBox(e));
    }
  });
  cy.on('tap', 'edge', (evt) => showEdge(evt.target));
  const route = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  layoutSel.addEventListener('change', () => {
    layout = layoutSel.value;
    relayout(true);
    updateUrl();
  });
  hopsSel.addEventListener('change', () => {
    hops = Number(hopsSel.value);
    updateUrl();
    route();
  });
  labelsBox.addEventListener('change', () => cy.edges().toggleClass('labels', labelsBox.checked));

  refreshFilters();
  relayout(true);
  for (const x of wanted) {
    if (cy.getElementById(x).length) await expand(x).catch(() => {});
  }
  updateUrl();
  container.dataset.ready = 'true';
  return () => {
    cy.destroy();
    if (window.kgGraph && window.kgGraph.cy === cy) delete window.kgGraph;
  };
}

