// Person view: positions held and meetings chaired or spoken at.
import { api } from '../api.js';
import { articleLinks, canonical, graphHref, h, refLink, section, table } from '../util.js';
import { articleList } from './body.js';

export async function render({ el, params, signal }) {
  const p = await api.person(params[0], { signal });
  const id = canonical('person', params[0], p.id);
  const meetings = (list) =>
    table(
      [
        { title: '日期 Date', label: '日期', cell: (m) => m.date || '—' },
        { title: '会议 Meeting', label: '会议', cell: (m) => refLink({ ...m, type: m.type || 'Meeting' }) },
      ],
      list,
      { empty: '无 None' },
    );
  el.append(
    h('p', { class: 'crumbs' }, '人物 Person /'),
    h('h1', null, p.name),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: graphHref(id) }, '在图谱中查看 Open in graph')),
    section(
      ['职务 ', h('small', null, 'Positions')],
      table(
        [
          { title: '职务 Title', label: '职务', cell: (x) => x.title || '—' },
          { title: '单位 Organisation', label: '单位', cell: (x) => (x.org ? refLink(x.org) : '—') },
          { title: '日期 Date', label: '日期', cell: (x) => x.date || '—' },
          { title: '文章 Articles', label: '文章', cell: (x) => articleLinks(x.articles, { max: 2 }) },
        ],
        p.positions,
        { empty: '无 None' },
      ),
    ),
    h(
      'div',
      { class: 'grid2' },
      section(['主持的会议 ', h('small', null, 'Chaired')], meetings(p.chaired)),
      section(['讲话的会议 ', h('small', null, 'Spoke at')], meetings(p.spoke)),
    ),
    section(['文章 ', h('small', null, 'Articles')], articleList(p.articles)),
  );
}
