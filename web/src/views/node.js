// Generic node view (meetings, documents, places, …): attributes and edges.
import { api } from '../api.js';
import { articleLinks, canonical, entityHref, graphHref, h, kv, predZh, refLink, section, table, typeBadge } from '../util.js';

export async function render({ el, params, signal }) {
  const n = await api.node(params[0], { signal });
  // A node of a type with its own page goes there.
  const own = entityHref(n);
  if (!own.startsWith('#/node/') && location.hash.startsWith('#/node/')) {
    location.replace(own);
    return;
  }
  const id = location.hash.startsWith('#/node/') ? canonical('node', params[0], n.id) : n.id;
  const attrs = Object.entries(n.attributes || {}).filter(([k]) => !['text', 'name', 'rdf:type'].includes(k));
  const edges = (list, dir) =>
    table(
      [
        { title: '关系 Predicate', label: '关系', cell: (e) => `${predZh(e.predicate)} ${e.predicate}` },
        { title: dir, label: dir, cell: (e) => refLink(e.node, { badge: true }) },
        { title: '文章 Articles', label: '文章', cell: (e) => articleLinks(e.articles, { max: 2 }) },
      ],
      list,
      { empty: '无 None' },
    );
  el.append(
    h('p', { class: 'crumbs' }, typeBadge(n.type), ' ', n.type),
    h('h1', null, n.name || n.id),
    kv([
      ['ID', h('code', null, n.id)],
      ['别名 Aliases', (n.aliases || []).join('、')],
      ...attrs.map(([k, v]) => [k, [].concat(v).join('、')]),
    ]),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: graphHref(id) }, '在图谱中查看 Open in graph')),
    h(
      'div',
      { class: 'grid2' },
      section(['出边 ', h('small', null, 'Outgoing')], edges(n.out, '对象 Object')),
      section(['入边 ', h('small', null, 'Incoming')], edges(n.in, '主体 Subject')),
    ),
  );
}
