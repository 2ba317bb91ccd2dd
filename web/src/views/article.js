// Article view: the text with its extracted entities and the evidence of
// each fact highlighted. Spans count Unicode code points of `text`, so the
// text is cut into code points (Array.from), never UTF-16 units.
import { api } from '../api.js';
import { entityHref, graphHref, h, hashId, httpURL, kv, predZh, refLink, typeColor, typeZh } from '../util.js';

// segments cuts `text` at every span boundary. Each segment knows which
// entities and facts cover it; spans are [start, end) in code points.
export function segments(text, entities, facts) {
  const cps = Array.from(text || '');
  const n = cps.length;
  const clamp = (x) => Math.max(0, Math.min(n, x | 0));
  const ents = [];
  (entities || []).forEach((e, ei) =>
    (e.spans || []).forEach(([s, t]) => {
      if (clamp(t) > clamp(s)) ents.push({ s: clamp(s), t: clamp(t), ei });
    }),
  );
  const fs = [];
  (facts || []).forEach((f, fi) => {
    if (Array.isArray(f.span) && clamp(f.span[1]) > clamp(f.span[0])) fs.push({ s: clamp(f.span[0]), t: clamp(f.span[1]), fi });
  });
  const cuts = new Set([0, n]);
  for (const x of [...ents, ...fs]) {
    cuts.add(x.s);
    cuts.add(x.t);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = bounds[i];
    const t = bounds[i + 1];
    const cover = ents.filter((x) => x.s <= s && x.t >= t);
    // The innermost (shortest) entity gives the colour.
    cover.sort((a, b) => a.t - a.s - (b.t - b.s));
    out.push({
      s,
      t,
      text: cps.slice(s, t).join(''),
      ents: [...new Set(cover.map((x) => x.ei))],
      facts: fs.filter((x) => x.s <= s && x.t >= t).map((x) => x.fi),
    });
  }
  return out;
}

export function spanText(text, span) {
  return Array.from(text || '')
    .slice(span[0], span[1])
    .join('');
}

export async function render({ el, params, query, signal }) {
  const id = params[0];
  const a = await api.article(id, { signal });
  const entities = a.entities || [];
  const facts = a.facts || [];
  const segs = segments(a.text, entities, facts);

  const textEl = h('div', { class: 'article-text', id: 'article-text', lang: 'zh' });
  const segEls = [];
  for (const sg of segs) {
    if (!sg.ents.length && !sg.facts.length) {
      textEl.append(sg.text);
      continue;
    }
    const e = sg.ents.length ? entities[sg.ents[0]] : null;
    const span = h('span', {
      class: [e ? 'ent' : '', sg.facts.length ? 'ev' : ''].filter(Boolean).join(' '),
      style: e ? { background: `${typeColor(e.type)}22`, color: 'inherit' } : null,
      title: e ? `${typeZh(e.type)} ${e.type}：${e.name}` : null,
      'data-ents': sg.ents.join(' '),
      'data-facts': sg.facts.join(' '),
      'data-start': String(sg.s),
      'data-end': String(sg.t),
    });
    span.textContent = sg.text;
    segEls.push({ el: span, sg });
    textEl.append(span);
  }

  let pinned = Number.isInteger(Number(query.get('fact'))) && query.has('fact') ? Number(query.get('fact')) : -1;
  const factEls = [];
  function showFact(fi) {
    for (const { el: s, sg } of segEls) s.classList.toggle('ev-active', fi >= 0 && sg.facts.includes(fi));
    factEls.forEach((li, i) => li.classList.toggle('active', i === fi));
  }
  function pin(fi, scroll) {
    pinned = pinned === fi ? -1 : fi;
    showFact(pinned);
    const u = new URL(location.href);
    u.hash = `#/article/${hashId(id)}${pinned >= 0 ? `?fact=${pinned}` : ''}`;
    history.replaceState(null, '', u);
    if (scroll && pinned >= 0) {
      const first = segEls.find(({ sg }) => sg.facts.includes(pinned));
      if (first) first.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  }
  function showEntity(ei) {
    for (const { el: s, sg } of segEls) s.classList.toggle('ent-active', ei >= 0 && sg.ents.includes(ei));
  }

  const factList = h(
    'ol',
    { class: 'facts', id: 'facts' },
    facts.map((f, fi) => {
      const quote = Array.isArray(f.span) ? spanText(a.text, f.span) : '';
      const li = h(
        'li',
        {
          class: 'fact',
          tabindex: '0',
          'data-fact': String(fi),
          'data-span': Array.isArray(f.span) ? f.span.join(',') : '',
          onmouseenter: () => showFact(fi),
          onmouseleave: () => showFact(pinned),
          onfocus: () => showFact(fi),
          onblur: () => showFact(pinned),
          onclick: (e) => {
            if (e.target.closest('a')) return;
            pin(fi, true);
          },
          onkeydown: (e) => e.key === 'Enter' && pin(fi, true),
        },
        refLink(f.subject),
        ' ',
        h('span', { class: 'pred', title: f.predicate }, `${predZh(f.predicate)}`),
        ' ',
        f.object ? refLink(f.object) : h('span', { class: 'muted' }, '—'),
        f.date ? h('span', { class: 'muted' }, ` @${f.date}`) : null,
        f.via ? h('span', { class: 'muted small' }, ' 经由 ', refLink(f.via)) : null,
        quote ? h('span', { class: 'quote' }, `“${quote.length > 80 ? `${Array.from(quote).slice(0, 80).join('')}…` : quote}”`) : null,
      );
      factEls.push(li);
      return li;
    }),
  );

  const byType = new Map();
  entities.forEach((e, ei) => {
    if (!byType.has(e.type)) byType.set(e.type, []);
    byType.get(e.type).push([e, ei]);
  });
  const entityList = h(
    'div',
    { class: 'entity-groups' },
    [...byType.entries()].map(([t, list]) =>
      h(
        'div',
        { class: 'entity-group' },
        h('h3', null, h('span', { class: 'swatch', style: { background: typeColor(t) } }), ` ${typeZh(t)} `, h('small', null, t)),
        h(
          'div',
          { class: 'entities' },
          list.map(([e, ei]) =>
            h(
              'a',
              {
                class: 'entity-chip',
                href: entityHref(e),
                style: { borderColor: typeColor(e.type) },
                onmouseenter: () => showEntity(ei),
                onmouseleave: () => showEntity(-1),
                'data-entity': e.id,
              },
              e.name,
              h('span', { class: 'muted small' }, ` ×${(e.spans || []).length}`),
            ),
          ),
        ),
      ),
    ),
  );

  el.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/articles' }, '文章 Articles'), ' /'),
    h('h1', null, a.title || a.id),
    kv([
      ['发布 Published', a.published],
      ['来源 Source', httpURL(a.url) ? h('a', { href: httpURL(a.url), target: '_blank', rel: 'noopener' }, a.source || a.url) : [a.source, a.source && a.url ? ' ' : null, a.url || null]],
      ['ID', h('code', null, a.id)],
      ['抽取器 Extractor', a.extractor],
    ]),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: graphHref(`article:${a.id}`) }, '在图谱中查看 Open in graph')),
    h(
      'div',
      { class: 'article-layout' },
      h('section', { class: 'card' }, h('h2', null, '正文 ', h('small', null, 'Text')), textEl),
      h(
        'aside',
        { class: 'side-panel' },
        h(
          'section',
          { class: 'card' },
          h('h2', null, `事实与证据 `, h('small', null, `Facts & evidence (${facts.length})`)),
          h('p', { class: 'muted small' }, '悬停或点击一条事实，高亮其证据。Hover or click a fact to highlight its evidence.'),
          facts.length ? factList : h('p', { class: 'muted' }, '无 None'),
        ),
        h('section', { class: 'card' }, h('h2', null, '实体 ', h('small', null, `Entities (${entities.length})`)), entityList),
      ),
    ),
  );
  if (pinned >= 0 && pinned < facts.length) showFact(pinned);
  else pinned = -1;
}

