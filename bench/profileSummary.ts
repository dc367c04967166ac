import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Summarises the `.cpuprofile` files that `node --cpu-prof` writes (one per thread): where the
 * sampled time went, by source module and by function. Bundles are attributed to their source
 * modules through the `// node_modules/…` and `// src/…` comments esbuild writes before each one.
 */

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ThreadSummary {
	file: string;
	/** Time sampled outside `(idle)`, in milliseconds. */
	busyMs: number;
	idleMs: number;
	gcMs: number;
	/** This thread's busiest source modules. */
	topSources: [string, number][];
}

export interface ProfileSummary {
	threads: ThreadSummary[];
	/** Busy milliseconds per source module (or package), most first. */
	bySource: [string, number][];
	/** Busy milliseconds per function, most first. */
	byFunction: [string, number][];
}

/** Source module of each line of a bundle, from esbuild's module comments. */
function moduleMap(file: string): string[] | undefined {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
	const lines = text.split('\n');
	const owners: string[] = new Array<string>(lines.length);
	let current = path.basename(file);
	for (let i = 0; i < lines.length; i++) {
		const match = /^\/\/ ((?:node_modules|src|bench|test)\/\S+)$/.exec(lines[i]);
		if (match) {
			current = match[1];
		}
		owners[i] = current;
	}
	return owners;
}

/** `node_modules/micromark/lib/x.js` → `micromark`; `src/core/x.ts` stays as it is. */
function sourceGroup(source: string): string {
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
	return pkg ? pkg[1] : source;
}

const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);

export function summarizeProfiles(dir: string): ProfileSummary {
	const files = fs.readdirSync(dir).filter(name => name.endsWith('.cpuprofile')).sort();
	const maps = new Map<string, string[] | undefined>();
	const bySource = new Map<string, number>();
	const byFunction = new Map<string, number>();
	const threads: ThreadSummary[] = [];
	const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
	for (const name of files) {
		const profile = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as CpuProfile;
		const nodes = new Map(profile.nodes.map(node => [node.id, node]));
		const selfUs = new Map<number, number>();
		for (let i = 0; i < profile.samples.length; i++) {
			// A sample's time is the gap to the next sample.
			const delta = profile.timeDeltas[i + 1] ?? 0;
			selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
		}
		const thread: ThreadSummary = { file: name, busyMs: 0, idleMs: 0, gcMs: 0, topSources: [] };
		const threadSources = new Map<string, number>();
		for (const [id, us] of selfUs) {
			const node = nodes.get(id) as ProfileNode;
			const ms = us / 1000;
			const { functionName, url, lineNumber } = node.callFrame;
			if (functionName === '(idle)') {
				thread.idleMs += ms;
				continue;
			}
			thread.busyMs += ms;
			if (functionName === '(garbage collector)') {
				thread.gcMs += ms;
			}
			let source = functionName.startsWith('(') ? functionName : url === '' ? '(native)' : url.startsWith('node:') ? 'node internals' : url;
			if (url.startsWith('file://')) {
				const file = fileURLToPath(url);
				if (!maps.has(file)) {
					maps.set(file, moduleMap(file));
				}
				source = sourceGroup(maps.get(file)?.[lineNumber] ?? path.relative(process.cwd(), file));
			}
			add(bySource, source, ms);
			add(threadSources, source, ms);
			const shown = functionName.length > 80 ? `${functionName.slice(0, 77)}…` : functionName || '(anonymous)';
			add(byFunction, `${shown} [${source}]`, ms);
		}
		thread.topSources = sorted(threadSources).slice(0, 6);
		threads.push(thread);
	}
	return { threads, bySource: sorted(bySource), byFunction: sorted(byFunction) };
}

export function formatProfileSummary(summary: ProfileSummary, top = 15): string {
	const busy = summary.threads.reduce((sum, thread) => sum + thread.busyMs, 0);
	const percent = (ms: number) => `${((100 * ms) / Math.max(busy, 1)).toFixed(1)}%`;
	const lines = ['Threads (busy = sampled time not idle):'];
	for (const thread of summary.threads) {
		lines.push(`  ${thread.file}: busy ${(thread.busyMs / 1000).toFixed(1)} s (GC ${(thread.gcMs / 1000).toFixed(1)} s), idle ${(thread.idleMs / 1000).toFixed(1)} s`);
		lines.push(`    ${thread.topSources.map(([source, ms]) => `${source} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
	}
	lines.push(`By source module (all threads, ${(busy / 1000).toFixed(1)} s busy):`);
	for (const [source, ms] of summary.bySource.slice(0, top)) {
		lines.push(`  ${(ms / 1000).toFixed(2).padStart(8)} s  ${percent(ms).padStart(6)}  ${source}`);
	}
	lines.push('By function (self time):');
	for (const [fn, ms] of summary.byFunction.slice(0, top)) {
		lines.push(`  ${(ms / 1000).toFixed(2).padStart(8)} s  ${percent(ms).padStart(6)}  ${fn}`);
	}
	return lines.join('\n') + '\n';
}

if (/profileSummary\.[cm]?js$/.test(process.argv[1] ?? '') && process.argv[2]) {
	process.stdout.write(formatProfileSummary(summarizeProfiles(process.argv[2]), Number(process.argv[3] ?? 25)));
}
