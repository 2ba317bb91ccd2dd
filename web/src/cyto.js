// Cytoscape.js set-up shared by the graph view and the Gizmo console.
import cytoscape from 'cytoscape';
import { FONT, predZh, typeColor } from './util.js';

const PRED_COLORS = {
  relayed: '#e03131',
  relays: '#f783ac',
  held: '#2f9e44',
  chaired: '#1c7ed6',
  spokeAt: '#74c0fc',
  holdsPosition: '#4263eb',
  partOf: '#7950f2',
  issued: '#82c91e',
};
export const predColor = (p) => PRED_COLORS[p] || '#adb5bd';

// edgeWidth grows with the number of supporting articles.
export const edgeWidth = (n) => 1.2 + Math.min(Math.max(Number(n) || 1, 1), 12) * 0.9;

export const STYLE = [
  {
    selector: 'node',
    style: {
      'background-color': (n) => typeColor(n.data('type')),
      label: 'data(label)',
      'font-family': FONT,
      'font-size': 10,
      color: '#343a40',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-wrap': 'ellipsis',
      'text-max-width': '110px',
      'text-outline-color': '#fff',
      'text-outline-width': 2,
      width: 18,
      height: 18,
    },
  },
  { selector: 'node.start', style: { width: 30, height: 30, 'font-size': 12, 'font-weight': 'bold' } },
  { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#212529' } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#fab005' } },
  {
    selector: 'edge',
    style: {
      width: (e) => edgeWidth(e.data('articles')),
      'line-color': (e) => predColor(e.data('predicate')),
      'target-arrow-color': (e) => predColor(e.data('predicate')),
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'bezier',
      opacity: 0.8,
    },
  },
  {
    selector: 'edge.labels',
    style: {
      label: (e) => predZh(e.data('predicate')) || '',
      'font-family': FONT,
      'font-size': 8,
      color: '#495057',
      'text-rotation': 'autorotate',
      'text-background-color': '#fff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
    },
  },
  { selector: 'edge:selected', style: { 'line-color': '#fab005', 'target-arrow-color': '#fab005', opacity: 1 } },
  { selector: '.hidden', style: { display: 'none' } },
];

export const LAYOUTS = ['cose', 'breadthfirst', 'concentric', 'circle', 'grid'];
export const LAYOUT_LABELS = {
  cose: '力导向 cose',
  breadthfirst: '层次 breadthfirst',
  concentric: '同心圆 concentric',
  circle: '环形 circle',
  grid: '网格 grid',
};

export function layoutOptions(name, { roots, randomize = true } = {}) {
  const base = { name, animate: false, fit: true, padding: 24 };
  switch (name) {
    case 'cose':
      return { ...base, randomize, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, numIter: 1200, componentSpacing: 60 };
    case 'breadthfirst':
      return { ...base, directed: false, roots: roots && roots.length ? roots : undefined, spacingFactor: 1.05, avoidOverlap: true };
    case 'concentric':
      return { ...base, concentric: (n) => (n.hasClass('start') ? 1000 : n.degree()), levelWidth: () => 3, minNodeSpacing: 14, avoidOverlap: true };
    case 'circle':
      return { ...base, avoidOverlap: true };
    default:
      return { ...base, name: 'grid', avoidOverlap: true };
  }
}

export function makeCy(container, elements = []) {
  return cytoscape({ container, elements, style: STYLE, minZoom: 0.05, maxZoom: 5, boxSelectionEnabled: false });
}
