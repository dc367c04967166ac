import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { resolveConfig } from '../src/core/check/config';
import { countFindings } from '../src/core/check/findings';
import { AnalysisCache, cacheSalt } from '../src/core/library/analysisCache';
import { checkLibrary } from '../src/core/library/checkLibrary';
import { repositoryRoot } from '../scripts/repository';

/**
 * The engine's memory for a library as the editor holds it, in a plain Node process: the library
 * scanned in worker threads with the analysis cache (as the extension does, `updatable`), every
 * skill's findings computed (as the first publish asks for them) and every text filed for
 * comparison (as the extension does in the background). Prints the resident and heap figures
 * after a forced garbage collection, the resident peak during the scan, and writes a heap
 * snapshot when asked (`--snapshot <file>`; summarise it with `bench/heapSummary.ts`).
 *
 *   node --expose-gc out/bench/memoryProfile.js <library> [--cache <file>] [--snapshot <file>]
 */

const args = process.argv.slice(2);
const option = (name: string) => {
	const at = args.indexOf(name);
	return at >= 0 ? args[at + 1] : undefined;
};
const library = path.resolve(args[0] ?? '.bench/library-1-20000');
const cacheFile = option('--cache');
const snapshot = option('--snapshot');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

function gc(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

function report(label: string): void {
	const usage = process.memoryUsage();
	console.log(`${label}: rss ${mb(usage.rss)}, heap used ${mb(usage.heapUsed)} of ${mb(usage.heapTotal)}, external ${mb(usage.external)}, array buffers ${mb(usage.arrayBuffers)}`);
}

async function main(): Promise<void> {
	const sampler = new Worker(`
		const { parentPort } = require('node:worker_threads');
		let peak = 0;
		setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
		parentPort.on('message', () => { parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); peak = 0; });
	`, { eval: true });
	const peak = () => new Promise<number>(resolve => {
		sampler.once('message', resolve);
		sampler.postMessage('peak');
	});
	const config = resolveConfig();
	const dist = path.join(repositoryRoot, 'dist');
	report('start');
	await peak();
	const started = performance.now();
	const cache = cacheFile === undefined ? undefined : await AnalysisCache.load(cacheFile, cacheSalt(config));
	const result = await checkLibrary({
		roots: [{ path: library, label: path.basename(library), scope: 'folder' }],
		config,
		discovery: { home: os.homedir() },
		updatable: true,
		analysis: { workerScript: path.join(dist, 'analysisWorker.js'), markdownlintScript: path.join(dist, 'markdownlintWorker.js'), cache },
	});
	const scanMs = performance.now() - started;
	const scanPeak = await peak();
	report(`scanned ${result.index.size} skills in ${(scanMs / 1000).toFixed(1)} s (resident peak ${mb(scanPeak)})`);
	let findings = 0;
	for (const skill of result.index.skills()) {
		findings += Object.values(countFindings(result.index.findings(skill.file))).reduce((sum, count) => sum + count, 0);
	}
	result.index.fileUntil();
	const publishPeak = await peak();
	report(`${findings} findings, every text filed (resident peak ${mb(publishPeak)})`);
	gc();
	report('after a forced GC');
	// V8 gives freed pages back to the system from a background thread, a little later.
	await new Promise(resolve => setTimeout(resolve, 2000));
	report('2 s later');
	const heap = v8.getHeapStatistics();
	console.log(`heap: total ${mb(heap.total_heap_size)}, used ${mb(heap.used_heap_size)}, malloced ${mb(heap.malloced_memory)} (peak ${mb(heap.peak_malloced_memory)})`);
	for (const space of v8.getHeapSpaceStatistics()) {
		if (space.space_used_size > 1e6) {
			console.log(`  ${space.space_name}: ${mb(space.space_used_size)} used of ${mb(space.space_size)}`);
		}
	}
	if (snapshot) {
		fs.rmSync(snapshot, { force: true });
		v8.writeHeapSnapshot(snapshot);
		console.log(`heap snapshot written to ${snapshot}`);
	}
	// Kept reachable until here, so the snapshot holds it.
	console.log(`${result.index.size} skills still indexed`);
	await sampler.terminate();
}

void main();
