/**
 * Where to draw each node of a decision tree, top down: the drawn leaves side by side in one
 * column each, left to right, and every parent centred over its two children (a tidy tree, as
 * in textbooks). A fully grown tree on a user's file may have thousands of nodes, so only the
 * nodes down to a chosen depth are drawn, optionally from a chosen node down; a drawn node whose
 * children are not drawn says how many nodes it hides.
 *
 * Depth here is what the Max depth setting counts (edges from the root), so the tree drawn to
 * depth d is the tree that setting d would have trained (see `depth-curve.ts`).
 */
import type { Tree } from './ensemble';

type TreeShape = Pick<Tree, 'feature' | 'left' | 'right'>;

export interface LaidNode {
  node: number;
  /** Column, in leaf widths from the left edge: leaves sit on whole columns, parents between. */
  x: number;
  /** Level below the drawn root (0 for it). */
  level: number;
  /** A leaf of the tree (not just of the drawing). */
  leaf: boolean;
  /** Nodes below this one that are not drawn (0 unless the drawing stops here). */
  hidden: number;
}

export interface LaidEdge {
  from: number;
  to: number;
  side: 'left' | 'right';
}

export interface TreeLayout {
  /** The node drawn at the top. */
  root: number;
  /** Drawn nodes, parents before children. */
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** Columns across (drawn leaves and cut nodes) and levels down. */
  columns: number;
  levels: number;
  /** Nodes of the subtree under `root` that are not drawn. */
  hidden: number;
}

/** Per node, the nodes in its subtree, itself included. */
export function subtreeSizes(tree: TreeShape): Int32Array {
  const n = tree.feature.length;
  const size = new Int32Array(n).fill(1);
  // Children come after their parent in the arrays of a grown tree, but not necessarily right
  // after it: walk in reverse depth-first order so every child is counted before its parent.
  for (const node of depthFirst(tree, 0).reverse()) if (tree.feature[node] >= 0) size[node] += size[tree.left[node]] + size[tree.right[node]];
  return size;
}

/** The nodes under `root` in depth-first order (parent first, left before right). */
function depthFirst(tree: TreeShape, root: number): number[] {
  const order: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    if (tree.feature[node] >= 0) stack.push(tree.right[node], tree.left[node]);
  }
  return order;
}

/** Edges from `root` to the deepest leaf below it (0 for a leaf). */
export function treeDepth(tree: TreeShape, root = 0): number {
  let deepest = 0;
  const stack: [number, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (tree.feature[node] >= 0) stack.push([tree.left[node], depth + 1], [tree.right[node], depth + 1]);
  }
  return deepest;
}

/**
 * The drawing of the subtree under `root` down to `depth` levels below it (0: the root alone).
 * Throws RangeError for a depth that is not a whole number ≥ 0 or a root that is not a node.
 */
export function layoutTree(tree: TreeShape, options: { depth: number; root?: number }): TreeLayout {
  const { depth } = options;
  const root = options.root ?? 0;
  if (!(Number.isInteger(depth) && depth >= 0)) throw new RangeError(`The depth drawn must be a whole number of at least 0, not ${depth}.`);
  if (!(Number.isInteger(root) && root >= 0 && root < tree.feature.length)) throw new RangeError(`The tree has no node ${root}.`);
  const sizes = subtreeSizes(tree);
  const edges: LaidEdge[] = [];
  let columns = 0;
  let levels = 0;
  let hidden = 0;
  // Leaves (and cut nodes) take the next column in left-to-right order; a parent is placed once
  // both children are, midway between them. An explicit stack keeps a deep path off the call stack.
  const x = new Map<number, number>();
  const placed: LaidNode[] = [];
  const stack: { node: number; level: number; expanded: boolean }[] = [{ node: root, level: 0, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const { node, level } = top;
    const leaf = tree.feature[node] < 0;
    if (leaf || level === depth) {
      const below = leaf ? 0 : sizes[node] - 1;
      hidden += below;
      x.set(node, columns);
      placed.push({ node, x: columns++, level, leaf, hidden: below });
      levels = Math.max(levels, level + 1);
    } else if (!top.expanded) {
      stack.push({ node, level, expanded: true });
      stack.push({ node: tree.right[node], level: level + 1, expanded: false });
      stack.push({ node: tree.left[node], level: level + 1, expanded: false });
    } else {
      const at = (x.get(tree.left[node])! + x.get(tree.right[node])!) / 2;
      x.set(node, at);
      placed.push({ node, x: at, level, leaf: false, hidden: 0 });
      edges.push({ from: node, to: tree.left[node], side: 'left' }, { from: node, to: tree.right[node], side: 'right' });
    }
  }
  // Parents before children reads better for a screen reader and draws edges under nodes.
  placed.sort((a, b) => a.level - b.level || a.x - b.x);
  return { root, nodes: placed, edges, columns, levels, hidden };
}

/**
 * The depth to draw a tree to at first: the deepest whose drawing is at most `maxColumns`
 * columns wide (at least 1 where the tree has a split, so the root's rule shows).
 */
export function initialDepth(tree: TreeShape, maxColumns = 16, root = 0): number {
  const full = treeDepth(tree, root);
  let depth = Math.min(1, full);
  while (depth < full && columnsAt(tree, depth + 1, root) <= maxColumns) depth++;
  return depth;
}

/** Columns of the drawing of the subtree under `root` to `depth`. */
function columnsAt(tree: TreeShape, depth: number, root: number): number {
  let count = 0;
  const stack: [number, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (tree.feature[node] < 0 || level === depth) count++;
    else stack.push([tree.left[node], level + 1], [tree.right[node], level + 1]);
  }
  return count;
}

export interface PathHighlight {
  /** Drawn nodes on the path, and the edges between them as "from-to". */
  nodes: Set<number>;
  edges: Set<string>;
  /** Nodes of the path below the drawing (0 when its leaf is drawn). */
  below: number;
  /** Nodes of the path above the drawn root (0 when the drawing starts at the tree's root; all of them when the path misses the drawn subtree). */
  above: number;
}

/** Which parts of a drawing a row's path (root to leaf, as `pathOf` gives it) lights up. */
export function pathHighlight(layout: TreeLayout, path: readonly number[]): PathHighlight {
  const drawn = new Set(layout.nodes.map((n) => n.node));
  const nodes = new Set<number>();
  const edges = new Set<string>();
  const start = path.indexOf(layout.root);
  if (start < 0) return { nodes, edges, below: 0, above: path.length };
  let i = start;
  for (; i < path.length && drawn.has(path[i]); i++) {
    nodes.add(path[i]);
    if (i > start) edges.add(`${path[i - 1]}-${path[i]}`);
  }
  return { nodes, edges, below: path.length - i, above: start };
}
