import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSkill, type AnalyzeServices, type SkillAnalysis, type SkillInput } from '../check/analyzeSkill';
import type { CheckConfig } from '../check/config';
import type { Finding } from '../check/findings';
import type { SuppressedFinding } from '../check/suppressions';
import type { Fingerprints } from '../duplicates/minHash';
import { writeFilesAtomically } from '../util/atomicWrite';

/** Bumped whenever what a cache file holds changes shape. */
const formatVersion = 1;
/** Skills remembered at most; past it, those not seen in the latest run are forgotten first. */
const maxSkills = 200_000;

/**
 * What an analysis asked the file system beyond its own file and folder listing — references
 * deeper than the listing, a plugin's manifest, a draft's modification date — with the answers.
 * A cached analysis stands only while every answer is still the same.
 */
export interface Probes {
	exists: [string, boolean][];
	modified: [string, string | undefined][];
}

/** What the asking thread knows of a skill from the cache: enough for the reading thread to tell whether it still holds. */
export interface KnownSkill {
	key: string;
	probes: Probes;
}

/** A fresh analysis with what makes it reusable; without `known` it must not be reused (markdownlint was stopped). */
export interface AnalysisOutcome {
	analysis: SkillAnalysis;
	known?: KnownSkill;
}

/** A skill's cross-skill findings, valid for the library whose signature they were computed in. */
export interface CrossFindings {
	cross: Finding[];
	crossSuppressed: SuppressedFinding[];
}

/** Where one typed array sits in the fingerprint file: its offset and length, in 32-bit words. */
type Slice = [number, number];

/** A `Fingerprints` with its typed arrays as slices of the fingerprint file. */
interface StoredPrints {
	count: number;
	meta: Slice;
	shingles: Slice;
	bands: Slice;
}

interface CachedSkill extends KnownSkill {
	/** The analysis; one read from the file holds its fingerprints only once `attachPrints` has run. */
	analysis: SkillAnalysis;
	cross?: CrossFindings;
	/** Where the fingerprints of an analysis read from the file are, until they are attached. */
	stored?: { passages?: StoredPrints; descriptionPrint?: StoredPrints };
}

/** The cache file: JSON, which V8 parses faster than it deserialises this many small objects. */
interface CacheFile {
	format: number;
	salt: string;
	/** The library whose cross-skill findings the skills carry. */
	signature?: string;
	/** Names the fingerprint file written with this one, so a pair from two different runs is never mixed. */
	printsId: string;
	skills: [string, CachedSkill][];
}

const printsHeaderBytes = 16;

/** The fingerprint file beside a cache file: the id, then every typed array, as 32-bit words. */
function printsFileOf(file: string): string {
	return `${file}.prints`;
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

/** A skill's key: the salt, where it was found, its folder's listing and its bytes (or why they could not be read). */
export function skillKey(salt: string, input: SkillInput): string {
	// The folder's entries as discovery read them are in the key as the sidecar listing made from them.
	const location = JSON.stringify(input.location, (key, value: unknown) => (key === 'entries' ? undefined : value));
	const hash = createHash('sha1').update(salt).update('\0').update(location).update('\0').update(input.sidecars.join('\n')).update('\0');
	if (input.bytes) {
		hash.update(input.bytes);
	} else {
		hash.update(`unreadable\0${input.readError ?? ''}`);
	}
	return hash.digest('base64url');
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
				probes.modified.push([file, answer]);
				return answer;
			},
		},
	};
}

/** Whether the file system still answers every probe as it did. */
function probesHold(probes: Probes, services: AnalyzeServices): boolean {
	return probes.exists.every(([file, answer]) => services.exists(file) === answer)
		&& probes.modified.every(([file, answer]) => services.modifiedDate(file) === answer);
}

/**
 * Analyses a skill unless `known` still describes it: the same key and the same answers from the
 * file system. `'unchanged'` tells the asking thread to reuse what it has.
 */
export function analyzeUnlessKnown(input: SkillInput, config: CheckConfig, services: AnalyzeServices, salt: string | undefined, known: KnownSkill | undefined): AnalysisOutcome | 'unchanged' {
	if (salt === undefined) {
		return { analysis: analyzeSkill(input, config, services) };
	}
	const key = skillKey(salt, input);
	if (known && known.key === key && probesHold(known.probes, services)) {
		return 'unchanged';
	}
	const recorder = recording(services);
	const analysis = analyzeSkill(input, config, recorder.services);
	return { analysis, known: recorder.stopped() ? undefined : { key, probes: recorder.probes } };
}

/**
 * A persistent cache of skill analyses, as ESLint's and markdownlint-cli2's: each skill's findings
 * and passage fingerprints under a key of its content, location and folder listing, salted with the
 * engine, the configuration and the date, so only skills that changed are analysed again; and the
 * cross-skill findings of the whole library, reused while no skill of it changed. The fingerprints
 * live in a binary file beside it, read only when the cross-skill rules must run again. A file from
 * another engine or configuration, or one that cannot be read back, is ignored and rebuilt: the
 * cache only ever saves work, it never decides a finding.
 */
export class AnalysisCache {
	private readonly skills: Map<string, CachedSkill>;
	private signature?: string;
	private readonly seen = new Set<string>();
	private dirty = false;
	private counts = { reused: 0, analysed: 0, crossReused: false };
	private readonly printsId?: string;

	private constructor(private readonly file: string, readonly salt: string, data?: CacheFile, readonly ignored?: string) {
		this.skills = new Map(data?.skills);
		this.signature = data?.signature;
		this.printsId = data?.printsId;
	}

	/** Loads the cache file for `salt`; a missing, foreign or damaged file (or fingerprint file) is an empty cache. */
	static load(file: string, salt: string): AnalysisCache {
		let text: string;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch {
			return new AnalysisCache(file, salt);
		}
		try {
			const data = JSON.parse(text) as Partial<CacheFile>;
			if (data.format !== formatVersion || !Array.isArray(data.skills) || typeof data.printsId !== 'string') {
				return new AnalysisCache(file, salt, undefined, 'it was written in another format');
			}
			if (data.salt !== salt) {
				return new AnalysisCache(file, salt, undefined, 'the engine, the configuration or the date changed');
			}
			if (readPrintsId(printsFileOf(file)) !== data.printsId) {
				return new AnalysisCache(file, salt, undefined, 'its fingerprint file is missing or from another run');
			}
			return new AnalysisCache(file, salt, data as CacheFile);
		} catch (error) {
			return new AnalysisCache(file, salt, undefined, `it could not be read back (${error instanceof Error ? error.message : String(error)})`);
		}
	}

	/** How many skills of this run were reused and analysed, and whether the cross-skill findings were reused. */
	get stats(): { reused: number; analysed: number; crossReused: boolean } {
		return { ...this.counts };
	}

	/** What the cache knows of a skill file, for the thread that reads it to compare. */
	known(file: string): KnownSkill | undefined {
		const cached = this.skills.get(file);
		return cached && { key: cached.key, probes: cached.probes };
	}

	/** The cached analysis of a file the reading thread found unchanged (its fingerprints come with `attachPrints`). */
	reuse(file: string): SkillAnalysis {
		const cached = this.skills.get(file);
		if (!cached) {
			throw new Error(`no cached analysis of ${file}`);
		}
		this.seen.add(file);
		this.counts.reused++;
		return cached.analysis;
	}

	/** Remembers a fresh analysis (one that cannot be reused is forgotten instead). */
	store(outcome: AnalysisOutcome): void {
		const file = outcome.analysis.file;
		this.seen.add(file);
		this.counts.analysed++;
		this.dirty = true;
		if (outcome.known) {
			this.skills.set(file, { ...outcome.known, analysis: outcome.analysis });
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
		const waiting = [...this.skills.values()].filter(cached => cached.stored);
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
		const hash = createHash('sha1').update(this.salt).update(`\0${extra}`);
		for (const file of [...this.seen].sort()) {
			const cached = this.skills.get(file);
			if (!cached) {
				return undefined;
			}
			hash.update(`\0${file}\0${cached.key}`);
		}
		return hash.digest('base64url');
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
		return found;
	}

	/** Remembers the library's cross-skill findings, computed for the skills of this run. */
	storeCrossFindings(crossOf: (file: string) => CrossFindings, extra = ''): void {
		const signature = this.librarySignature(extra);
		if (signature === undefined) {
			return;
		}
		for (const file of this.seen) {
			(this.skills.get(file) as CachedSkill).cross = crossOf(file);
		}
		this.signature = signature;
		this.dirty = true;
	}

	/**
	 * Writes the cache when this run changed it, keeping the skills of other runs up to the size
	 * cap: the fingerprint file first, then the file naming it, each atomically.
	 */
	save(): void {
		if (!this.dirty) {
			return;
		}
		this.attachPrints();
		const skills: [string, CachedSkill][] = [];
		const words: Uint32Array[] = [];
		let offset = printsHeaderBytes / 4;
		const slice = (array: Uint32Array): Slice => {
			words.push(array);
			offset += array.length;
			return [offset - array.length, array.length];
		};
		const stored = (prints: Fingerprints | undefined): StoredPrints | undefined => prints && {
			count: prints.count, meta: slice(prints.meta), shingles: slice(prints.shingles), bands: slice(prints.bands),
		};
		const keep = (file: string, cached: CachedSkill, withCross: boolean) => {
			const { passages, descriptionPrint, ...analysis } = cached.analysis;
			skills.push([file, {
				key: cached.key, probes: cached.probes, analysis: analysis as SkillAnalysis,
				// A skill of another run keeps its analysis, not cross-skill findings computed in a library that is gone.
				...(withCross && cached.cross ? { cross: cached.cross } : {}),
				stored: { passages: stored(passages), descriptionPrint: stored(descriptionPrint) },
			}]);
		};
		for (const file of this.seen) {
			const cached = this.skills.get(file);
			if (cached) {
				keep(file, cached, true);
			}
		}
		for (const [file, cached] of this.skills) {
			if (skills.length >= maxSkills) {
				break;
			}
			if (!this.seen.has(file)) {
				keep(file, cached, false);
			}
		}
		const printsId = randomBytes(printsHeaderBytes).toString('hex').slice(0, printsHeaderBytes);
		const prints = Buffer.alloc(offset * 4);
		prints.write(printsId, 0, 'latin1');
		let at = printsHeaderBytes;
		for (const array of words) {
			prints.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
			at += array.byteLength;
		}
		const data: CacheFile = { format: formatVersion, salt: this.salt, signature: this.signature, printsId, skills };
		writeFilesAtomically(new Map<string, string | Uint8Array>([[printsFileOf(this.file), prints], [this.file, JSON.stringify(data)]]));
		this.dirty = false;
	}
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
	const view = ([offset, length]: Slice) => {
		if (offset + length > words.length) {
			throw new Error('the fingerprint file is shorter than its cache file says');
		}
		return words.subarray(offset, offset + length);
	};
	return { count: stored.count, meta: view(stored.meta), shingles: view(stored.shingles), bands: view(stored.bands) };
}
/** Where the command line keeps its cache when not told: one file per set of folders checked, in its cache folder. */
export function defaultCacheFile(cacheFolder: string, roots: readonly string[]): string {
	const id = createHash('sha1').update(JSON.stringify([...roots].sort())).digest('hex').slice(0, 16);
	return path.join(cacheFolder, `check-${id}.cache`);
}
