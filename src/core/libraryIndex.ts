import type { SkillAnalysis } from './analyzeSkill';
import { finalizeFindings } from './analyzeSkill';
import { type CheckConfig, optionOf } from './config';
import { compareFindings, describeLines, type Finding, type RawFinding, type RelatedLocation, type Span, spanUnion } from './findings';
import { NearDuplicateIndex } from './nearDuplicateIndex';
import { passageSpan } from './passages';
import type { Fingerprints } from './similarity';
import { loadedTogether } from './standardRoots';

interface Entry {
	analysis: SkillAnalysis;
	/** Cross-skill findings, computed on demand and kept until the skill's neighbourhood changes. */
	cross?: Finding[];
}

const maxRelated = 5;

function addAll(into: Set<number>, from: Iterable<number>): void {
	for (const item of from) {
		into.add(item);
	}
}

/** How a person recognises a skill in a message: its root and folder. */
export function skillLabel(analysis: SkillAnalysis): string {
	return `${analysis.root.label}/${analysis.folderName}`;
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
	private readonly names = new Map<string, Set<number>>();
	private readonly descriptions: NearDuplicateIndex;
	private readonly passages: NearDuplicateIndex;
	private readonly boilerplateSkills: number;

	constructor(private readonly config: CheckConfig) {
		const before = (a: number, b: number) => this.entry(a).analysis.file < this.entry(b).analysis.file;
		this.descriptions = new NearDuplicateIndex(optionOf<number>(config, 'duplicate-description', 'similarity'), before);
		this.passages = new NearDuplicateIndex(optionOf<number>(config, 'duplicate-content', 'similarity'), before);
		this.boilerplateSkills = optionOf<number>(config, 'duplicate-content', 'boilerplateSkills');
	}

	get size(): number {
		return this.idByFile.size;
	}

	/** Every skill, in file order. */
	skills(): SkillAnalysis[] {
		return [...this.idByFile.keys()].sort().map(file => this.entry(this.idByFile.get(file) as number).analysis);
	}

	get(file: string): SkillAnalysis | undefined {
		const id = this.idByFile.get(file);
		return id === undefined ? undefined : this.entry(id).analysis;
	}

	/** Adds or replaces a skill without working out whose findings change: for loading a whole library. */
	add(analysis: SkillAnalysis): void {
		this.put(analysis);
	}

	/** Adds or replaces one skill and returns the files whose findings changed. */
	update(analysis: SkillAnalysis): string[] {
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
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const affected = this.neighbourhood(id);
		const { analysis } = this.entry(id);
		this.unindex(id, analysis, affected);
		affected.delete(id);
		this.idByFile.delete(file);
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
		const entry = this.entry(id);
		entry.cross ??= this.crossFindings(id);
		return [...entry.analysis.findings, ...entry.cross].sort(compareFindings);
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
		return [...this.idByFile.keys()].sort().flatMap(file => this.findings(file));
	}

	private entry(id: number): Entry {
		return this.entries[id] as Entry;
	}

	/** Indexes a skill; skills whose findings it may change from afar are added to `affected`. */
	private put(analysis: SkillAnalysis, affected = new Set<number>()): number {
		let id = this.idByFile.get(analysis.file);
		if (id === undefined) {
			id = this.freeIds.pop() ?? this.entries.length;
			this.idByFile.set(analysis.file, id);
		} else {
			this.unindex(id, this.entry(id).analysis, affected);
		}
		this.entries[id] = { analysis };
		if (analysis.name !== undefined && !analysis.inStaging) {
			let holders = this.names.get(analysis.name);
			if (!holders) {
				holders = new Set();
				this.names.set(analysis.name, holders);
			}
			holders.add(id);
		}
		addAll(affected, this.descriptions.replace(id, analysis.descriptionPrint));
		addAll(affected, this.passages.replace(id, analysis.passages));
		return id;
	}

	private unindex(id: number, analysis: SkillAnalysis, affected: Set<number>): void {
		if (analysis.name !== undefined) {
			const holders = this.names.get(analysis.name);
			holders?.delete(id);
			if (holders?.size === 0) {
				this.names.delete(analysis.name);
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
		const { analysis } = this.entry(id);
		if (analysis.name !== undefined) {
			for (const other of this.names.get(analysis.name) ?? []) {
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
			entry.cross = this.crossFindings(id);
			if (!before || JSON.stringify(before) !== JSON.stringify(entry.cross)) {
				changed.add(entry.analysis.file);
			}
		}
	}

	private crossFindings(id: number): Finding[] {
		const { analysis } = this.entry(id);
		const raw: RawFinding[] = [];
		this.duplicateName(id, analysis, raw);
		this.duplicateDescription(id, analysis, raw);
		this.duplicateContent(id, analysis, raw);
		return finalizeFindings(analysis.file, raw, this.config);
	}

	private relatedAt(other: SkillAnalysis, span: Span | undefined, message: string): RelatedLocation {
		return { file: other.file, ...(span ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }), message };
	}

	private duplicateName(id: number, analysis: SkillAnalysis, raw: RawFinding[]): void {
		if (analysis.name === undefined || analysis.inStaging || !analysis.nameSpan) {
			return;
		}
		const others = [...this.names.get(analysis.name) ?? []]
			.filter(other => other !== id)
			.map(other => this.entry(other).analysis)
			.filter(other => loadedTogether(analysis.root, other.root))
			.sort((a, b) => (a.file < b.file ? -1 : 1));
		if (others.length === 0) {
			return;
		}
		raw.push({
			rule: 'duplicate-name', ...analysis.nameSpan,
			message: `${others.length === 1 ? 'another skill' : `${others.length} other skills`} named "${analysis.name}" ${others.length === 1 ? 'is' : 'are'} loaded together with this one (${others.slice(0, maxRelated).map(skillLabel).join(', ')}): one shadows the other`,
			related: others.slice(0, maxRelated).map(other => this.relatedAt(other, other.nameSpan, `also named "${analysis.name}"`)),
		});
	}

	private duplicateDescription(id: number, analysis: SkillAnalysis, raw: RawFinding[]): void {
		const [group] = this.descriptions.groupsOf(id);
		if (group === undefined || !analysis.descriptionSpan || this.descriptions.alone(group)) {
			return;
		}
		const around = this.descriptions.around(group) ?? [];
		const others: SkillAnalysis[] = [];
		let count = 0;
		for (const skill of around) {
			const other = this.entry(skill).analysis;
			if (skill === id || !loadedTogether(analysis.root, other.root)) {
				continue;
			}
			if (others.length < maxRelated) {
				others.push(other);
			}
			count++;
			// A root loaded with everything is loaded with each of the rest: no need to look at them one by one.
			if (others.length === maxRelated && !analysis.root.clients) {
				count = around.length - 1;
				break;
			}
		}
		if (count === 0) {
			return;
		}
		const more = count > maxRelated ? ` and ${count - maxRelated} more` : '';
		raw.push({
			rule: 'duplicate-description', ...analysis.descriptionSpan,
			message: `the description is near-identical to that of ${others.map(skillLabel).join(', ')}${more}: an agent cannot choose between them`,
			related: others.map(other => this.relatedAt(other, other.descriptionSpan, 'near-identical description')),
		});
	}

	/**
	 * Reports each run of consecutive passages that other skills also hold, as one finding; a
	 * passage held by `boilerplateSkills` or more skills is reported once, on its canonical skill.
	 */
	private duplicateContent(id: number, analysis: SkillAnalysis, raw: RawFinding[]): void {
		const groups = this.passages.groupsOf(id);
		const reportedBoilerplate = new Set<string>();
		let run: { first: number; last: number; others: Map<number, Span> } | undefined;
		const flush = () => {
			if (!run) {
				return;
			}
			const passages = analysis.passages as Fingerprints;
			const span = spanUnion(passageSpan(passages, run.first), passageSpan(passages, run.last));
			const others = [...run.others.entries()]
				.map(([skill, span]) => ({ other: this.entry(skill).analysis, span }))
				.sort((a, b) => (a.other.file < b.other.file ? -1 : 1));
			const more = others.length > 3 ? ` and ${others.length - 3} other skills` : '';
			raw.push({
				rule: 'duplicate-content', ...span,
				message: `${describeLines(span)} ${span.line === span.endLine ? 'is' : 'are'} near-identical to a passage of ${others.slice(0, 3).map(o => skillLabel(o.other)).join(', ')}${more}: keep one canonical copy and link to it`,
				related: others.slice(0, maxRelated).map(o => this.relatedAt(o.other, o.span, 'near-identical passage')),
			});
			run = undefined;
		};
		groups.forEach((group, index) => {
			if (this.passages.alone(group)) {
				flush();
				return;
			}
			const span = passageSpan(analysis.passages as Fingerprints, index);
			const crowd = this.passages.crowd(group);
			const around = crowd ? undefined : this.passages.around(group) ?? [];
			const boilerplate = crowd
				? { key: `crowd:${crowd.id}`, skills: crowd.skills, canonical: crowd.canonical }
				: around && around.length >= this.boilerplateSkills ? { key: `group:${group}`, skills: around.length, canonical: around[0] } : undefined;
			if (boilerplate) {
				flush();
				if (boilerplate.canonical === id && !reportedBoilerplate.has(boilerplate.key)) {
					reportedBoilerplate.add(boilerplate.key);
					raw.push({
						rule: 'duplicate-content', severity: 'info', ...span,
						message: `${describeLines(span)} ${span.line === span.endLine ? 'is' : 'are'} shared boilerplate found in ${boilerplate.skills} skills; it is reported here once, not in each of them`,
					});
				}
				return;
			}
			const matches = new Map<number, Span>();
			for (const neighbour of this.passages.neighbours(group)) {
				for (const holder of this.passages.holdersOf(neighbour)) {
					if (holder.skill === id) {
						continue;
					}
					const other = passageSpan(this.entry(holder.skill).analysis.passages as Fingerprints, holder.index);
					const known = matches.get(holder.skill);
					matches.set(holder.skill, known ? spanUnion(known, other) : other);
				}
			}
			if (matches.size === 0) {
				flush();
				return;
			}
			if (run && run.last === index - 1 && [...matches.keys()].some(skill => run!.others.has(skill))) {
				run.last = index;
				for (const [skill, other] of matches) {
					const known = run.others.get(skill);
					run.others.set(skill, known ? spanUnion(known, other) : other);
				}
				return;
			}
			flush();
			run = { first: index, last: index, others: matches };
		});
		flush();
	}
}
