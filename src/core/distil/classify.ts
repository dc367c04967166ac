import * as path from 'node:path';
import type { SkillAnalysis } from '../check/analyzeSkill';
import type { Lesson, SessionFindings } from './lessons';

/**
 * Where each lesson belongs: the skill the session loaded or wrote when the lesson is about what
 * it covers; otherwise a library skill that shares the lesson's distinctive terms (programs,
 * error identifiers, file names) as whole words; otherwise a new draft for a procedure, or the
 * project's memory file for a fact about this one project. One rule is never a skill.
 */

export type ProposalAction = 'create' | 'update' | 'memory';

export interface Placement {
	action: ProposalAction;
	lessons: Lesson[];
	/** The skill an update goes into. */
	target?: SkillAnalysis;
	/** Why, in a sentence for the person reviewing. */
	reason: string;
}

/** At most this many new skills from one session: more would be the flood that makes a library worse. */
const maxNewSkills = 2;

/** A skill's own words: its name, the parts of its name, and the words of its description, lower case. */
function skillTerms(skill: SkillAnalysis): Set<string> {
	const name = (skill.name ?? skill.folderName).toLowerCase();
	const words = `${name} ${name.replace(/-/g, ' ')} ${skill.description ?? ''}`.toLowerCase().match(/[a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z0-9]/g) ?? [];
	return new Set(words);
}

/** Whether a skill's words cover a term: the term itself, or every part of `release-notes` or `CHANGELOG.md`. */
function covers(words: ReadonlySet<string>, term: string): boolean {
	const parts = term.split(/[-_.]/).filter(part => part.length >= 3);
	return words.has(term) || (parts.length > 1 && parts.every(part => words.has(part))) || (parts.length === 1 && parts[0] !== term && words.has(parts[0]));
}

/** A skill the session loaded or wrote, found in the library by name, file or folder. */
function librarySkillNamed(reference: string, library: readonly SkillAnalysis[], cwd: string | undefined): SkillAnalysis | undefined {
	const absolute = cwd && !path.isAbsolute(reference) ? path.resolve(cwd, reference) : reference;
	return library.find(skill => skill.file === absolute || skill.dir === absolute || skill.dir === path.dirname(absolute) || skill.name === reference || skill.folderName === reference);
}

export interface TermMatch {
	skill: SkillAnalysis;
	shared: string[];
	/** The lesson names the skill itself (a term is the skill's name). */
	byName: boolean;
}

/**
 * The library skill that shares the most of a lesson's distinctive terms, if it shares enough: its
 * name, or at least two terms that few skills use.
 */
export function matchByTerms(terms: readonly string[], library: readonly SkillAnalysis[]): TermMatch | undefined {
	if (terms.length === 0 || library.length === 0) {
		return undefined;
	}
	const documents = library.map(skill => ({ skill, words: skillTerms(skill) }));
	const frequency = new Map<string, number>();
	for (const term of terms) {
		frequency.set(term, documents.filter(document => covers(document.words, term)).length);
	}
	// A term most skills use says nothing about which one a lesson belongs to.
	const common = Math.max(3, Math.ceil(library.length * 0.05));
	let best: TermMatch | undefined;
	for (const { skill, words } of documents) {
		const name = (skill.name ?? skill.folderName).toLowerCase();
		const shared = terms.filter(term => covers(words, term) && (frequency.get(term) ?? 0) <= common);
		const byName = terms.includes(name);
		if (!byName && shared.length < 2) {
			continue;
		}
		if (!best || Number(byName) > Number(best.byName) || (byName === best.byName && shared.length > best.shared.length)) {
			best = { skill, shared, byName };
		}
	}
	return best;
}

/** Decides where each lesson goes, grouped into one proposal per target; `left` receives lessons no proposal takes. */
export function placeLessons(lessons: readonly Lesson[], findings: SessionFindings, library: readonly SkillAnalysis[], cwd?: string, left: Lesson[] = []): Placement[] {
	const skills = library.filter(skill => !skill.inStaging);
	const written = findings.skillsWritten.map(file => librarySkillNamed(file, skills, cwd)).filter((skill): skill is SkillAnalysis => skill !== undefined);
	const loaded = findings.skillsUsed.map(reference => librarySkillNamed(reference, skills, cwd)).filter((skill): skill is SkillAnalysis => skill !== undefined);
	const updates = new Map<SkillAnalysis, { lessons: Lesson[]; reasons: Set<string> }>();
	const creates: Lesson[] = [];
	const memory: Lesson[] = [];
	const update = (skill: SkillAnalysis, lesson: Lesson, reason: string) => {
		const entry = updates.get(skill) ?? { lessons: [], reasons: new Set<string>() };
		entry.lessons.push(lesson);
		entry.reasons.add(reason);
		updates.set(skill, entry);
	};
	for (const lesson of lessons) {
		const used = [...written, ...loaded];
		const inUse = matchByTerms(lesson.terms, used) ?? (used.length > 0 ? { skill: used[0], shared: lesson.terms.filter(term => covers(skillTerms(used[0]), term)), byName: false } : undefined);
		const writtenTarget = written.length > 0 && lesson.trigger === 'user-correction' ? written[0] : undefined;
		if (writtenTarget) {
			update(writtenTarget, lesson, 'the session wrote this skill and the person corrected its work');
		} else if (inUse && inUse.shared.length > 0) {
			update(inUse.skill, lesson, `the agent ${written.includes(inUse.skill) ? 'wrote' : 'loaded'} this skill in the session and the lessons are about what it covers (${inUse.shared.slice(0, 4).join(', ')})`);
		} else {
			const match = matchByTerms(lesson.terms, skills);
			if (match) {
				update(match.skill, lesson, match.byName
					? `the lessons name this skill (${match.skill.name ?? match.skill.folderName})`
					: `the lessons and this skill share the terms ${match.shared.slice(0, 4).join(', ')}`);
			} else if (lesson.projectFact || lesson.section === 'Key Rules') {
				memory.push(lesson);
			} else {
				creates.push(lesson);
			}
		}
	}
	const placements: Placement[] = [...updates].map(([target, { lessons: placed, reasons }]) => ({ action: 'update' as const, lessons: placed, target, reason: [...reasons].join('; ') }));
	// New skills: one per program the procedures are about, so unrelated lessons never share a skill.
	const groups = new Map<string, Lesson[]>();
	for (const lesson of creates) {
		const key = lesson.terms[0] ?? '';
		groups.set(key, [...groups.get(key) ?? [], lesson]);
	}
	for (const [index, group] of [...groups.values()].entries()) {
		if (index < maxNewSkills) {
			placements.push({ action: 'create', lessons: group, reason: 'no library skill covers what these lessons are about' });
		} else {
			left.push(...group);
		}
	}
	if (memory.length > 0) {
		placements.push({ action: 'memory', lessons: memory, reason: 'facts and rules about this project, which no skill covers' });
	}
	return placements;
}
