// DOM helpers, labels and links shared by the views.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif';

// Types and their Chinese labels and colours (also used by the graph).
export const TYPES = {
  Union: { zh: '工会', color: '#c92a2a' },
  Organization: { zh: '组织', color: '#e8590c' },
  Person: { zh: '人物', color: '#1971c2' },
  Position: { zh: '职务', color: '#4dabf7' },
  Congress: { zh: '大会', color: '#6741d9' },
  Meeting: { zh: '会议', color: '#2b8a3e' },
  Document: { zh: '文件', color: '#5c940d' },
  Slogan: { zh: '口号', color: '#d6336c' },
  Figurative: { zh: '修辞', color: '#f08c00' },
  Place: { zh: '地区', color: '#868e96' },
  Article: { zh: '文章', color: '#495057' },
  Evidence: { zh: '证据', color: '#adb5bd' },
};

export const typeColor = (t) => (TYPES[t] || { color: '#868e96' }).color;
export const typeZh = (t) => (TYPES[t] ? TYPES[t].zh : t || '');

export const LEVELS = {
  national: '全国',
  province: '省级',
  city: '市级',
  district: '区级',
  county: '县级',
  town: '乡镇街道',
  street: '街道',
  industry: '产业',
  region: '港澳',
  enterprise: '企业',
};
export const LEVEL_ORDER = ['national', 'industry', 'region', 'province', 'city', 'district', 'county', 'town', 'street', 'enterprise'];
export const levelZh = (l) => LEVELS[l] || l || '—';
export const levelRank = (l) => {
  const i = LEVEL_ORDER.indexOf(l);
  return i < 0 ? LEVEL_ORDER.length : i;
};

export const KINDS = {
  'party-congress': '党的全国代表大会',
  'party-plenum': '中央全会',
  'union-congress': '工会代表大会',
  'union-plenum': '工会执委会全会',
  'local-party-congress': '地方党代会',
  'local-party-plenum': '地方党委全会',
  'local-union-congress': '地方工会代表大会',
  'npc-session': '全国人大会议',
  'cppcc-session': '全国政协会议',
  'two-sessions': '全国两会',
};
export const kindZh = (k) => KINDS[k] || k || '';

export const PREDICATES = {
  relayed: '传达学习',
  held: '举行',
  relays: '传达',
  chaired: '主持',
  spokeAt: '讲话',
  holdsPosition: '任职',
  issued: '印发',
  authored: '撰稿',
  locatedIn: '位于',
  partOf: '隶属',
  mentions: '提及',
  reportedIn: '报道于',
  organized: '组织',
  org: '所在单位',
  via: '经由',
};
export const predZh = (p) => PREDICATES[p] || p;

// httpURL returns u when it is an absolute http: or https: URL, else null.
// An article's url comes from whoever wrote the article: javascript:,
// data: and other schemes must never become links.
export function httpURL(u) {
  if (typeof u !== 'string' || u === '') return null;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// Hash routes: an ID is written as is (readable in the address bar) with
// only the characters that would break the route escaped.
export function hashId(id) {
  return String(id).replace(/[%?#/\s]/g, (c) => encodeURIComponent(c));
}

const PREFIX_VIEW = {
  union: 'body',
  org: 'body',
  organization: 'body',
  person: 'person',
  congress: 'congress',
  slogan: 'slogan',
};
const TYPE_VIEW = { Union: 'body', Organization: 'body', Person: 'person', Congress: 'congress', Slogan: 'slogan' };

// entityHref is the explorer's address of a node reference {id, type}.
export function entityHref(ref) {
  if (!ref) return '#/';
  const id = typeof ref === 'string' ? ref : ref.id;
  const type = typeof ref === 'string' ? undefined : ref.type;
  if (type === 'Article' || id.startsWith('article:')) return `#/article/${hashId(id.replace(/^article:/, ''))}`;
  const view = TYPE_VIEW[type] || PREFIX_VIEW[id.split(':')[0]] || 'node';
  return `#/${view}/${hashId(id)}`;
}

export const graphHref = (id) => `#/graph/${hashId(id)}`;
export const articleHref = (a) => `#/article/${hashId(typeof a === 'string' ? a : a.id)}`;

export function typeBadge(type) {
  return h('span', { class: 'badge', style: { background: typeColor(type) }, title: type }, typeZh(type));
}

// refName is a reference's name, or its ID when the name says nothing (a
// node the store knows only by its key: "0" for meeting:ARTICLE:0).
export function refName(ref) {
  const name = ref.name || ref.label;
  if (!name || (!ref.type && ref.id.endsWith(`:${name}`))) return ref.id;
  return name;
}

// link renders a node reference as a link with its type badge.
export function refLink(ref, { badge = false } = {}) {
  if (!ref) return '—';
  return h(
    'a',
    { href: entityHref(ref), class: 'ref', 'data-id': ref.id },
    badge && ref.type ? [typeBadge(ref.type), ' '] : null,
    refName(ref),
  );
}

// articleLinks renders article references (title and date); total is
// how many there are when the API sent only the first of them.
export function articleLinks(articles, { max = 3, total } = {}) {
  if (!articles || articles.length === 0) return '—';
  const shown = articles.slice(0, max);
  const out = h('span', { class: 'articles' });
  shown.forEach((a, i) => {
    if (i) out.append('；');
    append(out, [
      h('a', { href: articleHref(a), class: 'article-link', title: a.title || a.id }, a.title ? short(a.title, 22) : a.id),
      a.published ? h('span', { class: 'muted' }, ` ${a.published}`) : null,
    ]);
  });
  const more = moreArticles(articles, max, total);
  if (more) out.append(h('span', { class: 'muted' }, more));
  return out;
}

// moreArticles says how many articles there are when more than max:
// " 等 N 篇", N the API's total when it sent only the first; else null.
export function moreArticles(articles, max, total) {
  const all = Math.max(total ?? 0, (articles || []).length);
  return all > max ? ` 等 ${all} 篇` : null;
}

export function short(s, n) {
  const cps = Array.from(s || '');
  return cps.length > n ? cps.slice(0, n - 1).join('') + '…' : s;
}

export function table(columns, rows, { rowAttrs, empty = '无数据 No data', className = '' } = {}) {
  if (!rows || rows.length === 0) return h('p', { class: 'muted empty' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: `data ${className}` },
      h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.class }, c.title)))),
      h(
        'tbody',
        null,
        rows.map((r, i) =>
          h('tr', rowAttrs ? rowAttrs(r, i) : null, columns.map((c) => h('td', { class: c.class, 'data-label': c.label }, c.cell(r, i)))),
        ),
      ),
    ),
  );
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', null, title), ...children);
}

export function kv(pairs) {
  return h(
    'dl',
    { class: 'kv' },
    pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  );
}

export function errorBox(err) {
  if (err && Array.isArray(err.candidates)) return choicesBox(err);
  const nf = err && err.status === 404;
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', null, nf ? '未找到 Not found' : '出错了 Error'),
    ' ',
    err && err.message ? err.message : String(err),
  );
}

// choicesBox lists the entities an ambiguous alias may mean (十八大: 党的
// 十八大 and 中国工会十八大): those of the graph as links, the calendar's
// others as text.
function choicesBox(err) {
  return h(
    'div',
    { class: 'error choices', role: 'alert' },
    h('strong', null, '有多个可能 Several matches'),
    ' ',
    err.message,
    h(
      'ul',
      { class: 'candidates' },
      err.candidates.map((c) =>
        h(
          'li',
          { 'data-id': c.id },
          c.in_graph ? h('a', { href: entityHref(c), 'data-id': c.id }, typeBadge(c.type), ' ', c.name) : [typeBadge(c.type), ' ', c.name],
          h('span', { class: 'muted' }, [c.start, c.kind ? kindZh(c.kind) || levelZh(c.kind) : ''].filter(Boolean).map((x) => ` ${x}`).join('')),
          c.in_graph ? null : h('span', { class: 'muted not-in-graph' }, ' （图中无记录 not in the graph）'),
        ),
      ),
    ),
  );
}

// shownOption is the option of a filter's select that a value stands
// for: the value itself when it is an option, else the one value every
// kept item has. The API takes short names and words for levels (江西,
// 县级), which name no option.
export function shownOption(value, options, kept) {
  if (!value || options.includes(value)) return value;
  const vals = [...new Set(kept)];
  return vals.length === 1 ? vals[0] : value;
}

// canonical puts an entity's ID in the address of a view that was opened
// by an alias (#/congress/二十大 → #/congress/congress:党的二十大), keeping
// the query, without a new history entry or a new render. It returns the
// ID the view should use.
export function canonical(view, requested, id) {
  if (!id || id === requested) return requested;
  const i = location.hash.indexOf('?');
  history.replaceState(null, '', `#/${view}/${hashId(id)}${i < 0 ? '' : location.hash.slice(i)}`);
  return id;
}

export function loading() {
  return h('p', { class: 'loading muted' }, '加载中… Loading');
}

export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

export function download(href, name) {
  const a = h('a', { href, download: name, style: { display: 'none' } });
  document.body.append(a);
  a.click();
  a.remove();
}
