import * as fs from 'node:fs';

/**
 * Summarises a V8 heap snapshot (`v8.writeHeapSnapshot`, or `bench/memoryProfile.ts --snapshot`):
 * shallow size by constructor, and the objects retaining the most (their dominator subtree), each
 * with the chain of objects that holds it.
 *
 *   node --max-old-space-size=8000 out/bench/heapSummary.js <file.heapsnapshot> [top]
 */

interface Snapshot {
	snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
	nodes: number[];
	edges: number[];
	strings: string[];
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 40);
const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
const { meta } = data.snapshot;
const nodeWidth = meta.node_fields.length;
const edgeWidth = meta.edge_fields.length;
const [typeAt, nameAt, idAt, sizeAt, edgesAt] = ['type', 'name', 'id', 'self_size', 'edge_count'].map(field => meta.node_fields.indexOf(field));
const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map(field => meta.edge_fields.indexOf(field));
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const weak = edgeTypes.indexOf('weak');
const count = data.nodes.length / nodeWidth;
void idAt;

const firstEdge = new Uint32Array(count + 1);
for (let n = 0, e = 0; n < count; n++) {
	firstEdge[n] = e;
	e += data.nodes[n * nodeWidth + edgesAt] * edgeWidth;
	firstEdge[n + 1] = e;
}

function label(n: number): string {
	const type = nodeTypes[data.nodes[n * nodeWidth + typeAt]];
	const name = data.strings[data.nodes[n * nodeWidth + nameAt]];
	return type === 'object' || type === 'closure' || type === 'native' ? `${name}` : `(${type}) ${type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '' : name.slice(0, 40)}`;
}

// Shallow sizes by label.
const shallow = new Map<string, { size: number; count: number }>();
for (let n = 0; n < count; n++) {
	const key = label(n);
	const entry = shallow.get(key) ?? { size: 0, count: 0 };
	entry.size += data.nodes[n * nodeWidth + sizeAt];
	entry.count++;
	shallow.set(key, entry);
}
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
console.log('shallow size by constructor (MB, count):');
for (const [key, { size, count: many }] of [...shallow].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
	console.log(`  ${mb(size).padStart(8)}  ${String(many).padStart(9)}  ${key}`);
}

// Dominators (Cooper, Harvey and Kennedy's iterative algorithm) over strong edges from the root.
const order = new Int32Array(count).fill(-1);
const postorder = new Uint32Array(count);
let visited = 0;
{
	const stack = new Uint32Array(count);
	const cursor = new Uint32Array(count);
	let top = 0;
	stack[top++] = 0;
	cursor[0] = firstEdge[0];
	order[0] = -2;
	while (top > 0) {
		const n = stack[top - 1];
		let pushed = false;
		while (cursor[n] < firstEdge[n + 1]) {
			const e = cursor[n];
			cursor[n] += edgeWidth;
			if (data.edges[e + edgeTypeAt] === weak) {
				continue;
			}
			const to = data.edges[e + toAt] / nodeWidth;
			if (order[to] === -1) {
				order[to] = -2;
				cursor[to] = firstEdge[to];
				stack[top++] = to;
				pushed = true;
				break;
			}
		}
		if (!pushed) {
			top--;
			order[n] = visited;
			postorder[visited++] = n;
		}
	}
}
// Predecessors in CSR form.
const predCount = new Uint32Array(count + 1);
for (let n = 0; n < count; n++) {
	if (order[n] < 0) {
		continue;
	}
	for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += edgeWidth) {
		if (data.edges[e + edgeTypeAt] !== weak) {
			predCount[data.edges[e + toAt] / nodeWidth + 1]++;
		}
	}
}
for (let n = 0; n < count; n++) {
	predCount[n + 1] += predCount[n];
}
const preds = new Uint32Array(predCount[count]);
const fill = predCount.slice();
for (let n = 0; n < count; n++) {
	if (order[n] < 0) {
		continue;
	}
	for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += edgeWidth) {
		if (data.edges[e + edgeTypeAt] !== weak) {
			preds[fill[data.edges[e + toAt] / nodeWidth]++] = n;
		}
	}
}
const idom = new Int32Array(count).fill(-1);
idom[0] = 0;
const intersect = (a: number, b: number) => {
	while (a !== b) {
		while (order[a] < order[b]) {
			a = idom[a];
		}
		while (order[b] < order[a]) {
			b = idom[b];
		}
	}
	return a;
};
for (let changed = true; changed;) {
	changed = false;
	for (let i = visited - 2; i >= 0; i--) {
		const n = postorder[i];
		let dom = -1;
		for (let p = predCount[n]; p < predCount[n + 1]; p++) {
			const pred = preds[p];
			if (idom[pred] !== -1) {
				dom = dom === -1 ? pred : intersect(pred, dom);
			}
		}
		if (dom !== idom[n]) {
			idom[n] = dom;
			changed = true;
		}
	}
}
const retained = new Float64Array(count);
for (let i = 0; i < visited; i++) {
	const n = postorder[i];
	retained[n] += data.nodes[n * nodeWidth + sizeAt];
	if (n !== 0) {
		retained[idom[n]] += retained[n];
	}
}

// The edge by which a node's dominator reaches it, for a readable chain.
function edgeName(from: number, to: number): string {
	for (let e = firstEdge[from]; e < firstEdge[from + 1]; e += edgeWidth) {
		if (data.edges[e + toAt] / nodeWidth === to) {
			const type = edgeTypes[data.edges[e + edgeTypeAt]];
			const name = data.edges[e + edgeNameAt];
			return type === 'element' || type === 'hidden' ? `[${name}]` : `.${data.strings[name]}`;
		}
	}
	return '~';
}

function chain(n: number): string {
	const steps: string[] = [];
	for (let at = n; at !== 0 && steps.length < 8; at = idom[at]) {
		steps.unshift(`${label(at)}${edgeName(idom[at], at)}`.replace(/^(.*?)(\.|\[|~)/, '$2'));
	}
	return steps.join(' ');
}

console.log(`\nretained by the largest objects (MB, outside the ones above them):`);
const candidates = [...Array(count).keys()].filter(n => order[n] >= 0 && retained[n] > 2e6).sort((a, b) => retained[b] - retained[a]);
let shown = 0;
for (const n of candidates) {
	if (shown++ >= top) {
		break;
	}
	console.log(`  ${mb(retained[n]).padStart(8)}  ${label(n)}  via ${chain(n)}`);
}

// Retained size of the children of each object of a constructor, summed by the child's label: what a kind of object holds.
const byHolder = process.argv[4];
if (byHolder) {
	const held = new Map<string, number>();
	for (let n = 0; n < count; n++) {
		if (order[n] >= 0 && n !== 0 && label(idom[n]) === byHolder) {
			const key = `${edgeName(idom[n], n)} ${label(n)}`.replace(/\[\d+\]/, '[i]');
			held.set(key, (held.get(key) ?? 0) + retained[n]);
		}
	}
	console.log(`\nwhat ${byHolder} objects hold (MB):`);
	for (const [key, size] of [...held].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		console.log(`  ${mb(size).padStart(8)}  ${key}`);
	}
}
