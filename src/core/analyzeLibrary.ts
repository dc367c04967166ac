import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeSkill, type SkillAnalysis } from './analyzeSkill';
import type { CheckConfig } from './config';
import type { Discovered } from './discovery';
import { MarkdownlintCache } from './markdownlintCache';
import { nodeAnalyzeServices, readSkillInput } from './nodeServices';
import type { BodyMarkdownFinding } from './rules/markdownlintRules';

export interface AnalysisWorkerData {
	config: CheckConfig;
	cacheFile?: string;
}
export type AnalysisRequest = { type: 'batch'; skills: Discovered[] } | { type: 'done' };
export type AnalysisResponse = { type: 'batch'; analyses: SkillAnalysis[] } | { type: 'done'; cacheEntries: Record<string, BodyMarkdownFinding[]> };

export interface AnalyzeLibraryOptions {
	config: CheckConfig;
	/** The bundled worker script; without it everything runs on this thread. */
	workerScript?: string;
	/** Worker threads to use; the machine's parallelism by default. */
	workers?: number;
	/** The markdownlint cache file; without it nothing is cached between runs. */
	cacheFile?: string;
}

const batchSize = 64;
/** Below this many skills, starting threads costs more than it saves. */
const minSkillsForWorkers = 200;

/**
 * Reads and analyses every discovered skill, in worker threads when there are enough skills to
 * pay for them, handing each analysis to `onAnalysis` as soon as it is ready.
 */
export async function analyzeLibrary(found: readonly Discovered[], options: AnalyzeLibraryOptions, onAnalysis: (analysis: SkillAnalysis) => void): Promise<void> {
	const previous = options.cacheFile ? MarkdownlintCache.load(options.cacheFile) : MarkdownlintCache.empty();
	const workers = Math.min(options.workers ?? availableParallelism(), Math.ceil(found.length / batchSize));
	let fresh: Record<string, BodyMarkdownFinding[]>[];
	if (!options.workerScript || workers < 2 || found.length < minSkillsForWorkers) {
		const services = nodeAnalyzeServices(previous.run);
		for (const skill of found) {
			onAnalysis(analyzeSkill(readSkillInput(skill), options.config, services));
		}
		fresh = [previous.takeFresh()];
	} else {
		fresh = await analyzeInWorkers(found, options.workerScript, workers, { config: options.config, cacheFile: options.cacheFile }, onAnalysis);
	}
	if (options.cacheFile) {
		MarkdownlintCache.save(options.cacheFile, fresh, previous);
	}
}

function analyzeInWorkers(found: readonly Discovered[], script: string, count: number, data: AnalysisWorkerData, onAnalysis: (analysis: SkillAnalysis) => void): Promise<Record<string, BodyMarkdownFinding[]>[]> {
	return new Promise((resolve, reject) => {
		let next = 0;
		let running = count;
		const fresh: Record<string, BodyMarkdownFinding[]>[] = [];
		const threads: Worker[] = [];
		const feed = (worker: Worker) => {
			if (next < found.length) {
				const request: AnalysisRequest = { type: 'batch', skills: found.slice(next, next + batchSize) };
				next += batchSize;
				worker.postMessage(request);
			} else {
				worker.postMessage({ type: 'done' } satisfies AnalysisRequest);
			}
		};
		for (let i = 0; i < count; i++) {
			const worker = new Worker(script, { workerData: data });
			threads.push(worker);
			worker.on('message', (response: AnalysisResponse) => {
				if (response.type === 'batch') {
					response.analyses.forEach(onAnalysis);
					feed(worker);
					return;
				}
				fresh.push(response.cacheEntries);
				void worker.terminate();
				if (--running === 0) {
					resolve(fresh);
				}
			});
			worker.on('error', error => {
				for (const thread of threads) {
					void thread.terminate();
				}
				reject(error);
			});
			feed(worker);
		}
	});
}
