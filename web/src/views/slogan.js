// Slogan view: usage by month and by province, and the bodies that used it.
import { api } from '../api.js';
import { chart, FONT } from '../charts.js';
import { articleLinks, canonical, graphHref, h, kv, refLink, section, table } from '../util.js';
import { articleList, cutNote } from './body.js';

// fillMonths returns every month from the first to the last of byMonth,
// with zero counts where nothing was published.
export function fillMonths(byMonth) {
  const months = (byMonth || []).filter((m) => /^\d{4}-\d{2}$/.test(m.month)).sort((a, b) => a.month.localeCompare(b.month));
  if (!months.length) return [];
  const counts = new Map(months.map((m) => [m.month, m.count]));
  const out = [];
  let [y, mo] = months[0].month.split('-').map(Number);
  const [ly, lm] = months[months.length - 1].month.split('-').map(Number);
  while (y < ly || (y === ly && mo <= lm)) {
    const k = `${y}-${String(mo).padStart(2, '0')}`;
    out.push({ month: k, count: counts.get(k) || 0 });
    if (++mo > 12) {
      mo = 1;
      y++;
    }
    if (out.length > 600) break;
  }
  return out;
}

// shownOf notes, of a list the API cut, how much of it is shown.
function shownOf(total, list) {
  const note = cutNote({ totals: { list: typeof total === 'number' ? total : list.length }, list }, 'list');
  return note ? h('small', { class: 'muted' }, ` ${note}`) : null;
}

export async function render({ el, params, signal, mount }) {
  const s = await api.slogan(params[0], { signal });
  const id = canonical('slogan', params[0], s.id);
  // docs/api.md: bodies: [{body, articles}], articles: [article ref]. The
  // server sends those as counts and the lists as body_usage and
  // article_list; take whichever is a list.
  const bodies = Array.isArray(s.bodies) ? s.bodies : s.body_usage || [];
  const articles = Array.isArray(s.articles) ? s.articles : s.article_list || [];
  const months = fillMonths(s.by_month);
  const provinces = [...(s.by_province || [])].sort((a, b) => b.count - a.count);
  const monthEl = h('div', { class: 'chart', id: 'slogan-months', dataset: { months: String(months.length) } });
  const provEl = h('div', { class: 'chart', id: 'slogan-provinces', style: { height: `${Math.max(200, provinces.length * 28 + 60)}px` } });
  el.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/slogans' }, '口号 Slogans'), ' /'),
    h('h1', null, `“${s.name}”`),
    kv([
      ['首次 First', s.first],
      ['最近 Last', s.last],
      ['单位 Bodies', typeof s.bodies === 'number' ? s.bodies : bodies.length],
      ['文章 Articles', typeof s.articles === 'number' ? s.articles : articles.length],
    ]),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: graphHref(id) }, '在图谱中查看 Open in graph')),
    h(
      'div',
      { class: 'grid2' },
      section(['按月使用 ', h('small', null, 'Usage by month')], months.length ? monthEl : h('p', { class: 'muted' }, '无数据 No data')),
      section(['按地区 ', h('small', null, 'By region')], provinces.length ? provEl : h('p', { class: 'muted' }, '无数据 No data')),
    ),
    section(
      ['使用单位 ', h('small', null, 'Bodies'), shownOf(s.bodies, bodies)],
      table(
        [
          { title: '单位 Body', label: '单位', cell: (b) => refLink({ ...b.body, type: b.body.type || 'Union' }) },
          { title: '文章 Articles', label: '文章', cell: (b) => articleLinks(b.articles, { max: 3, total: b.articles_total }) },
        ],
        bodies,
      ),
    ),
    section(['文章 ', h('small', null, 'Articles'), shownOf(s.articles, articles)], articleList(articles)),
  );
  mount();
  const charts = [];
  if (months.length) {
    charts.push(
      chart(monthEl, {
        textStyle: { fontFamily: FONT },
        animation: false,
        grid: { left: 8, right: 16, top: 20, bottom: 30, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: months.map((m) => m.month) },
        yAxis: { type: 'value', minInterval: 1, name: '篇 articles' },
        series: [{ type: 'bar', data: months.map((m) => m.count), itemStyle: { color: '#d6336c' }, barMaxWidth: 28 }],
      }),
    );
  }
  if (provinces.length) {
    charts.push(
      chart(provEl, {
        textStyle: { fontFamily: FONT },
        animation: false,
        grid: { left: 8, right: 24, top: 10, bottom: 20, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: provinces.map((p) => p.province || '全国') },
        series: [{ type: 'bar', data: provinces.map((p) => p.count), itemStyle: { color: '#1971c2' }, barMaxWidth: 22 }],
      }),
    );
  }
  return () => charts.forEach((c) => c.dispose());
}
