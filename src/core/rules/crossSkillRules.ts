import type { SkillAnalysis } from '../check/analyzeSkill';
import { describeLines, type RawFinding, type RelatedLocation, type Span, spanUnion } from '../check/findings';
import type { Fingerprints } from '../duplicates/minHash';
import type { NearDuplicateIndex } from '../duplicates/nearDuplicateIndex';
import { passageSpan } from '../duplicates/passages';
import { listingBudgetFinding, type ListingOutcome } from './listingRules';
import { qualifiedName } from '../skill/plugin';
import { loadedTogether, seenBy, type SkillRoot } from '../skill/standardRoots';
import type { ClientId } from '../check/clients';

/**
 * The rules that compare skills with each other (duplicate-name, duplicate-description,
 * duplicate-content) or read the whole library (listing-budget), answered from the library
 * index's name and near-duplicate indexes and its simulated listings: no rule here compares all
 * pairs.
 */

/** What the cross-skill rules read of the library index; skills are named by the index's numeric ids. */
export interface CrossSkillView {
	analysis(id: number): SkillAnalysis;
	/** The skills of the library holding this name, plugin-qualified (proposals excluded). */
	namesakes(name: string): Iterable<number>;
	descriptions: NearDuplicateIndex;
	/** Whether two skills' descriptions are near-identical on both what and when, and not marked distinct. */
	sameDescription(a: SkillAnalysis, b: SkillAnalysis): boolean;
	passages: NearDuplicateIndex;
	/** Number of skills sharing a passage that makes it boilerplate. */
	boilerplateSkills: number;
	/** What each targeted client's listing does with a skill. */
	listing(id: number): readonly ListingOutcome[];
	/** Other roots a skill folder is reached from through symbolic links. */
	alsoReachedFrom(id: number): readonly SkillRoot[];
	targets: readonly ClientId[];
}

const maxRelated = 5;

/** How a person recognises a skill in a message: its root and folder (and plugin). */
export function skillLabel(analysis: SkillAnalysis): string {
	return analysis.plugin ? `${analysis.plugin}:${analysis.folderName}` : `${analysis.root.label}/${analysis.folderName}`;
}

/** The cross-skill findings of one skill, before configuration decides their severities. */
export function crossSkillFindings(library: CrossSkillView, id: number): RawFinding[] {
	const analysis = library.analysis(id);
	const raw: RawFinding[] = [];
	duplicateName(library, id, analysis, raw);
	duplicateDescription(library, id, analysis, raw);
	duplicateContent(library, id, analysis, raw);
	const listed = analysis.inStaging ? undefined : listingBudgetFinding(library.listing(id), analysis.descriptionSpan ?? analysis.nameSpan ?? { line: 1, column: 1, endLine: 1, endColumn: 4 });
	if (listed) {
		raw.push(listed);
	}
	unseenByClaudeCode(library, id, analysis, raw);
	return raw;
}

/**
 * A skill in `.agents/skills`, which Claude Code does not read ("teams link it", clients-2026.md),
 * when Claude Code is a target and no link from a Claude Code folder reaches it.
 */
function unseenByClaudeCode(library: CrossSkillView, id: number, analysis: SkillAnalysis, raw: RawFinding[]): void {
	const root = analysis.root;
	if (analysis.inStaging || !library.targets.includes('claude-code') || !/(?:^|\/)\.agents\/skills$/.test(root.path.split('\\').join('/'))
		|| !root.clients || root.clients.includes('claude-code') || library.alsoReachedFrom(id).some(other => !other.clients || other.clients.includes('claude-code'))) {
		return;
	}
	raw.push({
		rule: 'unseen-by-claude-code', ...(analysis.nameSpan ?? { line: 1, column: 1, endLine: 1, endColumn: 4 }),
		message: `Claude Code does not read ${root.label}, so it never sees this skill (${seenBy(root).replace(/^Seen/, 'seen')}): link the skill folder into .claude/skills`,
	});
}

function relatedAt(other: SkillAnalysis, span: Span | undefined, message: string): RelatedLocation {
	return { file: other.file, ...(span ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }), message };
}

function duplicateName(library: CrossSkillView, id: number, analysis: SkillAnalysis, raw: RawFinding[]): void {
	const name = qualifiedName(analysis);
	if (name === undefined || analysis.inStaging || !analysis.nameSpan) {
		return;
	}
	const others = [...library.namesakes(name)]
		.filter(other => other !== id)
		.map(other => library.analysis(other))
		.filter(other => loadedTogether(analysis.root, other.root))
		.sort((a, b) => (a.file < b.file ? -1 : 1));
	if (others.length === 0) {
		return;
	}
	raw.push({
		rule: 'duplicate-name', ...analysis.nameSpan,
		message: `${others.length === 1 ? 'another skill' : `${others.length} other skills`} named "${name}" ${others.length === 1 ? 'is' : 'are'} loaded together with this one (${others.slice(0, maxRelated).map(skillLabel).join(', ')}): one shadows the other`,
		related: others.slice(0, maxRelated).map(other => relatedAt(other, other.nameSpan, `also named "${name}"`)),
	});
}

/** Candidates a skill's description is verified against, at most: a template shared by thousands is not compared pair by pair. */
const maxDescriptionCandidates = 100;

function duplicateDescription(library: CrossSkillView, id: number, analysis: SkillAnalysis, raw: RawFinding[]): void {
	const [group] = library.descriptions.groupsOf(id);
	if (group === undefined || !analysis.descriptionSpan || library.descriptions.alone(group)) {
		return;
	}
	const around = library.descriptions.around(group) ?? [];
	const others: SkillAnalysis[] = [];
	let count = 0;
	let examined = 0;
	for (const skill of around) {
		const other = library.analysis(skill);
		if (skill === id || !loadedTogether(analysis.root, other.root)) {
			continue;
		}
		if (++examined > maxDescriptionCandidates) {
			break;
		}
		// The index finds descriptions alike as a whole; they are duplicates only when they agree on both what and when.
		if (!library.sameDescription(analysis, other)) {
			continue;
		}
		if (others.length < maxRelated) {
			others.push(other);
		}
		count++;
	}
	if (count === 0) {
		return;
	}
	const more = examined > maxDescriptionCandidates ? ' and others' : count > maxRelated ? ` and ${count - maxRelated} more` : '';
	raw.push({
		rule: 'duplicate-description', ...analysis.descriptionSpan,
		message: `the description is near-identical to that of ${others.map(skillLabel).join(', ')}${more}, on both what the skill does and when to use it: an agent cannot choose between them`,
		related: others.map(other => relatedAt(other, other.descriptionSpan, 'near-identical description')),
	});
}

/**
 * Reports each run of consecutive passages that other skills also hold, as one finding; a
 * passage held by `boilerplateSkills` or more skills is reported once, on its canonical skill.
 */
function duplicateContent(library: CrossSkillView, id: number, analysis: SkillAnalysis, raw: RawFinding[]): void {
	const groups = library.passages.groupsOf(id);
	const reportedBoilerplate = new Set<string>();
	let run: { first: number; last: number; others: Map<number, Span> } | undefined;
	const flush = () => {
		if (!run) {
			return;
		}
		const passages = analysis.passages as Fingerprints;
		const span = spanUnion(passageSpan(passages, run.first), passageSpan(passages, run.last));
		const others = [...run.others.entries()]
			.map(([skill, span]) => ({ other: library.analysis(skill), span }))
			.sort((a, b) => (a.other.file < b.other.file ? -1 : 1));
		const more = others.length > 3 ? ` and ${others.length - 3} other skills` : '';
		raw.push({
			rule: 'duplicate-content', ...span,
			message: `${describeLines(span)} ${span.line === span.endLine ? 'is' : 'are'} near-identical to a passage of ${others.slice(0, 3).map(o => skillLabel(o.other)).join(', ')}${more}: keep one canonical copy and link to it`,
			related: others.slice(0, maxRelated).map(o => relatedAt(o.other, o.span, 'near-identical passage')),
		});
		run = undefined;
	};
	groups.forEach((group, index) => {
		if (library.passages.alone(group)) {
			flush();
			return;
		}
		const span = passageSpan(analysis.passages as Fingerprints, index);
		const crowd = library.passages.crowd(group);
		const around = crowd ? undefined : library.passages.around(group) ?? [];
		const boilerplate = crowd
			? { key: `crowd:${crowd.id}`, skills: crowd.skills, canonical: crowd.canonical }
			: around && around.length >= library.boilerplateSkills ? { key: `group:${group}`, skills: around.length, canonical: around[0] } : undefined;
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
		for (const neighbour of library.passages.neighbours(group)) {
			for (const holder of library.passages.holdersOf(neighbour)) {
				if (holder.skill === id) {
					continue;
				}
				const other = passageSpan(library.analysis(holder.skill).passages as Fingerprints, holder.index);
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
