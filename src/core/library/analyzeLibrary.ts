import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalyzeServices, SkillAnalysis, SkillLocation } from '../check/analyzeSkill';
import { type CheckConfig, optionOf } from '../check/config';
import { type AnalysisCache, type AnalysisOutcome, analyzeUnlessKnown, type FileRead, type KnownSkill } from './analysisCache';
import { budgetedAnalyzeServices, diskAnswers, readSkillInput, skillSurroundings } from './readSkill';

export interface AnalysisWorkerData {
	config: CheckConfig;
	/** The analysis cache's salt: with it, a thread tells a skill the cache knows from one that changed. */
	salt?: string;
	markdownlintScript?: string;
	/** Whether the threads yield the processor to everything else (see `AnalyzeLibraryOptions.background`). */
	background?: boolean;
}
/** A skill to read, with what the cache knows of it. */
export interface SkillToRead {
	location: SkillLocation;
	known?: KnownSkill;
}
/** What became of one skill: analysed afresh, or unchanged since the cache's analysis of it (as the file stood when read). */
export type SkillOutcome = AnalysisOutcome | { unchanged: string; read?: FileRead };
export type AnalysisRequest = { type: 'batch'; skills: SkillToRead[] } | { type: 'done' };
export type AnalysisResponse = { type: 'batch'; outcomes: SkillOutcome[] } | { type: 'done' };

export interface AnalyzeLibraryOptions {
	config: CheckConfig;
	/** The bundled worker script; without it everything runs on this thread. */
	workerScript?: string;
	/** Worker threads to use; the machine's parallelism by default. */
	workers?: number;
	/** The analysis cache; without it every skill is analysed and nothing is kept between runs. */
	cache?: AnalysisCache;
	/** The bundled markdownlint worker, which gives markdownlint a time limit (see `markdownlintBudget`). */
	markdownlintScript?: string;
	/**
	 * Whether the worker threads run at the lowest priority, as the editor's scan does: the editor
	 * itself (the thread that answers a person opening or typing in a skill, the window) then gets
	 * the processor first, and the scan takes what is left.
	 */
	background?: boolean;
}

/** Runs a discovery that hands over each skill it finds. */
export type Discovery = (found: (skill: SkillLocation) => void) => Promise<void>;

const batchSize = 32;
/**
 * Batches each thread is handed at once: one to work on and one waiting, so that it need not wait
 * for this thread, busy with the results, to hand it the next (with one, the threads of a cold
 * check stood idle a tenth of the time).
 */
const batchesHeld = 2;
/** Below this many skills, starting threads costs more than it saves. */
const minSkillsForWorkers = 200;

/** The buffers of the fresh analyses' fingerprints (one per fingerprints), handed to the receiving thread instead of copied. */
export function transferables(outcomes: readonly SkillOutcome[]): ArrayBuffer[] {
	const buffers = outcomes
		.flatMap(outcome => ('analysis' in outcome ? [outcome.analysis.passages, outcome.analysis.descriptionPrint] : []))
		.flatMap(prints => (prints ? [prints.meta.buffer, prints.shingles.buffer, prints.bands.buffer] : [])) as ArrayBuffer[];
	// A buffer listed twice cannot be transferred.
	return [...new Set(buffers)];
}

/**
 * Skills as discovery finds them, for threads that take them in batches while discovery goes on.
 */
class SkillQueue {
	private readonly skills: SkillToRead[] = [];
	private discovering = true;
	private waiting: (() => void)[] = [];

	push(skill: SkillToRead): void {
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
	async take(): Promise<SkillToRead[] | undefined> {
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

/** Reads one skill and analyses it unless the cache's analysis of it still holds. */
export function readAndAnalyze(skill: SkillToRead, config: CheckConfig, services: AnalyzeServices, salt: string | undefined): SkillOutcome {
	const input = readSkillInput(skill.location, optionOf<number>(config, 'file-unreadable', 'maxBytes'));
	const outcome = analyzeUnlessKnown(input, config, services, salt, skill.known);
	return outcome === 'unchanged' ? { unchanged: skill.location.file, read: input.read } : { ...outcome, read: input.read };
}

/**
 * Reads and analyses every skill a discovery finds, in worker threads when there are enough
 * skills to pay for them, handing each analysis to `onAnalysis` as soon as it is ready. Reading
 * starts while discovery is still walking the folders. With a cache, a skill whose key and
 * file-system answers are unchanged is not analysed again: its cached analysis is handed over;
 * one whose file has not changed since it was read is not even read (and when none is left to
 * read, no thread is started).
 */
export async function analyzeLibrary(discover: Discovery, options: AnalyzeLibraryOptions, onAnalysis: (analysis: SkillAnalysis) => void): Promise<void> {
	const { cache, config } = options;
	const queue = new SkillQueue();
	const found = (location: SkillLocation) => {
		const unread = cache?.reuseUnread(location, skillSurroundings, diskAnswers);
		if (unread) {
			onAnalysis(unread);
		} else {
			queue.push({ location, known: cache?.known(location.file) });
		}
	};
	const discovery = discover(cache ? found : location => queue.push({ location })).finally(() => queue.finish());
	const settle = (outcome: SkillOutcome) => {
		if ('unchanged' in outcome) {
			onAnalysis((cache as AnalysisCache).reuse(outcome.unchanged, outcome.read));
			return;
		}
		cache?.store(outcome);
		onAnalysis(outcome.analysis);
	};
	const workers = options.workers ?? availableParallelism();
	await queue.fill(minSkillsForWorkers);
	if (!options.workerScript || workers < 2 || (queue.done && queue.size < minSkillsForWorkers)) {
		const services = budgetedAnalyzeServices(options.markdownlintScript);
		for (let batch = await queue.take(); batch; batch = await queue.take()) {
			for (const skill of batch) {
				settle(readAndAnalyze(skill, config, services, cache?.salt));
			}
		}
	} else {
		await analyzeInWorkers(queue, options.workerScript, workers, { config, salt: cache?.salt, markdownlintScript: options.markdownlintScript, background: options.background }, settle);
	}
	await discovery;
}

function analyzeInWorkers(queue: SkillQueue, script: string, count: number, data: AnalysisWorkerData, settle: (outcome: SkillOutcome) => void): Promise<void> {
	return new Promise((resolve, reject) => {
		let running = count;
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
			let ended = false;
			worker.on('message', (response: AnalysisResponse) => {
				if (ended) {
					return;
				}
				if (response.type === 'batch') {
					try {
						response.outcomes.forEach(settle);
					} catch (error) {
						fail(error);
						return;
					}
					feed(worker);
					return;
				}
				ended = true;
				void worker.terminate();
				if (--running === 0) {
					resolve();
				}
			});
			worker.on('error', fail);
			for (let held = 0; held < batchesHeld; held++) {
				feed(worker);
			}
		}
	});
}
