import type { SkillAnalysis } from '../check/analyzeSkill';
import { finalizeFindings } from '../check/analyzeSkill';
import { type CheckConfig, optionOf } from '../check/config';
import { compareFindings, type Finding } from '../check/findings';
import { applySuppressions, type SuppressedFinding } from '../check/suppressions';
import type { CrossFindings } from './analysisCache';
import { sameWhatAndWhen } from '../duplicates/descriptionParts';
import { NearDuplicateIndex } from '../duplicates/nearDuplicateIndex';
import { crossSkillFindings, type CrossSkillView } from '../rules/crossSkillRules';
import { qualifiedName } from '../skill/plugin';

interface Entry {
	analysis: SkillAnalysis;
	/** Cross-skill findings, computed on demand and kept until the skill's neighbourhood changes. */
	cross?: Finding[];
	/** The cross-skill findings a suppression kept from being reported. */
	crossSuppressed?: SuppressedFinding[];
}

/** One key for a pair of skill names, whichever way round. */
function pairKey(a: string, b: string): string {
	return a < b ? `${a}\0${b}` : `${b}\0${a}`;
}

function addAll(into: Set<number>, from: Iterable<number>): void {
	for (const item of from) {
		into.add(item);
	}
}

/** Where `file` is in the sorted `files`, which hold it. */
function sortedIndex(files: readonly string[], file: string): number {
	let low = 0;
	let high = files.length - 1;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (files[middle] < file) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return low;
}

/**
 * Every skill of a library with its findings. Per-skill findings come with each analysis; the
 * cross-skill rules (duplicate-name, duplicate-description, duplicate-content) are answered from
 * name and near-duplicate indexes, so replacing one skill re-checks only the skills whose
 * findings it can change.
 */
export class LibraryIndex {
	private readonly entries: (Entry | undefined)[] = [];
	private readonly freeIds: number[] = [];
	private readonly idByFile = new Map<string, number>();
	/** The files and their analyses in path order, until a file comes or goes (a replaced analysis is swapped in place). */
	private sorted: { files: string[]; skills: SkillAnalysis[] } | undefined;
	private readonly names = new Map<string, Set<number>>();
	private readonly descriptions: NearDuplicateIndex;
	private readonly passages: NearDuplicateIndex;
	private readonly boilerplateSkills: number;
	/** What the cross-skill rules read of this index. */
	private readonly view: CrossSkillView;
	/**
	 * Skills added but not yet filed in the near-duplicate indexes. Filing a whole library's
	 * fingerprints takes seconds, and a library whose cross-skill findings came from the cache
	 * needs none of it until a skill changes.
	 */
	private readonly unfiled = new Set<number>();

	constructor(private readonly config: CheckConfig) {
		const before = (a: number, b: number) => this.entry(a).analysis.file < this.entry(b).analysis.file;
		this.descriptions = new NearDuplicateIndex(optionOf<number>(config, 'duplicate-description', 'similarity'), before);
		this.passages = new NearDuplicateIndex(optionOf<number>(config, 'duplicate-content', 'similarity'), before);
		this.boilerplateSkills = optionOf<number>(config, 'duplicate-content', 'boilerplateSkills');
		const similarity = optionOf<number>(config, 'duplicate-description', 'similarity');
		const distinct = new Set(config.distinct.map(pair => pairKey(pair[0], pair[1])));
		this.view = {
			analysis: id => this.entry(id).analysis,
			namesakes: name => this.names.get(name) ?? [],
			descriptions: this.descriptions,
			sameDescription: (a, b) => !distinct.has(pairKey(qualifiedName(a) ?? a.folderName, qualifiedName(b) ?? b.folderName))
				&& sameWhatAndWhen(a, b, similarity),
			passages: this.passages,
			boilerplateSkills: this.boilerplateSkills,
		};
	}

	get size(): number {
		return this.idByFile.size;
	}

	/** Every skill, in file order. */
	skills(): readonly SkillAnalysis[] {
		// Sorting (or even listing) every skill on each call cost tens of milliseconds per keystroke in a large library; the order changes only when a file comes or goes.
		if (!this.sorted) {
			const files = [...this.idByFile.keys()].sort();
			this.sorted = { files, skills: files.map(file => this.entry(this.idByFile.get(file) as number).analysis) };
		}
		return this.sorted.skills;
	}

	get(file: string): SkillAnalysis | undefined {
		const id = this.idByFile.get(file);
		return id === undefined ? undefined : this.entry(id).analysis;
	}

	/**
	 * Adds or replaces a skill without working out whose findings change: for loading a whole
	 * library. Its texts are filed for comparison only when a question needs them.
	 */
	add(analysis: SkillAnalysis): void {
		this.unfiled.add(this.put(analysis, undefined, false));
	}

	/** Sets the cross-skill findings of skills loaded with `add`, as computed before for this same library. */
	restoreCross(known: ReadonlyMap<string, CrossFindings>): void {
		for (const [file, found] of known) {
			const id = this.idByFile.get(file);
			if (id !== undefined) {
				Object.assign(this.entry(id), found);
			}
		}
	}

	/** One skill's cross-skill findings, reported and suppressed, computed if need be. */
	crossFindings(file: string): CrossFindings {
		const entry = this.cross(this.idByFile.get(file) as number);
		return { cross: entry.cross ?? [], crossSuppressed: entry.crossSuppressed ?? [] };
	}

	/**
	 * Files skills loaded with `add` for comparison until `deadline` (a `performance.now()` time),
	 * or all of them; returns whether all are filed. A caller with time to spare files them ahead of
	 * the first change, which would otherwise wait for all of them.
	 */
	fileUntil(deadline = Infinity): boolean {
		for (const id of this.unfiled) {
			if (performance.now() >= deadline) {
				return false;
			}
			this.unfiled.delete(id);
			const { analysis } = this.entry(id);
			this.descriptions.replace(id, analysis.descriptionPrint);
			this.passages.replace(id, analysis.passages);
		}
		return true;
	}

	private fileAll(): void {
		if (this.unfiled.size > 0) {
			this.fileUntil();
		}
	}

	/** Adds or replaces one skill and returns the files whose findings changed. */
	update(analysis: SkillAnalysis): string[] {
		this.fileAll();
		const existing = this.idByFile.get(analysis.file);
		const previous = existing === undefined ? undefined : this.entry(existing).analysis;
		const affected = existing === undefined ? new Set<number>() : this.neighbourhood(existing);
		const id = this.put(analysis, affected);
		for (const other of this.neighbourhood(id)) {
			affected.add(other);
		}
		const changed = new Set<string>();
		if (!previous || JSON.stringify(previous.findings) !== JSON.stringify(analysis.findings)) {
			changed.add(analysis.file);
		}
		this.recompute(affected, changed);
		return [...changed];
	}

	/** Removes a skill and returns the files whose findings changed (the removed file included). */
	remove(file: string): string[] {
		this.fileAll();
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const affected = this.neighbourhood(id);
		const { analysis } = this.entry(id);
		this.unindex(id, analysis, affected);
		affected.delete(id);
		this.idByFile.delete(file);
		this.sorted = undefined;
		this.entries[id] = undefined;
		this.freeIds.push(id);
		const changed = new Set<string>([file]);
		this.recompute(affected, changed);
		return [...changed];
	}

	/** All findings of one skill, per-skill and cross-skill, in order. */
	findings(file: string): Finding[] {
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const entry = this.cross(id);
		return [...entry.analysis.findings, ...(entry.cross ?? [])].sort(compareFindings);
	}

	/** The findings of one skill that suppressions kept from being reported. */
	suppressed(file: string): SuppressedFinding[] {
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const entry = this.cross(id);
		return [...entry.analysis.suppressed ?? [], ...entry.crossSuppressed ?? []];
	}

	/**
	 * The findings a skill would have if it were in the library as given (replacing the skill of
	 * the same file, if any). The index is left exactly as it was.
	 */
	findingsAsIf(analysis: SkillAnalysis): Finding[] {
		const previous = this.get(analysis.file);
		this.update(analysis);
		try {
			return this.findings(analysis.file);
		} finally {
			if (previous) {
				this.update(previous);
			} else {
				this.remove(analysis.file);
			}
		}
	}

	allFindings(): Finding[] {
		return this.skills().flatMap(skill => this.findings(skill.file));
	}

	private entry(id: number): Entry {
		return this.entries[id] as Entry;
	}

	/** Indexes a skill (its texts only when `file`); skills whose findings it may change from afar are added to `affected`. */
	private put(analysis: SkillAnalysis, affected = new Set<number>(), file = true): number {
		let id = this.idByFile.get(analysis.file);
		if (id === undefined) {
			id = this.freeIds.pop() ?? this.entries.length;
			this.idByFile.set(analysis.file, id);
			this.sorted = undefined;
		} else {
			this.unindex(id, this.entry(id).analysis, affected);
			if (this.sorted) {
				this.sorted.skills[sortedIndex(this.sorted.files, analysis.file)] = analysis;
			}
		}
		this.entries[id] = { analysis };
		const name = qualifiedName(analysis);
		if (name !== undefined && !analysis.inStaging) {
			let holders = this.names.get(name);
			if (!holders) {
				holders = new Set();
				this.names.set(name, holders);
			}
			holders.add(id);
		}
		if (file) {
			addAll(affected, this.descriptions.replace(id, analysis.descriptionPrint));
			addAll(affected, this.passages.replace(id, analysis.passages));
		}
		return id;
	}

	private unindex(id: number, analysis: SkillAnalysis, affected: Set<number>): void {
		const name = qualifiedName(analysis);
		if (name !== undefined) {
			const holders = this.names.get(name);
			holders?.delete(id);
			if (holders?.size === 0) {
				this.names.delete(name);
			}
		}
		addAll(affected, this.descriptions.replace(id, undefined));
		addAll(affected, this.passages.replace(id, undefined));
	}

	/**
	 * The skills whose cross-skill findings depend on this skill as it is indexed now: those
	 * sharing its name, holding a near-identical description, or holding a near-identical
	 * passage (for boilerplate, only the skill that carries the single report).
	 */
	private neighbourhood(id: number): Set<number> {
		const ids = new Set<number>([id]);
		const name = qualifiedName(this.entry(id).analysis);
		if (name !== undefined) {
			for (const other of this.names.get(name) ?? []) {
				ids.add(other);
			}
		}
		for (const group of this.descriptions.groupsOf(id)) {
			if (!this.descriptions.alone(group)) {
				addAll(ids, this.descriptions.around(group) ?? []);
			}
		}
		for (const group of new Set(this.passages.groupsOf(id))) {
			if (this.passages.alone(group)) {
				continue;
			}
			const crowd = this.passages.crowd(group);
			if (crowd) {
				ids.add(crowd.canonical);
				continue;
			}
			for (const neighbour of this.passages.neighbours(group)) {
				const around = this.passages.around(neighbour) ?? [];
				// One skill more or less can move a passage across the boilerplate threshold, which
				// changes the findings of every holder; well above it, only the single report moves.
				if (around.length > this.boilerplateSkills) {
					ids.add(around[0]);
				} else {
					addAll(ids, around);
				}
			}
		}
		return ids;
	}

	private recompute(ids: Iterable<number>, changed: Set<string>): void {
		for (const id of ids) {
			const entry = this.entries[id];
			if (!entry) {
				continue;
			}
			const before = entry.cross;
			this.computeCross(entry, id);
			if (!before || JSON.stringify(before) !== JSON.stringify(entry.cross)) {
				changed.add(entry.analysis.file);
			}
		}
	}

	/** An entry with its cross-skill findings computed. */
	private cross(id: number): Entry {
		const entry = this.entry(id);
		if (!entry.cross) {
			this.computeCross(entry, id);
		}
		return entry;
	}

	private computeCross(entry: Entry, id: number): void {
		this.fileAll();
		const { analysis } = entry;
		const found = finalizeFindings(analysis.file, crossSkillFindings(this.view, id), this.config);
		const { kept, suppressed } = applySuppressions(found, analysis.suppressions ?? [], this.config.suppress, qualifiedName(analysis) ?? analysis.folderName);
		entry.cross = kept;
		entry.crossSuppressed = suppressed;
	}
}
