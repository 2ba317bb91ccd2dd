// Body view: a union body's profile, its place in the hierarchy, officials,
// meetings, congresses relayed, documents and slogans.
import { api } from '../api.js';
import { articleLinks, canonical, graphHref, h, hashId, kv, levelZh, refLink, section, table } from '../util.js';

export async function render({ el, params, signal }) {
  let b;
  try {
    b = await api.body(params[0], { signal });
  } catch (e) {
    // Not a body after all (e.g. an organisation the API files elsewhere):
    // show the generic node page.
    if (e.status === 404) {
      const node = await import('./node.js');
      return node.render({ el, params, signal });
    }
    throw e;
  }
  const id = canonical('body', params[0], b.id);
  // docs/api.md has place: {id, name}; the server sends place: "530000"
  // (the division code) and place_node: {id, type, name}. Take either.
  const placeRef = (b.place && typeof b.place === 'object' && b.place) || b.place_node || (b.place ? { id: `place:${b.place}`, name: b.place } : null);
  const place = placeRef ? refLink({ ...placeRef, type: 'Place' }) : null;
  el.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/bodies' }, '单位 Bodies'), ' / ', b.parent ? [refLink(b.parent), ' / '] : null),
    h('h1', null, b.name, ' ', h('small', null, levelZh(b.level))),
    kv([
      ['别名 Aliases', (b.aliases || []).join('、')],
      ['级别 Level', `${levelZh(b.level)}${b.level ? ` (${b.level})` : ''}`],
      ['省份 Province', b.province],
      ['地区 Place', place],
      ['上级 Parent', b.parent ? refLink(b.parent) : null],
    ]),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: graphHref(id) }, '在图谱中查看 Open in graph')),
  );

  const children = b.children || [];
  const more = (list) => {
    const note = cutNote(b, list);
    return note ? h('small', { class: 'muted', 'data-more': list }, ` ${note}`) : null;
  };
  el.append(
    h(
      'div',
      { class: 'grid2' },
      section(
        ['组织关系 ', h('small', null, 'Hierarchy')],
        h(
          'div',
          { class: 'hierarchy' },
          h('div', null, h('span', { class: 'muted' }, '上级 Parent：'), b.parent ? refLink(b.parent) : '—'),
          h('div', null, h('strong', null, b.name)),
          h(
            'div',
            null,
            h('span', { class: 'muted' }, `下级 Children（${(b.totals || {}).children ?? children.length}）：`),
            children.length ? h('div', { class: 'tags' }, children.map((c) => refLink(c))) : '—',
          ),
        ),
      ),
      section(
        ['传达的大会 ', h('small', null, 'Congresses relayed'), more('congresses')],
        table(
          [
            { title: '大会 Congress', label: '大会', cell: (c) => refLink({ ...c.congress, type: 'Congress' }) },
            { title: '日期 Date', label: '日期', cell: (c) => c.date || '—' },
            { title: '经由 Via', label: '经由', cell: (c) => refLink(c.via) },
            { title: '文章 Articles', label: '文章', cell: (c) => articleLinks(c.articles, { max: 2, total: c.articles_total }) },
          ],
          b.congresses,
        ),
      ),
      section(
        ['负责人 ', h('small', null, 'Officials'), more('officials')],
        table(
          [
            { title: '姓名 Name', label: '姓名', cell: (o) => refLink({ ...o.person, type: 'Person' }) },
            { title: '职务 Title', label: '职务', cell: (o) => o.title || '—' },
            { title: '日期 Date', label: '日期', cell: (o) => o.date || '—' },
            { title: '文章 Articles', label: '文章', cell: (o) => articleLinks(o.articles, { max: 1, total: o.articles_total }) },
          ],
          b.officials,
        ),
      ),
      section(
        ['会议 ', h('small', null, 'Meetings'), more('meetings')],
        table(
          [
            { title: '日期 Date', label: '日期', cell: (m) => m.date || '—' },
            { title: '会议 Meeting', label: '会议', cell: (m) => refLink({ id: m.id, name: m.name, type: 'Meeting' }) },
            { title: '传达 Relays', label: '传达', cell: (m) => ((m.relays || []).length ? (m.relays || []).map((c, j) => [j ? '、' : '', refLink(c)]) : '—') },
            { title: '文章 Articles', label: '文章', cell: (m) => articleLinks(m.articles, { max: 1, total: m.articles_total }) },
          ],
          b.meetings,
        ),
      ),
      section(
        ['口号 ', h('small', null, 'Slogans'), more('slogans')],
        (b.slogans || []).length
          ? h(
              'div',
              { class: 'tags' },
              b.slogans.map((s) =>
                h('span', null, h('a', { href: `#/slogan/${hashId(s.slogan.id)}` }, `“${s.slogan.name}”`), h('span', { class: 'muted small' }, ` ×${s.articles_total ?? (s.articles || []).length}`)),
              ),
            )
          : h('p', { class: 'muted' }, '无 None'),
      ),
      section(
        ['文件 ', h('small', null, 'Documents'), more('documents')],
        (b.documents || []).length ? h('ul', null, b.documents.map((d) => h('li', null, refLink(d)))) : h('p', { class: 'muted' }, '无 None'),
      ),
    ),
    section(['文章 ', h('small', null, 'Articles'), more('articles')], articleList(b.articles)),
  );
}

// cutNote says, of a profile's list that the API's paging cut (its total
// is more than it holds), how much is shown: "前 1000 条，共 1255 条 (first
// 1000 of 1255)"; null for a whole list.
export function cutNote(profile, list) {
  const total = (profile.totals || {})[list];
  const shown = (profile[list] || []).length;
  return typeof total === 'number' && total > shown ? `前 ${shown} 条，共 ${total} 条 (first ${shown} of ${total})` : null;
}

export function articleList(articles) {
  if (!articles || !articles.length) return h('p', { class: 'muted' }, '无 None');
  return h(
    'ul',
    { class: 'article-list' },
    articles.map((a) => h('li', null, h('a', { href: `#/article/${hashId(a.id)}` }, a.title || a.id), a.published ? h('span', { class: 'muted' }, ` ${a.published}`) : null)),
  );
}
