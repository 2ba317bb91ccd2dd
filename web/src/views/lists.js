// List pages: congresses, bodies (filterable), slogans, articles.
import { api } from '../api.js';
import { articleHref, entityHref, graphHref, h, hashId, httpURL, kindZh, levelZh, LEVELS, shownOption, table } from '../util.js';

export async function congresses({ el, signal }) {
  const res = await api.congresses({ signal });
  el.append(
    h('h1', null, '大会 ', h('small', null, 'Congresses')),
    h('p', { class: 'muted' }, `${res.total} 个大会、全会与会议。点击查看传达学习时间线。Click one for its relay timeline.`),
    table(
      [
        { title: '名称 Name', cell: (c) => h('a', { href: `#/congress/${hashId(c.id)}` }, c.name) },
        { title: '类别 Kind', cell: (c) => kindZh(c.kind) },
        { title: '会期 Dates', cell: (c) => [c.start, c.end].filter(Boolean).filter((d, i, a) => a.indexOf(d) === i).join(' – ') || '—' },
        { title: '传达 Relays', class: 'num', cell: (c) => c.relays },
        { title: '单位 Bodies', class: 'num', cell: (c) => c.bodies },
        { title: '首次 First', cell: (c) => c.first_relay || '—' },
        { title: '最后 Last', cell: (c) => c.last_relay || '—' },
        { title: '', cell: (c) => h('a', { href: graphHref(c.id), class: 'small' }, '图谱') },
      ],
      res.items,
      { className: 'congress-list' },
    ),
  );
}

export async function bodies({ el, query, signal }) {
  const province = query.get('province') || '';
  const level = query.get('level') || '';
  const q = query.get('q') || '';
  const [all, res] = await Promise.all([
    province || level || q ? api.bodies({}, { signal }) : null,
    api.bodies({ province, level, q }, { signal }),
  ]);
  const every = (all || res).items;
  const provinces = [...new Set(every.map((b) => b.province).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh'));
  const levels = [...new Set(every.map((b) => b.level).filter(Boolean))];
  const shownProvince = shownOption(province, provinces, res.items.map((b) => b.province));
  const shownLevel = shownOption(level, levels, res.items.map((b) => b.level));
  const go = (form) => {
    const p = new URLSearchParams();
    for (const k of ['q', 'province', 'level']) if (form.elements[k].value) p.set(k, form.elements[k].value);
    location.hash = `#/bodies${p.toString() ? `?${p}` : ''}`;
  };
  const form = h(
    'form',
    {
      class: 'inline-form filters',
      onsubmit: (e) => {
        e.preventDefault();
        go(e.target);
      },
      onchange: (e) => e.target.tagName === 'SELECT' && go(e.currentTarget),
    },
    h('input', { name: 'q', type: 'search', value: q, placeholder: '名称 Name', 'aria-label': '名称' }),
    h(
      'select',
      { name: 'province', 'aria-label': '省份 Province' },
      h('option', { value: '' }, '全部省份 All provinces'),
      provinces.map((p) => h('option', { value: p, selected: p === shownProvince }, p)),
    ),
    h(
      'select',
      { name: 'level', 'aria-label': '级别 Level' },
      h('option', { value: '' }, '全部级别 All levels'),
      levels.map((l) => h('option', { value: l, selected: l === shownLevel }, `${LEVELS[l] || l} ${l}`)),
    ),
    h('button', { type: 'submit' }, '筛选 Filter'),
  );
  el.append(
    h('h1', null, '单位 ', h('small', null, 'Union bodies')),
    form,
    h('p', { class: 'muted' }, `${res.total} 个单位 bodies`),
    table(
      [
        { title: '名称 Name', cell: (b) => h('a', { href: entityHref({ id: b.id, type: 'Union' }) }, b.name) },
        { title: '省份 Province', cell: (b) => b.province || '—' },
        { title: '级别 Level', cell: (b) => levelZh(b.level) },
        { title: '传达 Relays', class: 'num', cell: (b) => b.relays ?? '—' },
        { title: '文章 Articles', class: 'num', cell: (b) => (typeof b.articles === 'number' ? b.articles : (b.articles || []).length) },
      ],
      res.items,
    ),
  );
}

export async function slogans({ el, signal }) {
  const res = await api.slogans({ signal });
  el.append(
    h('h1', null, '口号 ', h('small', null, 'Slogans')),
    h('p', { class: 'muted' }, `${res.total} 条口号与提法 slogans`),
    table(
      [
        { title: '口号 Slogan', cell: (s) => h('a', { href: `#/slogan/${hashId(s.id)}` }, `“${s.name}”`) },
        { title: '单位 Bodies', class: 'num', cell: (s) => count(s.bodies) },
        { title: '文章 Articles', class: 'num', cell: (s) => count(s.articles) },
        { title: '首次 First', cell: (s) => s.first || '—' },
        { title: '最近 Last', cell: (s) => s.last || '—' },
      ],
      res.items,
    ),
  );
}

export async function articles({ el, signal }) {
  const res = await api.articles({ signal });
  el.append(
    h('h1', null, '文章 ', h('small', null, 'Articles')),
    h('p', { class: 'muted' }, `${res.total} 篇文章 articles`),
    h(
      'section',
      { class: 'card' },
      table(
        [
          { title: '标题 Title', cell: (a) => h('a', { href: articleHref(a) }, a.title || a.id) },
          { title: '发布 Published', cell: (a) => a.published || '—' },
          { title: '来源 Source', cell: (a) => (httpURL(a.url) ? h('a', { href: httpURL(a.url), rel: 'noopener', target: '_blank' }, a.source || 'link') : a.source || a.url || '—') },
        ],
        res.items,
      ),
    ),
  );
}

const count = (v) => (Array.isArray(v) ? v.length : v ?? '—');
