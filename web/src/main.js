// The explorer: a hash router (#/congress/congress:党的二十大, #/graph/…) that
// loads one view module per page. A view exports render({el, params, query,
// signal}) and may return a cleanup function.
import './style.css';
import { attachSuggest } from './suggest.js';
import { clear, entityHref, errorBox, loading } from './util.js';

const routes = [
  { re: /^$/, nav: '', load: () => import('./views/home.js') },
  { re: /^search$/, nav: '', load: () => import('./views/search.js') },
  { re: /^congresses$/, nav: 'congress', load: () => import('./views/lists.js'), fn: 'congresses' },
  { re: /^bodies$/, nav: 'body', load: () => import('./views/lists.js'), fn: 'bodies' },
  { re: /^slogans$/, nav: 'slogan', load: () => import('./views/lists.js'), fn: 'slogans' },
  { re: /^articles$/, nav: 'article', load: () => import('./views/lists.js'), fn: 'articles' },
  { re: /^congress\/(.+)$/, nav: 'congress', load: () => import('./views/congress.js') },
  { re: /^body\/(.+)$/, nav: 'body', load: () => import('./views/body.js') },
  { re: /^person\/(.+)$/, nav: 'body', load: () => import('./views/person.js') },
  { re: /^slogan\/(.+)$/, nav: 'slogan', load: () => import('./views/slogan.js') },
  { re: /^article\/(.+)$/, nav: 'article', load: () => import('./views/article.js') },
  { re: /^node\/(.+)$/, nav: '', load: () => import('./views/node.js') },
  { re: /^graph(?:\/(.+))?$/, nav: 'graph', load: () => import('./views/graph.js') },
  { re: /^gizmo$/, nav: 'gizmo', load: () => import('./views/gizmo.js') },
];

const view = document.getElementById('view');
let cleanup = null;
let ctrl = null;
let seq = 0;

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  return { path: safeDecode(path.replace(/\/+$/, '')), query };
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

async function route() {
  const my = ++seq;
  const { path, query } = parseHash();
  if (ctrl) ctrl.abort();
  ctrl = new AbortController();
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.warn(e);
    }
    cleanup = null;
  }
  const r = routes.find((x) => x.re.test(path));
  document.querySelectorAll('.nav a').forEach((a) => a.classList.toggle('active', !!r && a.dataset.nav === r.nav));
  clear(view).append(loading());
  view.dataset.view = r ? path.split('/')[0] || 'home' : 'notfound';
  view.removeAttribute('data-ready');
  if (!r) {
    clear(view).append(errorBox({ status: 404, message: `没有这个页面 No page at #/${path}` }));
    return;
  }
  const params = path.match(r.re).slice(1);
  try {
    const mod = await r.load();
    if (my !== seq) return;
    const fn = r.fn ? mod[r.fn] : mod.render;
    const el = document.createElement('div');
    el.className = 'page';
    const result = await fn({ el, params, query, signal: ctrl.signal, mount: () => clear(view).append(el) });
    if (my !== seq) {
      if (typeof result === 'function') result();
      return;
    }
    if (!el.isConnected) clear(view).append(el);
    if (typeof result === 'function') cleanup = result;
    view.dataset.ready = 'true';
  } catch (e) {
    if (e.name === 'AbortError' || my !== seq) return;
    console.error(e);
    clear(view).append(errorBox(e));
    view.dataset.ready = 'error';
  }
}

const input = document.getElementById('search-input');
document.getElementById('global-search').addEventListener('submit', (e) => e.preventDefault());
attachSuggest(input, {
  onPick: (item) => {
    input.value = '';
    location.hash = entityHref(item);
  },
  onSubmit: (q) => {
    location.hash = `#/search?q=${encodeURIComponent(q)}`;
  },
});

window.addEventListener('hashchange', route);
route();

