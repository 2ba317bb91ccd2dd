// Client of the kg HTTP API (docs/api.md). Every request of the explorer goes
// through here. Paths are relative to the page's origin: `kg serve` serves
// both the API and this app.

export class ApiError extends Error {
  // candidates are the entities an ambiguous alias may mean (a 300
  // answer): [{id, name, type, kind, start, in_graph}].
  constructor(status, code, message, candidates) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.candidates = candidates || null;
  }
}

// Entity IDs go into paths escaped, but keep ':' readable
// (/api/bodies/union:成都市总工会).
export function pathId(id) {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}

function url(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function decode(res) {
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (!res.ok) throw new ApiError(res.status, 'http_error', text.slice(0, 200) || res.statusText);
    throw new ApiError(res.status, 'bad_json', 'response is not JSON');
  }
  // A path's alias that means several entities answers 300 with the
  // candidates (fetch follows the 308 of an alias that means one).
  if (!res.ok) {
    const e = body && body.error;
    const candidates = body && Array.isArray(body.candidates) ? body.candidates : null;
    if (e && typeof e === 'object') throw new ApiError(res.status, e.code, e.message, candidates);
    if (typeof e === 'string') throw new ApiError(res.status, 'error', e);
    throw new ApiError(res.status, 'http_error', res.statusText);
  }
  return body;
}

export async function get(path, params, { signal } = {}) {
  const res = await fetch(url(path, params), { signal, headers: { Accept: 'application/json' } });
  return decode(res);
}

// getAll follows limit/offset pages of a list answer and returns
// {items, total, ...rest of the first page} (e.g. `congress` of relays).
export async function getAll(path, params, opts) {
  const limit = 1000;
  const first = await get(path, { ...params, limit, offset: 0 }, opts);
  const items = [...(first.items || [])];
  const total = first.total ?? items.length;
  while (items.length < total) {
    const page = await get(path, { ...params, limit, offset: items.length }, opts);
    if (!page.items || page.items.length === 0) break;
    items.push(...page.items);
  }
  return { ...first, items, total };
}

// gizmo posts a Gizmo query (Cayley's v1 shape). The answer is
// {result: [...]} or {error: "..."}; both are returned, not thrown, except
// for transport errors.
export async function gizmo(query, { limit, signal } = {}) {
  const res = await fetch(url('/api/v1/query/gizmo', { limit }), {
    method: 'POST',
    body: query,
    signal,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', Accept: 'application/json' },
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: `HTTP ${res.status}: ${text.slice(0, 300)}` };
  }
  if (body && body.error && typeof body.error === 'object') {
    return { error: body.error.message || body.error.code, status: res.status };
  }
  return { ...body, status: res.status };
}

export const api = {
  stats: (o) => get('/api/stats', null, o),
  search: (q, params, o) => get('/api/search', { q, ...params }, o),
  congresses: (o) => getAll('/api/congresses', null, o),
  congress: (id, o) => get(`/api/congresses/${pathId(id)}`, null, o),
  relays: (id, params, o) => getAll(`/api/congresses/${pathId(id)}/relays`, params, o),
  // The relay table as a CSV file, for a link.
  relaysCsvHref: (id, params) => url(`/api/congresses/${pathId(id)}/relays`, { ...params, format: 'csv' }),
  bodies: (params, o) => getAll('/api/bodies', params, o),
  // A profile's lists are paged alike; the explorer shows the first
  // thousand of each and says when a list is longer (totals).
  body: (id, o) => get(`/api/bodies/${pathId(id)}`, { limit: 1000 }, o),
  person: (id, o) => get(`/api/persons/${pathId(id)}`, null, o),
  slogans: (o) => getAll('/api/slogans', null, o),
  // Paged as a profile: the first thousand bodies and articles.
  slogan: (id, o) => get(`/api/slogans/${pathId(id)}`, { limit: 1000 }, o),
  articles: (o) => getAll('/api/articles', null, o),
  article: (id, o) => get(`/api/articles/${pathId(id)}`, null, o),
  node: (id, o) => get(`/api/nodes/${pathId(id)}`, null, o),
  neighborhood: (node, params, o) => get('/api/graph/neighborhood', { node, ...params }, o),
  path: (from, to, params, o) => get('/api/graph/path', { from, to, ...params }, o),
};
