// Type-ahead suggestions from /api/search for an <input>: arrow keys move,
// Enter picks (or submits the text when nothing is highlighted), Escape
// closes. Used by the header search and the graph's start box.
import { api } from './api.js';
import { h, clear, debounce, typeBadge } from './util.js';

export function attachSuggest(input, { onPick, onSubmit, limit = 10 } = {}) {
  const wrap = input.parentElement;
  wrap.classList.add('suggest-wrap');
  const listId = `suggest-${Math.random().toString(36).slice(2, 8)}`;
  const box = h('ul', { class: 'suggest', id: listId, role: 'listbox', hidden: true });
  wrap.append(box);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('aria-expanded', 'false');

  let items = [];
  let active = -1;
  let seq = 0;
  let ctrl;

  function close() {
    box.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    active = -1;
  }

  function highlight(i) {
    active = i;
    [...box.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0 && box.children[i]) box.children[i].scrollIntoView({ block: 'nearest' });
  }

  function pick(item) {
    close();
    input.blur();
    if (onPick) onPick(item);
  }

  function render(q) {
    clear(box);
    if (items.length === 0) {
      box.append(h('li', { class: 'none', role: 'option', 'aria-disabled': 'true' }, `没有匹配 No match for “${q}”`));
    }
    items.forEach((it, i) => {
      // Matched through an alias (e.g. 全总 for 中华全国总工会): show which.
      const via = !it.name.includes(q) && (it.aliases || []).find((a) => a.includes(q));
      const alias = via ? h('span', { class: 'muted' }, ` ← ${via}`) : null;
      box.append(
        h(
          'li',
          {
            role: 'option',
            class: 'suggestion',
            'data-id': it.id,
            'aria-selected': 'false',
            onmousedown: (e) => {
              e.preventDefault();
              pick(it);
            },
            onmousemove: () => active !== i && highlight(i),
          },
          typeBadge(it.type),
          ' ',
          h('span', { class: 'name' }, it.name),
          alias,
          it.in_graph === false ? h('span', { class: 'muted' }, ' （图中无记录 not in the graph）') : null,
        ),
      );
    });
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  const lookup = debounce(async () => {
    const q = input.value.trim();
    if (!q) return close();
    const my = ++seq;
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    try {
      const res = await api.search(q, { limit }, { signal: ctrl.signal });
      if (my !== seq) return;
      items = res.items || [];
      if (document.activeElement === input) render(q);
    } catch (e) {
      if (e.name !== 'AbortError') console.warn('search failed', e);
    }
  }, 150);

  input.addEventListener('input', lookup);
  input.addEventListener('focus', () => input.value.trim() && lookup());
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    const open = !box.hidden && items.length > 0;
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      highlight((active + 1) % items.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && active >= 0) pick(items[active]);
      else if (input.value.trim() && onSubmit) {
        close();
        onSubmit(input.value.trim());
      }
    } else if (e.key === 'Escape') {
      close();
    }
  });
  return { close };
}
