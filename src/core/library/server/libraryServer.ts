import * as path from 'node:path';
import { type AnalyzeServices, analyzeSkill } from '../../check/analyzeSkill';
import { type CheckConfig, optionOf, resolveConfig } from '../../check/config';
import { AnalysisCache, cacheSalt } from '../analysisCache';
import { checkLibrary } from '../checkLibrary';
import { responsiveFoldersAtOnce } from '../discovery';
import { LibraryIndex } from '../libraryIndex';
import { budgetedAnalyzeServices, readSkillBytes } from '../readSkill';
import { type AnalyzeParams, entryOf, type FileUpdate, type LibraryEvent, type LibraryMethod, type LibraryRequests, type ReadSkill, readSkillOf, type RequestMessage, type ScanOutcome, type ScanParams, type SkillState } from './libraryProtocol';

/** How many skills one message of a scan's result carries: the editor takes each between other work. */
const skillsPerMessage = 500;
/** How often a scan reports the skills it has read. */
const readReportMs = 100;

/**
 * The library as the library process holds it: scanned in worker threads, indexed for the
 * cross-skill rules, and kept current one skill at a time on the editor's requests. Each change
 * answers with the files whose findings it changed, which is all the editor keeps.
 */
export class LibraryServer {
	private config: CheckConfig = resolveConfig();
	private index = new LibraryIndex(this.config);
	private generation = 0;
	private readonly services: AnalyzeServices;

	/** `bundles` is the folder of the worker bundles; `emit` sends an event to the editor. */
	constructor(private readonly bundles: string, private readonly emit: (event: LibraryEvent) => void) {
		this.services = budgetedAnalyzeServices(path.join(bundles, 'markdownlintWorker.js'));
	}

	handle(message: RequestMessage): Promise<LibraryRequests[LibraryMethod]['result']> | LibraryRequests[LibraryMethod]['result'] {
		switch (message.method) {
			case 'scan':
				return this.scan(message.params);
			case 'analyze': {
				// The analysed file is always answered for, changed or not: the editor shows the answer about its latest text, and drops older ones.
				const file = message.params.location.file;
				const changed = this.index.update(this.analyze(message.params));
				return this.updates(changed.includes(file) ? changed : [file, ...changed]);
			}
			case 'remove': {
				const { file } = message.params;
				return this.updates(this.index.isAlias(file) ? this.index.removeAlias(file) : this.index.remove(file));
			}
			case 'addAlias': {
				const { file, alias, root } = message.params;
				return this.updates(this.index.addAlias(file, alias, root));
			}
			case 'removeAlias':
				return this.updates(this.index.removeAlias(message.params.alias));
			case 'checkAsIf':
				return this.index.findingsAsIf(this.analyze(message.params));
			case 'listings':
				return [...this.index.listings()];
		}
	}

	/**
	 * Scans every root again into a new index, reporting what it reads; when it ends, sends the
	 * library in parts, then answers. Overlapping scans: the last one wins.
	 */
	private async scan(params: ScanParams): Promise<ScanOutcome> {
		const { generation, config, roots, stagingFolder, home, cacheFile } = params;
		this.generation = generation;
		this.config = config;
		// Until the scan ends, the index holds only skills edited meanwhile: a rescan that kept the old library until the end held two at once.
		this.index = new LibraryIndex(config);
		const cache = cacheFile === undefined ? undefined : await AnalysisCache.load(cacheFile, cacheSalt(config), { stampWorker: path.join(this.bundles, 'stampWorker.js') });
		const read = new ReadReports(skills => this.emit({ event: 'read', generation, skills }));
		const result = await checkLibrary({
			roots,
			config,
			// Requests from the editor are answered between folder listings.
			discovery: { stagingFolder, home, foldersAtOnce: responsiveFoldersAtOnce },
			updatable: true,
			analysis: { workerScript: path.join(this.bundles, 'analysisWorker.js'), markdownlintScript: path.join(this.bundles, 'markdownlintWorker.js'), cache, background: true },
			onAnalysis: analysis => {
				if (generation === this.generation) {
					read.add(readSkillOf(analysis));
				}
			},
		});
		read.flush();
		const outcome = { skills: result.index.size, elapsedMs: result.elapsedMs, cache: cache?.stats, cacheIgnored: cache?.ignored, scanFindings: result.scanFindings };
		if (generation !== this.generation) {
			return { ...outcome, aliases: [], superseded: true };
		}
		this.index = result.index;
		this.fileInBackground(result.index);
		// Sent without a pause before the answer: a change the editor asks for next is one to this library.
		let states: SkillState[] = [];
		for (const skill of result.index.skills()) {
			states.push(this.stateOf(skill.file) as SkillState);
			if (states.length === skillsPerMessage) {
				this.emit({ event: 'scanned', generation, states });
				states = [];
			}
		}
		this.emit({ event: 'scanned', generation, states });
		const aliases = result.index.skills().flatMap(skill => result.index.aliasesOf(skill.file).map(link => link.alias));
		return { ...outcome, aliases, superseded: false };
	}

	/** Files the texts of a library whose cross-skill findings came from the cache, a few milliseconds at a time, so the first edit does not wait for all of it. */
	private fileInBackground(index: LibraryIndex): void {
		const step = () => {
			if (this.index === index && !index.fileUntil(performance.now() + 10)) {
				setTimeout(step, 0);
			}
		};
		setTimeout(step, 0);
	}

	private analyze({ location, sidecars, text }: AnalyzeParams) {
		const read = text === undefined ? readSkillBytes(location.file, optionOf<number>(this.config, 'file-unreadable', 'maxBytes')) : { bytes: Buffer.from(text, 'utf8') };
		return analyzeSkill({ location, sidecars, ...read }, this.config, this.services);
	}

	private stateOf(file: string): SkillState | undefined {
		const analysis = this.index.get(file);
		return analysis && { entry: entryOf(analysis), cross: this.index.crossFindings(file).cross };
	}

	private updates(files: readonly string[]): FileUpdate[] {
		return files.map(file => ({ file, state: this.stateOf(file) }));
	}
}

/** The skills a scan has read, sent a batch at a time. */
class ReadReports {
	private entries: ReadSkill[] = [];
	private timer?: NodeJS.Timeout;

	constructor(private readonly send: (skills: ReadSkill[]) => void) {}

	add(skill: ReadSkill): void {
		this.entries.push(skill);
		this.timer ??= setTimeout(() => this.flush(), readReportMs);
	}

	flush(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		if (this.entries.length > 0) {
			this.send(this.entries);
			this.entries = [];
		}
	}
}
