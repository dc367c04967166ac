import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSkill, type AnalyzeServices, type SkillAnalysis, type SkillInput, type SkillLocation } from '../check/analyzeSkill';
import type { CheckConfig } from '../check/config';
import { type Finding, type RelatedLocation, type Severity, skillFindings } from '../check/findings';
import type { SuppressedFinding } from '../check/suppressions';
import type { Fingerprints } from '../duplicates/minHash';
import type { FindingRule } from '../rules/catalog';
import type { LifecycleStatus } from '../skill/lifecycle';
import type { SkillRoot } from '../skill/standardRoots';
import { writeFilesAtomically } from '../util/atomicWrite';
import { decodeHeaded, encodeHeaded, payloadView } from '../util/headedBuffer';
import { TimeSlices } from '../util/timeSlices';
import type { DiscoveryResult, FolderMemo, SkillAlias } from './discovery';
import { checkStampListInThread, currentStamp, encodeStampList, type PackedPath, packPaths, sameStamp, type Stamp, type StampCheck, type StampDifference, type StampList, unpackPaths } from './stamps';

/** Bumped whenever what a cache file holds changes shape. */
const formatVersion = 2;
/** Skills remembered at most; past it, those not seen in the latest run are forgotten first. */
const maxSkills = 200_000;
/**
 * How long before it was read a file or folder must have last changed for its stamp to vouch for
 * it on a later run. Timestamps are coarse — a clock tick on Linux, two seconds on FAT — so a change
 * made just after a read can leave them as they were (git calls such entries "racily clean"); a
 * file or folder read that soon after its last change is read again on the next run.
 */
const defaultSettleMs = 2000;

/** A file's stamp just before its bytes were read, and when (`Date.now()`) it was taken. */
export interface FileRead {
	stamp: Stamp;
	at: number;
}

/**
 * What an analysis asked the file system beyond its own file and folder listing — references
 * deeper than the listing, a plugin's manifest, a draft's modification date — with the answers.
 * A cached analysis stands only while every answer is still the same.
 */
export interface Probes {
	exists: [string, boolean][];
	modified: [string, string | null][];
}

/** What the asking thread knows of a skill from the cache: enough for the reading thread to tell whether it still holds. */
export interface KnownSkill {
	key: string;
	probes: Probes;
}

/** A fresh analysis with what makes it reusable; without `known` it must not be reused (markdownlint was stopped). */
export interface AnalysisOutcome {
	analysis: SkillAnalysis;
	/** The key and answers, and the hash of the bytes the key was made from. */
	known?: KnownSkill & { content: string };
	/** How the file stood when it was read, when it could be. */
	read?: FileRead;
}

/** A skill's cross-skill findings, valid for the library whose signature they were computed in. */
export interface CrossFindings {
	cross: Finding[];
	crossSuppressed: SuppressedFinding[];
}

/** The file-system questions of an analysis, which a cached one must get the same answers to. */
export type FileQuestions = Pick<AnalyzeServices, 'exists' | 'modifiedDate'>;

/**
 * A `Fingerprints` as the fingerprint file holds it: its count, then the offset and length (in
 * 32-bit words) of its meta, shingles and bands arrays.
 */
type StoredPrints = number[];

interface CachedSkill {
	key: string;
	/** The probes, with paths inside the skill's folder relative to it (see `probesIn`). */
	probes: Probes;
	/** The hash of the file's bytes (or why they could not be read), which the key was made from. */
	content: string;
	/** The file's stamp when it was read, if it had settled by then: while it is the same, the file is not read again. */
	stamp?: Stamp;
	/** Whether the stamp thread found the file as stamped and its existence answers the same (see `StampList`). */
	vouched?: boolean;
	/** The analysis; one read from the file holds its fingerprints only once `attachPrints` has run. */
	analysis: SkillAnalysis;
	cross?: CrossFindings;
	/** Where the fingerprints of an analysis read from the file are, until they are attached. */
	stored?: { passages?: StoredPrints; descriptionPrint?: StoredPrints };
}

interface CachedFolder {
	stamp: Stamp;
	entries: readonly string[];
	/** Whether the stamp thread found the folder as stamped. */
	vouched?: boolean;
}

/**
 * A list of findings in the cache file's stream of finding words (see `FindingStream`): where it
 * starts and how many findings it has.
 */
type PackedFindings = [number, number];

/** A skill as the cache file holds it: its analysis without what its place in the file says (file, folder, root), findings packed. */
interface PackedSkill {
	key: string;
	content: string;
	stamp?: Stamp;
	/** None when the analysis asked nothing. */
	probes?: Probes;
	analysis: Omit<SkillAnalysis, 'file' | 'dir' | 'folderName' | 'root' | 'findings' | 'passages' | 'descriptionPrint'> & {
		findings: PackedFindings;
		/** Index into the file's roots. */
		root: number;
		/** Only when not the file's folder. */
		dir?: string;
		/** Only when not the folder's name. */
		folderName?: string;
	};
	cross?: { cross: PackedFindings; crossSuppressed: SuppressedFinding[] };
	passages?: StoredPrints;
	descriptionPrint?: StoredPrints;
}

/**
 * The cache file: JSON, which V8 parses faster than it deserialises this many small objects. Every
 * repeated string (rule, severity, message, related file, folder entry) is stored once in `strings`.
 */
interface CacheFile {
	format: number;
	salt: string;
	/** The library whose cross-skill findings the skills carry. */
	signature?: string;
	/** Names the fingerprint file written with this one, so a pair from two different runs is never mixed. */
	printsId: string;
	strings: string[];
	/** Every finding of every skill (see `FindingStream`), and those of a shape the stream does not hold. */
	findingWords: number[];
	otherFindings: Finding[];
	roots: SkillRoot[];
	/** The skills' files, sorted and packed, and the skills in the same order. */
	files: PackedPath[];
	skills: PackedSkill[];
	/** The folders discovery listed, sorted and packed, and each one's stamp and entries (string indices). */
	folders: PackedPath[];
	listings: [Stamp, number[]][];
	walk?: CachedWalk;
}

/**
 * What a run's walk of the library found, kept when everything it looked at vouches for itself:
 * every folder it listed and every skill file it found has a stamp, and it met no problem. While
 * the stamp thread vouches for all of them again, the next run with the same request takes the
 * walk's result as it is instead of walking again (see `replayWalk`).
 */
interface CachedWalk {
	/** The roots and discovery options walked (see `walkRequest`). */
	request: string;
	/** The skill files found, sorted and packed. */
	files: PackedPath[];
	aliases: SkillAlias[];
	/** Roots that did not exist: still missing, they still hold nothing. */
	missingRoots: string[];
}

/** A skill as a check reports it: its name and status, and its findings, cross-skill ones included. */
export interface SkillResult {
	file: string;
	name?: string;
	status: LifecycleStatus;
	findings: Finding[];
	suppressed: SuppressedFinding[];
}

/**
 * The results file beside a cache file: what the last run whose walk was kept (see `CachedWalk`)
 * reported for each skill, with what those results rest on. While the stamp thread vouches for
 * everything that walk looked at, nothing a check could see has changed, and a check takes these
 * (`OpenedCache.lastResults`) instead of reading the cache file and building the library again. A run
 * whose walk was not kept writes one without a request, which never answers.
 */
interface ResultsFile {
	format: number;
	salt: string;
	/** The id of the files written with this one (see `CacheFile.printsId`); the stamp thread's answer must name it. */
	printsId: string;
	/** The walk's request (see `CachedWalk.request`). */
	request?: string;
	missingRoots: string[];
	strings: string[];
	findingWords: ArrayLike<number>;
	otherFindings: Finding[];
	/** The walk's skill files, sorted and packed. */
	files: PackedPath[];
	/** Five numbers a skill: its index in the stamp list, its name (a string index, -1 for none), its status (a string index), and where its findings are. */
	skills: ArrayLike<number>;
	/** The suppressed findings of the skills that have any, by index. */
	suppressed: [number, SuppressedFinding[]][];
	/** The modification dates the skills' analyses asked for, by skill index, with the answers. */
	modified: [number, string, string | null][];
}

const printsHeaderBytes = 16;

/** The fingerprint file beside a cache file: the id, then every typed array, as 32-bit words. */
function printsFileOf(file: string): string {
	return `${file}.prints`;
}

/**
 * A results file as bytes: a JSON head (all but the two lists of numbers), then the finding words
 * and the skills' numbers as 32-bit integers, which take no parsing (see `encodeHeaded`).
 */
function encodeResults(results: ResultsFile): Buffer {
	const { findingWords, skills, ...rest } = results;
	const { bytes, payloadAt } = encodeHeaded({ ...rest, words: findingWords.length, skillNumbers: skills.length }, 4 * (findingWords.length + skills.length), { align: 4 });
	const words = new Int32Array(bytes.buffer, bytes.byteOffset + payloadAt, findingWords.length + skills.length);
	words.set(Array.from(findingWords));
	words.set(Array.from(skills), findingWords.length);
	return bytes;
}

/** A results file read back (see `encodeResults`); it throws when the bytes are not one. */
function decodeResults(bytes: Buffer): ResultsFile {
	const { head, payloadAt } = decodeHeaded<Omit<ResultsFile, 'findingWords' | 'skills'> & { words: number; skillNumbers: number }>(bytes, { align: 4 });
	if (!Number.isInteger(head.words) || !Number.isInteger(head.skillNumbers) || bytes.length !== payloadAt + 4 * (head.words + head.skillNumbers)) {
		throw new Error('its lengths do not add up');
	}
	const words = payloadView(Int32Array, bytes, payloadAt, head.words + head.skillNumbers);
	return { ...head, findingWords: words.subarray(0, head.words), skills: words.subarray(head.words) };
}

/** The results file beside a cache file (see `ResultsFile`). */
function resultsFileOf(file: string): string {
	return `${file}.results`;
}

/** The stamp list beside a cache file (see `StampList`). */
function stampsFileOf(file: string): string {
	return `${file}.stamps`;
}

let engineStampValue: string | undefined;

/**
 * The engine's identity: the hash of the running bundle, so any change to the code — a rule, a
 * parser, a dependency — invalidates every cached result without anyone bumping a number.
 */
function engineStamp(): string {
	engineStampValue ??= createHash('sha1').update(fs.readFileSync(__filename)).digest('base64url');
	return engineStampValue;
}

/** Everything besides the skill itself that its analysis depends on: the engine, the configuration and today's date (inside the configuration). */
export function cacheSalt(config: CheckConfig): string {
	return createHash('sha1').update(`${formatVersion}\0${engineStamp()}\0${JSON.stringify(config)}`).digest('base64url');
}

/** What a skill's file holds, as the cache tells contents apart: the hash of its bytes, or why they could not be read. */
export function contentOf(input: Pick<SkillInput, 'bytes' | 'readError'>): string {
	return input.bytes ? createHash('sha1').update(input.bytes).digest('base64url') : `unreadable\0${input.readError ?? ''}`;
}

/** A skill's key: the salt, where it was found, its folder's listing and its contents (see `contentOf`). */
export function skillKey(salt: string, location: SkillLocation, sidecars: readonly string[], content: string): string {
	// The folder's entries as discovery read them are in the key as the sidecar listing made from them.
	const where = JSON.stringify({ ...location, entries: undefined });
	return createHash('sha1').update(`${salt}\0${where}\0${sidecars.join('\n')}\0${content}`).digest('base64url');
}

/** Services that remember what the analysis asked of the file system, and whether markdownlint gave up. */
function recording(services: AnalyzeServices): { services: AnalyzeServices; probes: Probes; stopped: () => boolean } {
	const probes: Probes = { exists: [], modified: [] };
	let stopped = false;
	return {
		probes,
		stopped: () => stopped,
		services: {
			markdownlint: (body, config, timeoutMs) => {
				const result = services.markdownlint(body, config, timeoutMs);
				stopped ||= 'stopped' in result;
				return result;
			},
			exists: file => {
				const answer = services.exists(file);
				probes.exists.push([file, answer]);
				return answer;
			},
			modifiedDate: file => {
				const answer = services.modifiedDate(file);
				probes.modified.push([file, answer ?? null]);
				return answer;
			},
		},
	};
}

/** The probes of an analysis that asked nothing, shared by all such skills read from the file. */
const noProbes: Probes = Object.freeze({ exists: Object.freeze([]) as unknown as Probes['exists'], modified: Object.freeze([]) as unknown as Probes['modified'] });

/** Whether the file system still answers every probe as it did; `dir` is the folder relative paths of the probes are in. */
function probesHold(probes: Probes, services: FileQuestions, dir?: string): boolean {
	const where = dir === undefined ? (file: string) => file : (file: string) => path.resolve(dir, file);
	return probes.exists.every(([file, answer]) => services.exists(where(file)) === answer)
		&& probes.modified.every(([file, answer]) => (services.modifiedDate(where(file)) ?? null) === answer);
}

/** The probes still to ask for a cached skill: the stamp thread has asked the existence questions of a file it vouched for. */
function probesToAsk(cached: CachedSkill): Probes {
	return cached.vouched ? { exists: [], modified: cached.probes.modified } : cached.probes;
}

/** Probes with the paths inside `dir` relative to it (the others stay absolute), or back with `path.resolve`. */
function probesIn(probes: Probes, dir: string, toDir: (dir: string, file: string) => string): Probes {
	return {
		exists: probes.exists.map(([file, answer]) => [toDir(dir, file), answer]),
		modified: probes.modified.map(([file, answer]) => [toDir(dir, file), answer]),
	};
}

/** A path inside `dir` relative to it, any other as it is (absolute). */
function relativeTo(dir: string, file: string): string {
	return file.startsWith(dir + path.sep) ? file.slice(dir.length + 1) : file;
}

/**
 * Analyses a skill unless `known` still describes it: the same key and the same answers from the
 * file system. `'unchanged'` tells the asking thread to reuse what it has.
 */
export function analyzeUnlessKnown(input: SkillInput, config: CheckConfig, services: AnalyzeServices, salt: string | undefined, known: KnownSkill | undefined): AnalysisOutcome | 'unchanged' {
	if (salt === undefined) {
		return { analysis: analyzeSkill(input, config, services) };
	}
	const content = contentOf(input);
	const key = skillKey(salt, input.location, input.sidecars, content);
	if (known && known.key === key && probesHold(known.probes, services)) {
		return 'unchanged';
	}
	const recorder = recording(services);
	const analysis = analyzeSkill(input, config, recorder.services);
	return { analysis, known: recorder.stopped() ? undefined : { key, content, probes: recorder.probes } };
}

/**
 * A persistent cache of skill analyses, as ESLint's and markdownlint-cli2's: each skill's findings
 * and passage fingerprints under a key of its content, location and folder listing, salted with the
 * engine, the configuration and the date, so only skills that changed are analysed; and the
 * cross-skill findings of the whole library, reused while no skill of it changed. A skill file or
 * folder whose stamp (see `Stamp`) is the one it had when it was read is not read again: its key
 * and listing are the ones recorded. The fingerprints live in a binary file beside it, read only
 * when the cross-skill rules must run again. A file from another engine or configuration, or one
 * that cannot be read back, is ignored and rebuilt: the cache only ever saves work, it never
 * decides a finding.
 */
export class AnalysisCache implements FolderMemo {
	private readonly skills: Map<string, CachedSkill>;
	private readonly folders: Map<string, CachedFolder>;
	/** The folders listed or recalled in this run: the ones the file keeps. */
	private readonly listed = new Map<string, CachedFolder>();
	private signature?: string;
	private readonly seen = new Set<string>();
	private dirty = false;
	private counts = { reused: 0, analysed: 0, crossReused: false, crossUpdated: 0, unread: 0, vouched: 0, walkReplayed: false };
	private readonly printsId?: string;
	private stampCheck?: Promise<StampCheck | undefined>;
	/** Whether the stamp thread vouched for every folder of the file: the folders the run that wrote it listed. */
	private foldersVouched = false;
	/** The walk the file holds, and the one this run's is to be kept as (undefined when it cannot vouch for itself). */
	private readonly walk?: CachedWalk;
	private walkToKeep?: CachedWalk;
	/** Whether this run listed a folder whose stamp cannot vouch for it (see `settled`). */
	private unstampedFolder = false;
	/** Whether every skill of this run holds the cross-skill findings of this run's library. */
	private crossCurrent = false;
	/** Skills of the file that held cross-skill findings, as they were before this run replaced or forgot them (see `previousLibrary`). */
	private readonly replaced = new Map<string, CachedSkill>();
	/** The id of the results file this run wrote, when it holds a settled run's results. */
	private settledResultsId?: string;

	private constructor(private readonly file: string, readonly salt: string, private readonly settleMs: number, data?: Pick<CacheFile, 'signature' | 'printsId' | 'walk'> & Unpacked, readonly ignored?: string) {
		this.skills = data?.skills ?? new Map();
		this.folders = data?.folders ?? new Map();
		this.signature = data?.signature;
		this.printsId = data?.printsId;
		this.walk = data?.walk;
	}

	/**
	 * Loads the cache file for `salt`; a missing, foreign or damaged file (or fingerprint file) is an
	 * empty cache. `settleMs` is how long before a read a file must have last changed for its stamp
	 * to vouch for it later (two seconds; tests shorten it). With `stampWorker` (the bundled
	 * `stampWorker.js`), a second thread compares the stamps with the disk while this one parses the
	 * file; `checkStamps` takes its answer. The file is read off the thread and unpacked a slice at
	 * a time: in the editor, a skill opened meanwhile is checked between two slices.
	 */
	static async load(file: string, salt: string, options: { settleMs?: number; stampWorker?: string } = {}): Promise<AnalysisCache> {
		return AnalysisCache.open(file, salt, options).load();
	}

	/** Starts the stamp thread without reading the cache file, whose last settled results may answer first (see `OpenedCache`). */
	static open(file: string, salt: string, options: { settleMs?: number; stampWorker?: string } = {}): OpenedCache {
		let difference: StampDifference | undefined;
		const stampCheck = options.stampWorker === undefined ? undefined : checkStampListInThread(options.stampWorker, stampsFileOf(file), found => {
			difference = found;
		});
		return new OpenedCache(file, salt, options.settleMs ?? defaultSettleMs, stampCheck, () => difference);
	}

	/**
	 * Reads the cache file; `stampCheck` is the stamp thread's answer to come (see `load`). With
	 * `rewrite`, the cache is written at the end of the run even if nothing in it changed: its
	 * results file could not be read back.
	 */
	static async read(file: string, salt: string, settleMs: number, stampCheck: Promise<StampCheck | undefined> | undefined, rewrite = false): Promise<AnalysisCache> {
		const cache = await AnalysisCache.readFile(file, salt, settleMs);
		cache.stampCheck = cache.printsId === undefined ? undefined : stampCheck;
		cache.dirty ||= rewrite;
		return cache;
	}

	private static async readFile(file: string, salt: string, settleMs: number): Promise<AnalysisCache> {
		let text: string;
		try {
			text = await fs.promises.readFile(file, 'utf8');
		} catch {
			return new AnalysisCache(file, salt, settleMs);
		}
		try {
			const data = JSON.parse(text) as Partial<CacheFile>;
			if (data.format !== formatVersion || !Array.isArray(data.skills) || !Array.isArray(data.files) || !Array.isArray(data.folders) || typeof data.printsId !== 'string') {
				return new AnalysisCache(file, salt, settleMs, undefined, 'it was written in another format');
			}
			if (data.salt !== salt) {
				return new AnalysisCache(file, salt, settleMs, undefined, 'the engine, the configuration or the date changed');
			}
			if (readPrintsId(printsFileOf(file)) !== data.printsId) {
				return new AnalysisCache(file, salt, settleMs, undefined, 'its fingerprint file is missing or from another run');
			}
			return new AnalysisCache(file, salt, settleMs, { signature: data.signature, printsId: data.printsId, walk: data.walk, ...await unpack(data as CacheFile) });
		} catch (error) {
			return new AnalysisCache(file, salt, settleMs, undefined, `it could not be read back (${error instanceof Error ? error.message : String(error)})`);
		}
	}

	/**
	 * Takes the stamp thread's answer (see `load`): folders and files it found as stamped are not
	 * looked at again in this run. Without an answer, or one for another cache file, each is looked
	 * at when the run reaches it.
	 */
	async checkStamps(): Promise<void> {
		const check = await this.stampCheck;
		this.stampCheck = undefined;
		if (!check || check.id !== this.printsId || check.folders.length !== this.folders.size || check.files.length !== this.skills.size) {
			return;
		}
		let i = 0;
		for (const folder of this.folders.values()) {
			folder.vouched = check.folders[i++] === 1;
		}
		i = 0;
		for (const skill of this.skills.values()) {
			skill.vouched = check.files[i++] === 1;
		}
		this.foldersVouched = check.folders.every(vouched => vouched === 1);
	}

	/**
	 * The skill files and links the last walk found, when this run may take them instead of walking:
	 * the same request, every folder that walk listed and every skill file it found vouched for by
	 * the stamp thread (skills the cache keeps from other runs, deleted since or not, do not
	 * count), every root that was missing still missing, and every modification date an analysis
	 * asked for the same. The files' cached analyses stand (`reuse`); undefined when any of that is
	 * not so.
	 */
	replayWalk(request: string, questions: FileQuestions): { files: string[]; aliases: SkillAlias[] } | undefined {
		const walk = this.walk;
		if (!walk || walk.request !== request || !this.foldersVouched || walk.missingRoots.some(root => fs.existsSync(root))) {
			return undefined;
		}
		const files = unpackPaths(walk.files);
		for (const file of files) {
			const cached = this.skills.get(file);
			if (!cached?.vouched || !probesHold(probesToAsk(cached), questions, path.dirname(file))) {
				return undefined;
			}
		}
		// The folders stand as listed: a later save keeps them.
		for (const [dir, folder] of this.folders) {
			this.listed.set(dir, folder);
		}
		this.counts.unread += files.length;
		this.counts.vouched += files.length;
		this.counts.walkReplayed = true;
		this.walkToKeep = walk;
		return { files, aliases: walk.aliases };
	}

	/** Keeps this run's walk for the next run to replay, when everything it looked at vouches for itself (see `CachedWalk`). */
	recordWalk(request: string, roots: readonly string[], discovered: DiscoveryResult): void {
		const files = discovered.skills.map(skill => skill.file);
		const recordable = discovered.problems.length === 0 && !this.unstampedFolder && files.every(file => this.skills.get(file)?.stamp !== undefined);
		const walk: CachedWalk | undefined = recordable
			? { request, files: packPaths([...files].sort()), aliases: discovered.aliases, missingRoots: roots.filter(root => !this.listed.has(root)) }
			: undefined;
		if (JSON.stringify(walk) !== JSON.stringify(this.walk)) {
			this.dirty = true;
		}
		this.walkToKeep = walk;
	}

	/**
	 * How many skills of this run were reused (`unread` of them without reading their file, on their
	 * stamp; `vouched` of those on the stamp thread's word) and analysed, and whether the
	 * cross-skill findings were reused.
	 */
	get stats(): { reused: number; analysed: number; crossReused: boolean; crossUpdated: number; unread: number; vouched: number; walkReplayed: boolean } {
		return { ...this.counts };
	}

	/** The stamp of a read that may vouch for the file later: one that had settled when it was read. */
	private settled(read: FileRead | undefined): Stamp | undefined {
		return read && read.stamp[3] < read.at - this.settleMs && read.stamp[4] < read.at - this.settleMs ? read.stamp : undefined;
	}

	/** See `FolderMemo`: a folder whose stamp is the one recorded when it was listed is not listed again. */
	recall(dir: string): readonly string[] | ((entries: readonly string[]) => void) {
		const known = this.folders.get(dir);
		if (known?.vouched) {
			this.listed.set(dir, known);
			return known.entries;
		}
		const at = Date.now();
		const stamp = currentStamp(dir, 'folder');
		if (stamp && known && sameStamp(stamp, known.stamp)) {
			this.listed.set(dir, known);
			return known.entries;
		}
		return entries => {
			const vouching = stamp && this.settled({ stamp, at });
			if (vouching) {
				this.listed.set(dir, { stamp: vouching, entries });
				this.dirty = true;
			} else {
				this.unstampedFolder = true;
			}
		};
	}

	/** What the cache knows of a skill file, for the thread that reads it to compare. */
	known(file: string): KnownSkill | undefined {
		const cached = this.skills.get(file);
		return cached && { key: cached.key, probes: probesIn(cached.probes, path.dirname(file), path.resolve) };
	}

	/**
	 * The cached analysis of a skill whose file has the stamp it had when it was read, whose key —
	 * from that read's contents and the skill's surroundings now (see `skillSurroundings`) — is the
	 * same and whose file-system answers hold: reused without reading the file. Undefined when any
	 * of that is not so.
	 */
	reuseUnread(found: SkillLocation, surroundings: (found: SkillLocation) => { location: SkillLocation; sidecars: readonly string[] }, questions: FileQuestions): SkillAnalysis | undefined {
		const cached = this.skills.get(found.file);
		if (!cached?.stamp || !(cached.vouched || sameStamp(currentStamp(found.file, 'file'), cached.stamp))) {
			return undefined;
		}
		const { location, sidecars } = surroundings(found);
		if (skillKey(this.salt, location, sidecars, cached.content) !== cached.key || !probesHold(probesToAsk(cached), questions, path.dirname(found.file))) {
			return undefined;
		}
		this.counts.unread++;
		this.counts.vouched += cached.vouched ? 1 : 0;
		return this.reuse(found.file);
	}

	/**
	 * The cached analysis of a file the reading thread found unchanged (its fingerprints come with
	 * `attachPrints`); `read` is how the file stood then, which vouches for it next time.
	 */
	reuse(file: string, read?: FileRead): SkillAnalysis {
		const cached = this.skills.get(file);
		if (!cached) {
			throw new Error(`no cached analysis of ${file}`);
		}
		this.seen.add(file);
		this.counts.reused++;
		if (read) {
			const stamp = this.settled(read);
			if (!sameStamp(stamp, cached.stamp)) {
				cached.stamp = stamp;
				cached.vouched = false;
				this.dirty = true;
			}
		}
		return cached.analysis;
	}

	/** Remembers a fresh analysis (one that cannot be reused is forgotten instead). */
	store(outcome: AnalysisOutcome): void {
		const file = outcome.analysis.file;
		this.seen.add(file);
		this.counts.analysed++;
		this.dirty = true;
		this.crossCurrent = false;
		const before = this.skills.get(file);
		if (before?.cross && !this.replaced.has(file)) {
			this.replaced.set(file, before);
		}
		if (outcome.known) {
			const { key, content, probes } = outcome.known;
			this.skills.set(file, { key, content, probes: probesIn(probes, path.dirname(file), relativeTo), stamp: this.settled(outcome.read), analysis: outcome.analysis });
		} else {
			this.skills.delete(file);
		}
	}

	/**
	 * Gives every analysis read from the file its fingerprints back, from the fingerprint file:
	 * before the cross-skill rules run on them, or the cache is written again. A fingerprint file
	 * that no longer matches throws, since the analyses cannot be completed.
	 */
	attachPrints(): void {
		const waiting = [...this.skills.values(), ...this.replaced.values()].filter(cached => cached.stored);
		if (waiting.length === 0) {
			return;
		}
		const words = readPrints(printsFileOf(this.file), this.printsId);
		for (const cached of waiting) {
			const { passages, descriptionPrint } = cached.stored as NonNullable<CachedSkill['stored']>;
			cached.analysis.passages = passages && fingerprintsFrom(words, passages);
			cached.analysis.descriptionPrint = descriptionPrint && fingerprintsFrom(words, descriptionPrint);
			cached.stored = undefined;
		}
	}

	/**
	 * The library's signature: the key of every skill of this run. Undefined when a skill of it has
	 * no key (its analysis could not be cached), since then nothing vouches for the whole.
	 */
	private librarySignature(extra: string): string | undefined {
		const skills = new Map<string, CachedSkill>();
		for (const file of this.seen) {
			const cached = this.skills.get(file);
			if (!cached) {
				return undefined;
			}
			skills.set(file, cached);
		}
		return this.signatureOf(skills, extra);
	}

	private signatureOf(skills: ReadonlyMap<string, CachedSkill>, extra: string): string {
		const hash = createHash('sha1').update(this.salt).update(`\0${extra}`);
		for (const file of [...skills.keys()].sort()) {
			hash.update(`\0${file}\0${(skills.get(file) as CachedSkill).key}`);
		}
		return hash.digest('base64url');
	}

	/**
	 * The library the file's cross-skill findings were computed for, as it was then: each skill's
	 * analysis and findings, those this run replaced or forgot included. With it, a run that
	 * changed a few skills updates the findings those changes touch instead of computing every
	 * skill's again. Undefined unless the skills holding findings are exactly that library's, with
	 * the same keys and `extra` (the links between roots), as its signature says.
	 */
	previousLibrary(extra = ''): Map<string, { analysis: SkillAnalysis } & CrossFindings> | undefined {
		if (this.signature === undefined) {
			return undefined;
		}
		const members = new Map<string, CachedSkill>(this.replaced);
		for (const [file, cached] of this.skills) {
			if (cached.cross && !members.has(file)) {
				members.set(file, cached);
			}
		}
		if (this.signatureOf(members, extra) !== this.signature) {
			return undefined;
		}
		return new Map([...members].map(([file, { analysis, cross }]) => [file, { analysis, ...cross as CrossFindings }]));
	}

	/**
	 * The cross-skill findings of each skill of this run, when the library is the one they were
	 * computed for; `extra` is what else they depend on (the symbolic links between roots).
	 */
	crossFindings(extra = ''): Map<string, CrossFindings> | undefined {
		const signature = this.librarySignature(extra);
		if (signature === undefined || signature !== this.signature) {
			return undefined;
		}
		const found = new Map<string, CrossFindings>();
		for (const file of this.seen) {
			const cross = this.skills.get(file)?.cross;
			if (!cross) {
				return undefined;
			}
			found.set(file, cross);
		}
		this.counts.crossReused = true;
		this.crossCurrent = true;
		return found;
	}

	/**
	 * Remembers the library's cross-skill findings, computed for the skills of this run; `updated`
	 * is how many changes since the previous library they were updated for, one by one (none when
	 * they were computed afresh).
	 */
	storeCrossFindings(crossOf: (file: string) => CrossFindings, extra = '', updated = 0): void {
		this.counts.crossUpdated = updated;
		const signature = this.librarySignature(extra);
		if (signature === undefined) {
			return;
		}
		for (const file of this.seen) {
			(this.skills.get(file) as CachedSkill).cross = crossOf(file);
		}
		this.signature = signature;
		this.crossCurrent = true;
		this.dirty = true;
	}

	/**
	 * Writes the cache when this run changed it, keeping the skills of other runs up to the size
	 * cap and the folders of this run: the fingerprint file first, then the file naming it, each
	 * atomically.
	 */
	save(): void {
		if (!this.dirty) {
			return;
		}
		this.attachPrints();
		const kept: [string, CachedSkill, boolean][] = [];
		for (const file of this.seen) {
			const cached = this.skills.get(file);
			if (cached) {
				kept.push([file, cached, true]);
			}
		}
		for (const [file, cached] of this.skills) {
			if (kept.length >= maxSkills) {
				break;
			}
			if (!this.seen.has(file)) {
				// A skill of another run keeps its analysis, not cross-skill findings computed in a library that is gone.
				kept.push([file, cached, false]);
			}
		}
		const printsId = randomBytes(printsHeaderBytes).toString('hex').slice(0, printsHeaderBytes);
		const { data, words, stamps, stampIndex } = pack(kept, this.listed, { salt: this.salt, signature: this.signature, printsId, walk: this.walkToKeep });
		const results = this.settledResults(stampIndex, printsId);
		let length = printsHeaderBytes;
		for (const array of words) {
			length += array.byteLength;
		}
		const prints = Buffer.alloc(length);
		prints.write(printsId, 0, 'latin1');
		let at = printsHeaderBytes;
		for (const array of words) {
			prints.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
			at += array.byteLength;
		}
		writeFilesAtomically(new Map<string, string | Uint8Array>([
			[printsFileOf(this.file), prints], [stampsFileOf(this.file), encodeStampList(stamps)], [resultsFileOf(this.file), encodeResults(results)],
			[this.file, JSON.stringify(data)],
		]));
		// A report kept from the results just replaced can never be printed again.
		fs.rmSync(reportFileOf(this.file), { force: true });
		this.settledResultsId = results.request === undefined ? undefined : printsId;
		this.dirty = false;
	}

	/** Keeps a report made from this run's results beside them, when they were written as a settled run's (see `KeptReport`). */
	keepReport(report: KeptReport): void {
		if (this.settledResultsId !== undefined) {
			writeKeptReport(this.file, this.settledResultsId, report);
		}
	}

	/**
	 * The results file for this run: each skill's results when the run's walk is kept and every one
	 * of its skills holds this library's cross-skill findings; otherwise one without a request.
	 */
	private settledResults(stampIndex: ReadonlyMap<string, number>, printsId: string): ResultsFile {
		const table = new StringTable();
		const stream = new FindingStream(table);
		const skills: number[] = [];
		const results: ResultsFile = {
			format: formatVersion, salt: this.salt, printsId, missingRoots: [], strings: table.strings, findingWords: stream.words, otherFindings: stream.others,
			files: [], skills, suppressed: [], modified: [],
		};
		const walk = this.walkToKeep;
		const files = walk ? unpackPaths(walk.files) : [];
		if (!walk || !this.crossCurrent || files.length !== this.seen.size || !files.every(file => this.seen.has(file) && this.skills.get(file)?.cross)) {
			return results;
		}
		files.forEach((file, i) => {
			const { analysis, cross, probes } = this.skills.get(file) as CachedSkill & { cross: CrossFindings };
			const [start, count] = stream.write(skillFindings(analysis.findings, cross.cross), file);
			skills.push(stampIndex.get(file) as number, analysis.name === undefined ? -1 : table.of(analysis.name), table.of(analysis.status), start, count);
			const suppressed = [...analysis.suppressed ?? [], ...cross.crossSuppressed];
			if (suppressed.length > 0) {
				results.suppressed.push([i, suppressed]);
			}
			for (const [target, answer] of probes.modified) {
				results.modified.push([i, path.resolve(path.dirname(file), target), answer]);
			}
		});
		return { ...results, request: walk.request, missingRoots: walk.missingRoots, files: walk.files };
	}
}

/**
 * A cache whose stamp thread has started and whose file is not read yet: `lastResults` answers
 * with the last settled run's results when nothing they rest on has changed, `load` reads the cache.
 */
export class OpenedCache {
	/** Whether the results file is there but cannot be read back: the run rewrites it. */
	private damaged = false;

	/** `difference` gives the first difference the stamp thread has told of so far, if any. */
	constructor(
		private readonly file: string, private readonly salt: string, private readonly settleMs: number,
		private readonly stampCheck: Promise<StampCheck | undefined> | undefined, private readonly difference: () => StampDifference | undefined = () => undefined,
	) {}

	load(): Promise<AnalysisCache> {
		return AnalysisCache.read(this.file, this.salt, this.settleMs, this.stampCheck, this.damaged);
	}

	/**
	 * The results of the last run whose walk was kept for `request`, read back before the stamp
	 * thread has answered: a caller can prepare its report meanwhile. `stand` says once the thread
	 * has answered whether a check now would report exactly them: the same engine, configuration
	 * and date (`salt`), the same walk request, every folder that walk listed and every skill file
	 * it found vouched for by the thread (their existence answers included), every root that was
	 * missing still missing, and every modification date an analysis asked for the same. `fallen`
	 * says sooner, without waiting, that they do not stand: the thread has told of a folder or of
	 * one of their skill files not as stamped. Undefined when the file is missing, damaged or for
	 * another engine, configuration or request.
	 */
	async lastResults(request: string): Promise<LastResults | undefined> {
		let bytes: Buffer;
		try {
			bytes = await fs.promises.readFile(resultsFileOf(this.file));
		} catch {
			return undefined;
		}
		// Results outlive the cache file they were written with only when someone deleted it to start afresh.
		if (!fs.existsSync(this.file)) {
			return undefined;
		}
		let results: ResultsFile;
		let files: string[];
		try {
			results = decodeResults(bytes);
			if (results.format !== formatVersion) {
				throw new Error('it was written in another format');
			}
			if (results.salt !== this.salt) {
				return undefined;
			}
			files = unpackPaths(results.files);
			if (results.skills.length !== 5 * files.length || typeof results.printsId !== 'string') {
				throw new Error('its lists differ in length');
			}
			if (results.request !== request) {
				return undefined;
			}
			if (this.fallenFor(results)) {
				// Building the results would keep the check waiting for nothing.
				return undefined;
			}
		} catch {
			this.damaged = true;
			return undefined;
		}
		let skills: SkillResult[] | undefined;
		const readSkills = (): SkillResult[] | undefined => {
			try {
				const suppressed = new Map(results.suppressed);
				skills ??= files.map((file, i) => {
					const at = 5 * i;
					const [name, status, start, count] = [results.skills[at + 1], results.skills[at + 2], results.skills[at + 3], results.skills[at + 4]];
					return {
						file, ...(name === -1 ? {} : { name: text(results.strings, name) }), status: text(results.strings, status) as LifecycleStatus,
						findings: readFindings(results, [start, count], file), suppressed: suppressed.get(i) ?? [],
					};
				});
				return skills;
			} catch {
				this.damaged = true;
				return undefined;
			}
		};
		const stand = async (questions: FileQuestions): Promise<boolean> => {
			const check = await this.stampCheck;
			if (!check || check.id !== results.printsId || !check.folders.every(vouched => vouched === 1)) {
				return false;
			}
			try {
				if (results.missingRoots.some(root => fs.existsSync(root)) || results.modified.some(([, target, answer]) => (questions.modifiedDate(target) ?? null) !== answer)) {
					return false;
				}
				for (let at = 0; at < results.skills.length; at += 5) {
					const stampAt = results.skills[at];
					if (!(stampAt >= 0 && stampAt < check.files.length)) {
						throw new Error(`stamp ${stampAt} is missing`);
					}
					if (check.files[stampAt] !== 1) {
						return false;
					}
				}
				return true;
			} catch {
				this.damaged = true;
				return false;
			}
		};
		return {
			skills: readSkills, stand, fallen: () => this.fallenFor(results),
			kept: key => readKeptReport(this.file, results.printsId, key),
			keep: report => writeKeptReport(this.file, results.printsId, report),
		};
	}

	/** Whether the stamp thread has told of a folder, or of a skill file of `results`, not as stamped. */
	private fallenFor(results: ResultsFile): boolean {
		const difference = this.difference();
		if (!difference || difference.id !== results.printsId) {
			return false;
		}
		if (difference.kind === 'folder') {
			return true;
		}
		for (let at = 0; at < results.skills.length; at += 5) {
			if (results.skills[at] === difference.index) {
				return true;
			}
		}
		return false;
	}
}

/** See `OpenedCache.lastResults`. */
export interface LastResults {
	/** Each skill's results, read on first call; undefined when they turn out damaged (the run then rewrites them). */
	skills(): SkillResult[] | undefined;
	stand(questions: FileQuestions): Promise<boolean>;
	fallen(): boolean;
	/** The report kept from these results for `key`, if there is one (see `KeptReport`). */
	kept(key: string): Promise<{ meta: unknown; body: Buffer } | undefined>;
	/** Keeps a report made from these results, once they have stood. */
	keep(report: KeptReport): void;
}

/**
 * What a command printed from a settled run's results, kept beside them (`<cache>.report`): the
 * next run over an unchanged library prints its bytes again instead of building them from the
 * results. `key` names whatever else the bytes were made from (the format, the working folder),
 * `meta` what the caller needs besides them. A report is tied to the results file it was made
 * from; writing new results removes it.
 */
export interface KeptReport {
	key: string;
	meta: unknown;
	body: readonly Uint8Array[];
}

/** The kept report beside a cache file (see `KeptReport`). */
function reportFileOf(file: string): string {
	return `${file}.report`;
}

interface KeptReportHead {
	format: number;
	resultsId: string;
	key: string;
	meta: unknown;
	bodyBytes: number;
}

/** Writes a kept report for the results file of id `resultsId`: a JSON head, then the body's bytes. A report that cannot be written costs the next run its speed, nothing else. */
function writeKeptReport(cacheFile: string, resultsId: string, report: KeptReport): void {
	const length = report.body.reduce((sum, piece) => sum + piece.length, 0);
	const head: KeptReportHead = { format: formatVersion, resultsId, key: report.key, meta: report.meta, bodyBytes: length };
	const { bytes, payloadAt } = encodeHeaded(head, length);
	let at = payloadAt;
	for (const piece of report.body) {
		bytes.set(piece, at);
		at += piece.length;
	}
	try {
		writeFilesAtomically(new Map([[reportFileOf(cacheFile), bytes]]));
	} catch {
		// Nothing to undo: the file is written atomically.
	}
}

/** The report kept for the results file of id `resultsId` and for `key`; undefined when there is none, or a damaged one. */
async function readKeptReport(cacheFile: string, resultsId: string, key: string): Promise<{ meta: unknown; body: Buffer } | undefined> {
	try {
		const bytes = await fs.promises.readFile(reportFileOf(cacheFile));
		const { head, payloadAt } = decodeHeaded<KeptReportHead>(bytes);
		const kept = head.format === formatVersion && head.resultsId === resultsId && head.key === key && head.bodyBytes === bytes.length - payloadAt;
		return kept ? { meta: head.meta, body: bytes.subarray(payloadAt) } : undefined;
	} catch {
		return undefined;
	}
}

/** Strings stored once, by index. */
class StringTable {
	readonly strings: string[] = [];
	private readonly indices = new Map<string, number>();

	of(text: string): number {
		let index = this.indices.get(text);
		if (index === undefined) {
			index = this.strings.push(text) - 1;
			this.indices.set(text, index);
		}
		return index;
	}
}

const spanKeys = ['line', 'column', 'endLine', 'endColumn'] as const;

/** Whether an object has exactly the `strings` keys as strings, the span's as numbers and `others` more keys: the shape the packed form holds. */
function plainShape(value: object, strings: readonly string[], others = 0): boolean {
	const fields = value as Record<string, unknown>;
	return Object.keys(value).length === strings.length + spanKeys.length + others
		&& strings.every(key => typeof fields[key] === 'string') && spanKeys.every(key => typeof fields[key] === 'number');
}

/**
 * Findings as one stream of numbers, which parses into one array instead of an object per finding.
 * A finding is the string-table indices of its rule, severity and message, its span, its file (-1:
 * the skill's own), the number of its related places and six numbers for each (file, message,
 * span); one of any other shape is -1 - its index among the others, kept as they are, so nothing a
 * rule adds is lost on the way through.
 */
class FindingStream {
	readonly words: number[] = [];
	readonly others: Finding[] = [];

	constructor(private readonly table: StringTable) {}

	write(findings: readonly Finding[], own: string): PackedFindings {
		const start = this.words.length;
		const fileRef = (file: string) => (file === own ? -1 : this.table.of(file));
		for (const finding of findings) {
			if (!plainShape(finding, ['file', 'rule', 'severity', 'message'], 1) || !Array.isArray(finding.related)
				|| !finding.related.every(related => plainShape(related, ['file', 'message']))) {
				this.words.push(-1 - (this.others.push(finding) - 1));
				continue;
			}
			this.words.push(this.table.of(finding.rule), this.table.of(finding.severity), this.table.of(finding.message), ...spanKeys.map(key => finding[key]), fileRef(finding.file), finding.related.length);
			for (const related of finding.related) {
				this.words.push(fileRef(related.file), this.table.of(related.message), ...spanKeys.map(key => related[key]));
			}
		}
		return [start, findings.length];
	}
}

function readFindings(data: Pick<CacheFile, 'otherFindings' | 'strings'> & { findingWords: ArrayLike<number> }, [start, count]: PackedFindings, own: string): Finding[] {
	const { findingWords: words, otherFindings: others, strings } = data;
	const file = (ref: number) => (ref === -1 ? own : text(strings, ref));
	const findings: Finding[] = [];
	let at = start;
	for (let n = 0; n < count; n++) {
		const head = words[at];
		if (head < 0) {
			findings.push(others[-1 - head]);
			at++;
			continue;
		}
		if (at + 9 > words.length) {
			throw new Error('the findings end too soon');
		}
		const related: RelatedLocation[] = [];
		const end = at + 9 + 6 * words[at + 8];
		for (let i = at + 9; i < end; i += 6) {
			related.push({ line: words[i + 2], column: words[i + 3], endLine: words[i + 4], endColumn: words[i + 5], message: text(strings, words[i + 1]), file: file(words[i]) });
		}
		findings.push({
			file: file(words[at + 7]), rule: text(strings, head) as FindingRule, severity: text(strings, words[at + 1]) as Severity, message: text(strings, words[at + 2]),
			line: words[at + 3], column: words[at + 4], endLine: words[at + 5], endColumn: words[at + 6], related,
		});
		at = end;
	}
	if (findings.some(finding => finding === undefined)) {
		throw new Error('a finding is missing');
	}
	return findings;
}

/** A string of the table; an index it lacks means the file is not what was written. */
function text(strings: readonly string[], index: number): string {
	const found = strings[index];
	if (typeof found !== 'string') {
		throw new Error(`string ${index} is missing`);
	}
	return found;
}

/** The cache file's contents for `kept` skills (with or without their cross-skill findings) and `listed` folders, and the fingerprint words in file order. */
function pack(kept: readonly [string, CachedSkill, boolean][], listed: ReadonlyMap<string, CachedFolder>, head: Pick<CacheFile, 'salt' | 'signature' | 'printsId' | 'walk'>): { data: CacheFile; words: Uint32Array[]; stamps: StampList; stampIndex: Map<string, number> } {
	const table = new StringTable();
	const stream = new FindingStream(table);
	const roots: SkillRoot[] = [];
	const rootIndex = new Map<string, number>();
	const words: Uint32Array[] = [];
	let offset = printsHeaderBytes / 4;
	const slice = (array: Uint32Array): [number, number] => {
		words.push(array);
		offset += array.length;
		return [offset - array.length, array.length];
	};
	const stored = (prints: Fingerprints | undefined): StoredPrints | undefined => prints && [
		prints.count, ...slice(prints.meta), ...slice(prints.shingles), ...slice(prints.bands),
	];
	const sorted = [...kept].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const skills = sorted.map(([, cached, withCross]): PackedSkill => {
		const { file, dir, folderName, root, findings, passages, descriptionPrint, ...rest } = cached.analysis;
		const rootKey = JSON.stringify(root);
		let rootAt = rootIndex.get(rootKey);
		if (rootAt === undefined) {
			rootAt = roots.push(root) - 1;
			rootIndex.set(rootKey, rootAt);
		}
		return {
			key: cached.key, content: cached.content, stamp: cached.stamp,
			...(cached.probes.exists.length > 0 || cached.probes.modified.length > 0 ? { probes: cached.probes } : {}),
			analysis: {
				...rest, findings: stream.write(findings, file), root: rootAt,
				...(dir === path.dirname(file) ? {} : { dir }), ...(folderName === path.basename(dir) ? {} : { folderName }),
			},
			...(withCross && cached.cross ? { cross: { cross: stream.write(cached.cross.cross, file), crossSuppressed: cached.cross.crossSuppressed } } : {}),
			passages: stored(passages), descriptionPrint: stored(descriptionPrint),
		};
	});
	const folders = [...listed.keys()].sort();
	const files = packPaths(sorted.map(([file]) => file));
	const packedFolders = packPaths(folders);
	const covering = coveringFolders(folders, listed);
	const exists = sorted.flatMap(([file, cached], i) => cached.probes.exists.map(([target, answer]): StampList['exists'][number] => {
		const absolute = path.resolve(path.dirname(file), target);
		return [i, absolute, answer, covering(absolute, answer)];
	}));
	return {
		data: {
			format: formatVersion, ...head, strings: table.strings, findingWords: stream.words, otherFindings: stream.others, roots,
			files, skills,
			folders: packedFolders,
			listings: folders.map(dir => {
				const folder = listed.get(dir) as CachedFolder;
				return [folder.stamp, folder.entries.map(entry => table.of(entry))];
			}),
		},
		words,
		stampIndex: new Map(sorted.map(([file], i) => [file, i])),
		stamps: {
			id: head.printsId, folders: packedFolders, folderStamps: folders.map(dir => (listed.get(dir) as CachedFolder).stamp),
			files, fileStamps: sorted.map(([, cached]) => cached.stamp ?? null), exists,
		},
	};
}

/**
 * For a path an analysis asked about, the listed folder (its index in the sorted `folders`) whose
 * stamp answers whether it still exists, or -1. While a folder is as stamped its entries are the
 * same; an entry that is a symbolic link may lose its target without the folder changing, so a
 * path listed as a link, or one whose listing disagrees with the answer, is looked up each time.
 */
function coveringFolders(folders: readonly string[], listed: ReadonlyMap<string, CachedFolder>): (target: string, answer: boolean) => number {
	const index = new Map(folders.map((dir, i) => [dir, i]));
	const entries = new Map<string, ReadonlySet<string>>();
	return (target, answer) => {
		const dir = path.dirname(target);
		const at = index.get(dir);
		if (at === undefined) {
			return -1;
		}
		let typed = entries.get(dir);
		if (!typed) {
			typed = new Set((listed.get(dir) as CachedFolder).entries);
			entries.set(dir, typed);
		}
		const name = path.basename(target);
		const listedAs = typed.has(`d${name}`) || typed.has(`f${name}`) ? true : typed.has(`l${name}`) ? undefined : false;
		return listedAs === answer ? at : -1;
	};
}

/** The cache file's skills and folders, unpacked. */
interface Unpacked {
	skills: Map<string, CachedSkill>;
	folders: Map<string, CachedFolder>;
}

/** How long unpacking or replaying runs before it lets other work in: a skill opened in the editor meanwhile is not kept waiting. */
export const cacheSliceMs = 25;

async function unpack(data: CacheFile): Promise<Unpacked> {
	const { strings, roots } = data;
	const files = unpackPaths(data.files);
	if (files.length !== data.skills.length || data.folders.length !== data.listings.length) {
		throw new Error('its lists differ in length');
	}
	const slices = new TimeSlices(cacheSliceMs);
	const skills = new Map<string, CachedSkill>();
	for (let i = 0; i < data.skills.length; i++) {
		if (i % 256 === 0) {
			await slices.pause();
		}
		const packed = data.skills[i];
		const file = files[i];
		// The parsed object becomes the analysis: a second copy of twenty thousand of them costs garbage collection more than the copying.
		const { root, dir = path.dirname(file), folderName = path.basename(dir), findings } = packed.analysis;
		if (roots[root] === undefined) {
			throw new Error(`root ${root} is missing`);
		}
		const analysis = Object.assign(packed.analysis, { file, dir, folderName, root: roots[root], findings: readFindings(data, findings, file) }) as unknown as SkillAnalysis;
		skills.set(file, {
			key: packed.key, content: packed.content, stamp: packed.stamp, probes: packed.probes ?? noProbes, analysis,
			cross: packed.cross && { cross: readFindings(data, packed.cross.cross, file), crossSuppressed: packed.cross.crossSuppressed },
			stored: { passages: packed.passages, descriptionPrint: packed.descriptionPrint },
		});
	}
	const folders = new Map<string, CachedFolder>();
	unpackPaths(data.folders).forEach((dir, i) => {
		const [stamp, entries] = data.listings[i];
		folders.set(dir, { stamp, entries: entries.map(entry => text(strings, entry)) });
	});
	return { skills, folders };
}

/** The id a fingerprint file starts with, or undefined when it cannot be read. */
function readPrintsId(file: string): string | undefined {
	let fd: number | undefined;
	try {
		fd = fs.openSync(file, 'r');
		const header = Buffer.alloc(printsHeaderBytes);
		return fs.readSync(fd, header, 0, printsHeaderBytes, 0) === printsHeaderBytes ? header.toString('latin1') : undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) {
			fs.closeSync(fd);
		}
	}
}

/** The words of a fingerprint file, checked against the id the cache file names. */
function readPrints(file: string, id: string | undefined): Uint32Array {
	const bytes = fs.readFileSync(file);
	if (bytes.length < printsHeaderBytes || bytes.length % 4 !== 0 || bytes.toString('latin1', 0, printsHeaderBytes) !== id) {
		throw new Error(`the fingerprint file ${file} no longer matches its cache file`);
	}
	// A view needs 4-byte alignment; a buffer from the shared pool may not have it.
	const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
	return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}

function fingerprintsFrom(words: Uint32Array, stored: StoredPrints): Fingerprints {
	const view = (at: number) => {
		const [offset, length] = [stored[at], stored[at + 1]];
		if (offset + length > words.length) {
			throw new Error('the fingerprint file is shorter than its cache file says');
		}
		return words.subarray(offset, offset + length);
	};
	return { count: stored[0], meta: view(1), shingles: view(3), bands: view(5) };
}

/** Where the command line keeps its cache when not told: one file per set of folders checked, in its cache folder. */
export function defaultCacheFile(cacheFolder: string, roots: readonly string[]): string {
	const id = createHash('sha1').update(JSON.stringify([...roots].sort())).digest('hex').slice(0, 16);
	return path.join(cacheFolder, `check-${id}.cache`);
}
