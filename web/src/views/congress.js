// Congress view: the relay cascade. A timeline chart (x = days after the
// congress closed, y = bodies grouped by province and level) beside a table
// of the relay events; clicking a point or a row shows its meeting and
// articles.
import { api } from '../api.js';
import { chart, FONT } from '../charts.js';
import {
  articleLinks,
  clear,
  graphHref,
  h,
  hashId,
  kindZh,
  canonical,
  kv,
  levelRank,
  levelZh,
  LEVELS,
  refLink,
  shownOption,
} from '../util.js';

export const LEVEL_COLORS = {
  national: '#6741d9',
  industry: '#9c36b5',
  province: '#c92a2a',
  city: '#e8590c',
  district: '#f08c00',
  county: '#2b8a3e',
  town: '#1971c2',
  street: '#1971c2',
  region: '#0c8599',
  enterprise: '#495057',
};
const levelColor = (l) => LEVEL_COLORS[l] || '#868e96';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function provinceOf(body) {
  if (body.province) return body.province;
  return body.level === 'national' || body.level === 'industry' ? '全国' : '其他';
}

// bodyOrder sorts the bodies of the relays: by province (national bodies
// first), then level (higher first), then first relay date.
export function bodyOrder(relays) {
  const bodies = new Map();
  for (const r of relays) {
    const b = bodies.get(r.body.id);
    if (!b) bodies.set(r.body.id, { ...r.body, first: r.date || '', n: 1 });
    else b.n++;
  }
  const provRank = (p) => (p === '全国' ? '' : p === '其他' ? '\uffff' : p);
  return [...bodies.values()].sort(
    (a, b) =>
      provRank(provinceOf(a)).localeCompare(provRank(provinceOf(b)), 'zh') ||
      levelRank(a.level) - levelRank(b.level) ||
      a.first.localeCompare(b.first) ||
      a.name.localeCompare(b.name, 'zh'),
  );
}

// PSEUDO_PROVINCES are the explorer's groups of bodies without a province
// (provinceOf), which it filters itself; the API filters the others, and
// takes their short names and level words (江西, 县级) too.
const PSEUDO_PROVINCES = ['全国', '其他'];

export async function render({ el, params, query, signal, mount }) {
  const province = query.get('province') || '';
  const level = query.get('level') || '';
  const pseudo = PSEUDO_PROVINCES.includes(province);
  const filter = { province: pseudo ? '' : province, level };
  // The id may be an alias: the API redirects it (or offers candidates).
  const [c, rel, narrowed] = await Promise.all([
    api.congress(params[0], { signal }),
    api.relays(params[0], {}, { signal }),
    filter.province || filter.level ? api.relays(params[0], filter, { signal }) : null,
  ]);
  const id = canonical('congress', params[0], c.id);
  const all = rel.items || [];
  const dates = [c.start, c.end].filter(Boolean).filter((d, i, a) => a.indexOf(d) === i).join(' 至 ');

  el.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/congresses' }, '大会 Congresses'), ' / '),
    h('h1', null, c.name, ' ', h('small', null, kindZh(c.kind))),
    kv([
      ['会期 Dates', dates || '—'],
      ['别名 Aliases', (c.aliases || []).join('、')],
      ['传达 Relays', `${c.relays ?? all.length} 次 events`],
      ['单位 Bodies', `${c.bodies ?? '—'} 个 bodies`],
    ]),
    h(
      'p',
      { class: 'actions' },
      h('a', { class: 'button', href: graphHref(id) }, '在图谱中查看 Open in graph'),
      ' ',
      h(
        'a',
        {
          class: 'button',
          href: `#/gizmo?q=${encodeURIComponent(`g.V("<kg:${id}>").In("<kg:relayed>").Tag("source").Out("<kg:relayed>").Tag("target").All()`)}`,
        },
        'Gizmo 查询 Query',
      ),
      ' ',
      h('a', { class: 'button', id: 'relay-csv', href: api.relaysCsvHref(id, filter), download: '' }, '下载 CSV Download CSV'),
    ),
  );

  const relays = ((narrowed || rel).items || []).filter((r) => !pseudo || provinceOf(r.body) === province);
  const provinces = [...new Set(all.map((r) => provinceOf(r.body)))].sort((a, b) => a.localeCompare(b, 'zh'));
  const levels = [...new Set(all.map((r) => r.body.level).filter(Boolean))].sort((a, b) => levelRank(a) - levelRank(b));
  // A filter given as a word the API understands (江西, 县级) selects the
  // option it stands for, as the relays it kept show.
  const shownProvince = shownOption(province, provinces, relays.map((r) => provinceOf(r.body)));
  const shownLevel = shownOption(level, levels, relays.map((r) => r.body.level));
  const setFilter = (k, v) => {
    const p = new URLSearchParams(query);
    if (v) p.set(k, v);
    else p.delete(k);
    location.hash = `#/congress/${hashId(id)}${p.toString() ? `?${p}` : ''}`;
  };
  const filters = h(
    'div',
    { class: 'inline-form filters' },
    h(
      'select',
      { 'aria-label': '省份 Province', onchange: (e) => setFilter('province', e.target.value) },
      h('option', { value: '' }, '全部省份 All provinces'),
      provinces.map((p) => h('option', { value: p, selected: p === shownProvince }, p)),
    ),
    h(
      'select',
      { 'aria-label': '级别 Level', onchange: (e) => setFilter('level', e.target.value) },
      h('option', { value: '' }, '全部级别 All levels'),
      levels.map((l) => h('option', { value: l, selected: l === shownLevel }, `${levelZh(l)} ${l}`)),
    ),
  );

  const order = bodyOrder(relays);
  const index = new Map(order.map((b, i) => [b.id, i]));
  const plotted = relays.map((r, i) => ({ r, i })).filter(({ r }) => typeof r.lag_days === 'number');
  const undated = relays.length - plotted.length;

  const chartEl = h('div', {
    class: 'timeline-chart',
    id: 'relay-timeline',
    role: 'img',
    'aria-label': `传达学习时间线：${order.length} 个单位`,
    dataset: { bodies: String(order.length), relays: String(relays.length), points: String(plotted.length) },
    style: { height: `${Math.max(240, order.length * 26 + 90)}px` },
  });
  const detail = h('div', { class: 'relay-detail', id: 'relay-detail', 'aria-live': 'polite' }, h('p', { class: 'muted' }, '点击图中的点或表中的行查看会议与文章。Click a point or a row for its meeting and articles.'));

  const rows = relays.map((r, i) =>
    h(
      'tr',
      { 'data-relay': String(i), 'data-body': r.body.id, tabindex: '0', onclick: () => select(i), onkeydown: (e) => e.key === 'Enter' && select(i) },
      h('td', null, h('div', null, r.date || '—'), h('div', { class: 'muted small' }, typeof r.lag_days === 'number' ? `+${r.lag_days} 天` : '')),
      h(
        'td',
        null,
        h('a', { href: `#/body/${hashId(r.body.id)}`, onclick: (e) => e.stopPropagation() }, r.body.name),
        h('div', { class: 'muted small' }, `${provinceOf(r.body)} · ${levelZh(r.body.level)}`),
      ),
      h(
        'td',
        null,
        r.via ? refLink(r.via) : '—',
        r.chairs && r.chairs.length ? h('div', { class: 'small' }, '主持 ', r.chairs.map((p, j) => [j ? '、' : '', refLink(p)])) : null,
      ),
      h('td', null, articleLinks(r.articles, { max: 2 })),
    ),
  );
  const tableEl = h(
    'div',
    { class: 'table-wrap relay-table' },
    h(
      'table',
      { class: 'data', id: 'relay-table' },
      h('thead', null, h('tr', null, h('th', null, '日期 Date'), h('th', null, '单位 Body'), h('th', null, '会议 Meeting'), h('th', null, '文章 Articles'))),
      h('tbody', null, rows),
    ),
  );

  const legend = h(
    'div',
    { class: 'legend' },
    levels.map((l) => h('span', null, h('i', { style: { background: levelColor(l) } }), LEVELS[l] || l)),
  );

  el.append(
    h(
      'section',
      { class: 'card' },
      h('h2', null, '传达学习时间线 ', h('small', null, 'Relay timeline')),
      filters,
      h(
        'p',
        { class: 'muted', id: 'timeline-caption' },
        `${order.length} 个单位 bodies · ${relays.length} 次传达 relays`,
        undated ? ` · ${undated} 次日期不全未绘出 undated, not plotted` : '',
      ),
      relays.length === 0 ? h('p', { class: 'empty muted' }, '暂无传达记录 No relay recorded') : null,
      h('div', { class: 'split' }, h('div', { class: 'split-main' }, chartEl, legend, detail), h('div', { class: 'split-side' }, tableEl)),
    ),
  );
  mount();

  let selected = -1;
  function select(i) {
    if (selected >= 0 && rows[selected]) rows[selected].classList.remove('selected');
    selected = i;
    const r = relays[i];
    rows[i].classList.add('selected');
    rows[i].scrollIntoView({ block: 'nearest' });
    clear(detail).append(
      h('h3', null, r.body.name, ' ', h('small', null, `${r.date || ''}${typeof r.lag_days === 'number' ? `（闭幕后 ${r.lag_days} 天）` : ''}`)),
      kv([
        ['单位 Body', refLink({ ...r.body, type: 'Union' })],
        ['会议 Meeting', r.via ? [refLink(r.via), r.via.kind ? h('span', { class: 'muted' }, ` ${r.via.kind}`) : null] : '—'],
        ['主持 Chair', r.chairs && r.chairs.length ? r.chairs.map((p, j) => [j ? '、' : '', refLink(p)]) : null],
        ['文章 Articles', articleLinks(r.articles, { max: 5 })],
      ]),
    );
    if (timeline) {
      const k = plotted.findIndex((p) => p.i === i);
      timeline.chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
      if (k >= 0) {
        timeline.chart.dispatchAction({ type: 'highlight', seriesIndex: 0, dataIndex: k });
        timeline.chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: k });
      }
    }
  }

  let timeline = null;
  if (relays.length) {
    const narrow = chartEl.clientWidth < 560;
    const lags = plotted.map((p) => p.r.lag_days);
    const firstOfProvince = new Set();
    let prev = null;
    for (const b of order) {
      if (provinceOf(b) !== prev) firstOfProvince.add(b.id);
      prev = provinceOf(b);
    }
    const byId = new Map(order.map((b) => [b.id, b]));
    const dated = new Set(plotted.map((p) => p.r.body.id));
    timeline = chart(
      chartEl,
      {
        textStyle: { fontFamily: FONT },
        animation: false,
        grid: { left: 8, right: 24, top: 24, bottom: 44, containLabel: true },
        tooltip: {
          trigger: 'item',
          confine: true,
          formatter: (p) => {
            const r = relays[p.data.relay];
            return [
              `<b>${esc(r.body.name)}</b>`,
              `${esc(r.date)}（闭幕后 ${r.lag_days} 天 days）`,
              r.via ? `会议：${esc(r.via.name)}` : '',
              r.chairs && r.chairs.length ? `主持：${r.chairs.map((x) => esc(x.name)).join('、')}` : '',
              `文章：${(r.articles || []).map((a) => esc(a.title || a.id)).join('；')}`,
            ]
              .filter(Boolean)
              .join('<br>');
          },
        },
        xAxis: {
          type: 'value',
          name: '闭幕后天数 Days after close',
          nameLocation: 'middle',
          nameGap: 26,
          min: Math.min(0, ...lags),
          max: (v) => Math.max(v.max + 1, 7),
          minInterval: 1,
        },
        yAxis: {
          type: 'category',
          inverse: true,
          data: order.map((b) => b.id),
          axisTick: { alignWithLabel: true },
          splitLine: { show: true, lineStyle: { color: '#f1f3f5' } },
          axisLabel: {
            width: narrow ? 120 : 230,
            overflow: 'truncate',
            formatter: (v) => {
              const b = byId.get(v);
              if (!b) return v;
              const name = dated.has(v) ? b.name : `{undated|${b.name}（日期不详）}`;
              return firstOfProvince.has(v) && !narrow ? `{prov|${provinceOf(b)}} ${name}` : name;
            },
            rich: { prov: { color: '#868e96', fontSize: 11 }, undated: { color: '#adb5bd' } },
          },
        },
        series: [
          {
            type: 'scatter',
            symbolSize: 13,
            data: plotted.map(({ r, i }) => ({
              value: [r.lag_days, index.get(r.body.id)],
              relay: i,
              itemStyle: { color: levelColor(r.body.level) },
            })),
            emphasis: { scale: 1.6, itemStyle: { borderColor: '#000', borderWidth: 2 } },
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#adb5bd', type: 'dashed' },
              label: { formatter: '闭幕 closed', position: 'start' },
              data: [{ xAxis: 0 }],
            },
          },
        ],
      },
      { onClick: (p) => p.data && typeof p.data.relay === 'number' && select(p.data.relay) },
    );
  }
  // For the browser console and the e2e tests.
  window.kgTimeline = timeline && {
    chart: timeline.chart,
    relays,
    plotted: plotted.map(({ r, i }) => ({ value: [r.lag_days, index.get(r.body.id)], relay: i })),
  };
  const sel = Number(query.get('relay'));
  if (query.has('relay') && relays[sel]) select(sel);
  return () => {
    if (timeline) timeline.dispose();
    delete window.kgTimeline;
  };
}
