import * as path from 'node:path';
import type { SkillAnalysis } from '../check/analyzeSkill';
import type { Lesson, SessionFindings } from './lessons';

/**
 * Where a session's lessons belong: an existing skill (update), a new draft skill (create), or
 * the project's memory file (a one-off fact). Skills are matched on what an agent matches them
 * on — name and description — weighted by how rare each word is in the library.
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

const stopWords = new Set(('a an and are as at be by can do does for from has have how i if in into is it its me my no not of on or our so that the '
	+ 'their then there these this to up use used uses using was we what when where which while who will with you your skill skills agent '
	+ 'claude codex copilot please now also just can could would should make sure run file files need want like get got let lets new').split(' '));

/** Lower-case word stems of at least three letters, common words left out. */
export function wordsOf(text: string): string[] {
	const words: string[] = [];
	for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) {
		if (raw.length < 3 || stopWords.has(raw) || /^\d+$/.test(raw)) {
			continue;
		}
		const stemmed = stem(raw);
		if (!stopWords.has(stemmed)) {
			words.push(stemmed);
		}
	}
	return words;
}

/** A light suffix stripper: "tests", "testing" and "tested" meet at "test"; "modules" and "module" at "modul". */
export function stem(word: string): string {
	let stemmed = word;
	if (stemmed.length > 4 && stemmed.endsWith('ies')) {
		stemmed = `${stemmed.slice(0, -3)}y`;
	} else if (/(?:ss|x|z|ch|sh)es$/.test(stemmed)) {
		stemmed = stemmed.slice(0, -2);
	} else if (stemmed.length > 3 && stemmed.endsWith('s') && !stemmed.endsWith('ss')) {
		stemmed = stemmed.slice(0, -1);
	}
	for (const suffix of ['ing', 'ed']) {
		if (stemmed.length > suffix.length + 3 && stemmed.endsWith(suffix)) {
			stemmed = stemmed.slice(0, -suffix.length);
			// "running" → "run", "debugged" → "debug"
			if (/([bdgmnprt])\1$/.test(stemmed)) {
				stemmed = stemmed.slice(0, -1);
			}
			break;
		}
	}
	return stemmed.length > 4 && stemmed.endsWith('e') ? stemmed.slice(0, -1) : stemmed;
}

/** What a skill says about itself: its name (split at hyphens) and description. */
function skillWords(skill: SkillAnalysis): Set<string> {
	return new Set(wordsOf(`${(skill.name ?? skill.folderName).replace(/-/g, ' ')} ${skill.description ?? ''}`));
}

export interface SkillMatch {
	skill: SkillAnalysis;
	/** The share of the skill's (rarity-weighted) words the session also uses, 0 to 1. */
	score: number;
	shared: string[];
}

/** The library skills that best match a text, best first. */
export function matchSkills(text: string, library: readonly SkillAnalysis[], limit = 5): SkillMatch[] {
	const query = new Set(wordsOf(text));
	if (query.size === 0 || library.length === 0) {
		return [];
	}
	const documents = library.map(skill => ({ skill, words: skillWords(skill) }));
	const frequency = new Map<string, number>();
	for (const { words } of documents) {
		for (const word of words) {
			frequency.set(word, (frequency.get(word) ?? 0) + 1);
		}
	}
	const rarity = (word: string) => Math.log(1 + documents.length / (frequency.get(word) ?? 1));
	const matches: SkillMatch[] = [];
	for (const { skill, words } of documents) {
		let total = 0;
		let covered = 0;
		const shared: string[] = [];
		for (const word of words) {
			const weight = rarity(word);
			total += weight;
			if (query.has(word)) {
				covered += weight;
				shared.push(word);
			}
		}
		if (shared.length >= 2 && total > 0) {
			matches.push({ skill, score: covered / total, shared });
		}
	}
	return matches.sort((a, b) => b.score - a.score || (a.skill.file < b.skill.file ? -1 : 1)).slice(0, limit);
}

/** A skill the session loaded or wrote, found in the library by name, file or folder. */
function librarySkillNamed(reference: string, library: readonly SkillAnalysis[], cwd: string | undefined): SkillAnalysis | undefined {
	const absolute = cwd && !path.isAbsolute(reference) ? path.resolve(cwd, reference) : reference;
	return library.find(skill => skill.file === absolute || skill.dir === absolute || skill.name === reference || skill.folderName === reference);
}

/** How closely a match must fit for a lesson to go into an existing skill, and how closely when the session loaded that skill. */
const fitScore = 0.34;
const loadedFitScore = 0.12;

/**
 * Decides where the lessons go. Procedural lessons (failure modes, workarounds) make or update a
 * skill; a rule the person stated goes into a skill that fits it, or, when none fits or it is a
 * fact about this one project, into memory — one rule is not a skill.
 */
export function placeLessons(findings: SessionFindings, library: readonly SkillAnalysis[], cwd?: string): Placement[] {
	const skills = library.filter(skill => !skill.inStaging);
	const procedures = findings.lessons.filter(lesson => !lesson.projectFact && lesson.section !== 'Key Rules');
	const procedureWords = new Set(wordsOf(procedures.map(lesson => lesson.text).join(' ')));
	// A fact about the thing the procedure fixes belongs with the procedure; other facts are memory.
	const aboutProcedure = (lesson: Lesson) => wordsOf(lesson.text).filter((word, index, all) => procedureWords.has(word) && all.indexOf(word) === index).length >= 2;
	const facts = findings.lessons.filter(lesson => lesson.projectFact && !aboutProcedure(lesson));
	const general = findings.lessons.filter(lesson => !facts.includes(lesson));
	const procedural = procedures.length > 0;
	const placements: Placement[] = [];

	const written = findings.skillsWritten.map(file => librarySkillNamed(file, skills, cwd)).find(Boolean);
	const loaded = findings.skillsUsed.map(reference => librarySkillNamed(reference, skills, cwd)).filter((skill): skill is SkillAnalysis => skill !== undefined);
	const text = [findings.firstPrompt ?? '', ...general.map(lesson => lesson.text), ...findings.errors.slice(0, 10)].join('\n');
	const [best] = matchSkills(text, skills);
	const loadedMatch = matchSkills(text, loaded)[0];

	let target: SkillAnalysis | undefined;
	let reason = '';
	if (written) {
		target = written;
		reason = `the session wrote this skill (${written.name ?? written.folderName})`;
	} else if (loadedMatch && loadedMatch.score >= loadedFitScore) {
		target = loadedMatch.skill;
		reason = `the agent loaded this skill during the session and the lessons share its words (${loadedMatch.shared.slice(0, 5).join(', ')})`;
	} else if (best && best.score >= fitScore) {
		target = best.skill;
		reason = `the lessons match its name and description (${best.shared.slice(0, 5).join(', ')}; ${Math.round(best.score * 100)}% of its weighted words)`;
	}

	if (target && (general.length > 0 || written)) {
		placements.push({ action: 'update', lessons: general, target, reason });
	} else if (procedural || (findings.skillsWritten.length > 0 && general.length > 0)) {
		placements.push({ action: 'create', lessons: general, reason: best ? `no library skill fits closely enough (closest: ${best.skill.name ?? best.skill.folderName}, ${Math.round(best.score * 100)}%)` : 'no library skill covers this' });
	} else if (general.length > 0) {
		facts.unshift(...general);
	}
	if (facts.length > 0) {
		placements.push({ action: 'memory', lessons: facts, reason: placements.length > 0 || general.length === 0 ? 'facts about this project rather than a procedure' : 'a rule the user stated, with no skill that fits it and no procedure to make one' });
	}
	return placements;
}
