import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeSkill, type SkillAnalysis, type SkillLocation } from '../check/analyzeSkill';
import { type CheckConfig, optionOf } from '../check/config';
import type { BodyMarkdownFinding } from '../rules/markdownlintRules';
import { budgetedLinter } from './markdownlintBudget';
import { MarkdownlintCache } from './markdownlintCache';
import { nodeAnalyzeServices, readSkillInput } from './readSkill';

export interface AnalysisWorkerData {
	config: CheckConfig;
	cacheFile?: string;
	markdownlintScript?: string;
}
export type AnalysisRequest = { type: 'batch'; skills: SkillLocation[] } | { type: 'done' };
export type AnalysisResponse = { type: 'batch'; analyses: SkillAnalysis[] } | { type: 'done'; cacheEntries: Record<string, BodyMarkdownFinding[]> };

export interface AnalyzeLibraryOptions {
	config: CheckConfig;
	/** The bundled worker script; without it everything runs on this thread. */
	workerScript?: string;
	/** Worker threads to use; the machine's parallelism by default. */
	workers?: number;
	/** The markdownlint cache file; without it nothing is cached between runs. */
	cacheFile?: string;
	/** The bundled markdownlint worker, which gives markdownlint a time limit (see `markdownlintBudget`). */
	markdownlintScript?: string;
}

/** Runs a discovery that hands over each skill it finds. */
export type Discovery = (found: (skill: SkillLocation) => void) => Promise<void>;

const batchSize = 32;
/** Below this many skills, starting threads costs more than it saves. */
const minSkillsForWorkers = 200;

/** The typed arrays of an analysis, handed to the receiving thread instead of copied. */
export function transferables(analyses: readonly SkillAnalysis[]): ArrayBuffer[] {
	return analyses.flatMap(analysis => [analysis.passages, analysis.descriptionPrint]
		.flatMap(prints => (prints ? [prints.meta.buffer, prints.signatures.buffer, prints.shingles.buffer, prints.bands.buffer] : [])) as ArrayBuffer[]);
}

/**
 * Skills as discovery finds them, for threads that take them in batches while discovery goes on.
 */
class SkillQueue {
	private readonly skills: SkillLocation[] = [];
	private discovering = true;
	private waiting: (() => void)[] = [];

	push(skill: SkillLocation): void {
		this.skills.push(skill);
		if (this.skills.length >= batchSize) {
			this.wake();
		}
	}

	finish(): void {
		this.discovering = false;
		this.wake();
	}

	get size(): number {
		return this.skills.length;
	}

	get done(): boolean {
		return !this.discovering;
	}

	/** The next batch, or undefined when discovery has ended and nothing is left. */
	async take(): Promise<SkillLocation[] | undefined> {
		while (this.discovering && this.skills.length < batchSize) {
			await new Promise<void>(resolve => this.waiting.push(resolve));
		}
		return this.skills.length > 0 ? this.skills.splice(0, batchSize) : undefined;
	}

	/** Waits until at least `count` skills are queued or discovery has ended. */
	async fill(count: number): Promise<void> {
		while (this.discovering && this.skills.length < count) {
			await new Promise<void>(resolve => this.waiting.push(resolve));
		}
	}

	private wake(): void {
		const waiting = this.waiting;
		this.waiting = [];
		waiting.forEach(resolve => resolve());
	}
}

/**
 * Reads and analyses every skill a discovery finds, in worker threads when there are enough
 * skills to pay for them, handing each analysis to `onAnalysis` as soon as it is ready. Reading
 * starts while discovery is still walking the folders.
 */
export async function analyzeLibrary(discover: Discovery, options: AnalyzeLibraryOptions, onAnalysis: (analysis: SkillAnalysis) => void): Promise<void> {
	const lint = budgetedLinter(options.markdownlintScript);
	const previous = options.cacheFile ? MarkdownlintCache.load(options.cacheFile, lint) : MarkdownlintCache.empty(lint);
	const queue = new SkillQueue();
	const discovery = discover(skill => queue.push(skill)).finally(() => queue.finish());
	const workers = options.workers ?? availableParallelism();
	await queue.fill(minSkillsForWorkers);
	let fresh: Record<string, BodyMarkdownFinding[]>[];
	if (!options.workerScript || workers < 2 || (queue.done && queue.size < minSkillsForWorkers)) {
		const services = nodeAnalyzeServices(previous.run);
		for (let batch = await queue.take(); batch; batch = await queue.take()) {
			for (const skill of batch) {
				onAnalysis(analyzeSkill(readSkillInput(skill, optionOf<number>(options.config, 'file-unreadable', 'maxBytes')), options.config, services));
			}
		}
		fresh = [previous.takeFresh()];
	} else {
		fresh = await analyzeInWorkers(queue, options.workerScript, workers, { config: options.config, cacheFile: options.cacheFile, markdownlintScript: options.markdownlintScript }, onAnalysis);
	}
	await discovery;
	if (options.cacheFile) {
		MarkdownlintCache.save(options.cacheFile, fresh, previous);
	}
}

function analyzeInWorkers(queue: SkillQueue, script: string, count: number, data: AnalysisWorkerData, onAnalysis: (analysis: SkillAnalysis) => void): Promise<Record<string, BodyMarkdownFinding[]>[]> {
	return new Promise((resolve, reject) => {
		let running = count;
		const fresh: Record<string, BodyMarkdownFinding[]>[] = [];
		const threads: Worker[] = [];
		const fail = (error: unknown) => {
			for (const thread of threads) {
				void thread.terminate();
			}
			reject(error);
		};
		const feed = (worker: Worker) => {
			queue.take().then(skills => {
				worker.postMessage(skills ? { type: 'batch', skills } satisfies AnalysisRequest : { type: 'done' } satisfies AnalysisRequest);
			}, fail);
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
			worker.on('error', fail);
			feed(worker);
		}
	});
}
