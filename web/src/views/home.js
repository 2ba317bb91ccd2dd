// Home: what the graph holds, and the ways in.
import { api } from '../api.js';
import { graphHref, h, hashId, kindZh, section, table } from '../util.js';

export async function render({ el, signal }) {
  const [stats, congresses] = await Promise.all([api.stats({ signal }), api.congresses({ signal })]);
  const top = [...congresses.items].sort((a, b) => (b.bodies || 0) - (a.bodies || 0)).slice(0, 8);
  const stat = (n, zh, en, href) =>
    h(href ? 'a' : 'div', { class: 'stat', href }, h('span', { class: 'num' }, n ?? '—'), h('span', null, zh, ' ', h('small', null, en)));
  el.append(
    h('h1', null, '工会知识图谱 ', h('small', null, 'Knowledge graph of Chinese trade-union news')),
    h(
      'p',
      { class: 'lead' },
      '哪些工会在何时、由谁主持、以何种口号传达学习了党的二十大、二十届三中全会、中国工会十八大等会议精神。',
      h('br'),
      h('span', { class: 'muted' }, 'Which union bodies relayed which congress, when, chaired by whom, with which slogans.'),
    ),
    h(
      'div',
      { class: 'stats' },
      stat(stats.congresses, '大会', 'congresses', '#/congresses'),
      stat(stats.bodies, '单位', 'bodies', '#/bodies'),
      stat(stats.persons, '人物', 'persons'),
      stat(stats.slogans, '口号', 'slogans', '#/slogans'),
      stat(stats.articles, '文章', 'articles', '#/articles'),
      stat(stats.nodes, '节点', 'nodes', '#/graph'),
      stat(stats.quads, '四元组', 'quads', '#/gizmo'),
    ),
    section(
      ['传达最广的大会 ', h('small', null, 'Most relayed congresses')],
      table(
        [
          { title: '大会 Congress', cell: (c) => h('a', { href: `#/congress/${hashId(c.id)}` }, c.name) },
          { title: '类别 Kind', cell: (c) => kindZh(c.kind) },
          { title: '单位 Bodies', class: 'num', cell: (c) => c.bodies },
          { title: '首次传达 First', cell: (c) => c.first_relay || '—' },
          { title: '', cell: (c) => h('a', { href: graphHref(c.id), class: 'small' }, '图谱 graph') },
        ],
        top,
      ),
      h('p', null, h('a', { href: '#/congresses' }, '全部大会 All congresses →')),
    ),
  );
}
