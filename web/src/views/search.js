// Search results (#/search?q=…&type=…): every match, filterable by type.
import { api } from '../api.js';
import { entityHref, graphHref, h, TYPES, typeBadge, table } from '../util.js';

export async function render({ el, query, signal }) {
  const q = query.get('q') || '';
  const type = query.get('type') || '';
  const res = q ? await api.search(q, { type, limit: 200 }, { signal }) : { items: [] };
  const chip = (t, label) =>
    h(
      'a',
      { class: `chip${t === type ? ' on' : ''}`, href: `#/search?q=${encodeURIComponent(q)}${t ? `&type=${t}` : ''}` },
      label,
    );
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: (e) => {
        e.preventDefault();
        const v = e.target.elements.q.value.trim();
        location.hash = `#/search?q=${encodeURIComponent(v)}${type ? `&type=${type}` : ''}`;
      },
    },
    h('input', { name: 'q', type: 'search', value: q, placeholder: '名称或别名（简繁皆可） Name or alias', 'aria-label': '搜索' }),
    h('button', { type: 'submit' }, '搜索 Search'),
  );
  el.append(
    h('h1', null, '搜索 ', h('small', null, 'Search')),
    form,
    h(
      'div',
      { class: 'chips' },
      chip('', '全部 All'),
      ['Union', 'Organization', 'Person', 'Congress', 'Slogan', 'Figurative', 'Document', 'Meeting', 'Place'].map((t) => chip(t, `${TYPES[t].zh} ${t}`)),
    ),
    q
      ? h('p', { class: 'muted' }, `“${q}”：${res.items.length} 个结果 results`)
      : h('p', { class: 'muted' }, '输入名称或别名，简体繁体均可。Type a name or alias, Simplified or Traditional.'),
    table(
      [
        { title: '类型 Type', cell: (r) => typeBadge(r.type) },
        // A congress of the calendar that no article names (十八大 may
        // mean 党的十八大 too) has no page: it is listed, not linked.
        {
          title: '名称 Name',
          cell: (r) =>
            r.in_graph === false
              ? h('span', { class: 'not-in-graph', 'data-id': r.id }, r.name, h('span', { class: 'muted' }, ` ${r.start || ''}（图中无记录 not in the graph）`))
              : h('a', { href: entityHref(r) }, r.name),
        },
        { title: '别名 Aliases', cell: (r) => (r.aliases || []).join('、') || '—' },
        { title: '', cell: (r) => (r.in_graph === false ? '' : h('a', { href: graphHref(r.id), class: 'small' }, '图谱 graph')) },
      ],
      res.items,
      { empty: q ? '没有匹配 No match' : '' },
    ),
  );
}
