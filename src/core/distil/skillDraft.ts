import { specNameFrom } from '../rules/frontmatterRules';
import { type LifecyclePlacement, scaffoldSkill, type SkillSection } from '../skill/scaffold';
import { iterationLogHeading, lastContentLine, skillLines, withIterationLogEntry } from '../skill/skillSections';
import { type Lesson, type LessonSection, lessonSections, type SessionFindings } from './lessons';

/**
 * Turns lessons into Markdown: a new draft skill, the lessons merged into an existing skill's
 * sections, or lines for the project's memory file. Deterministic; the optional language model
 * only rewords the texts that go in (see `generalise.ts`).
 */

/** Where a draft came from, for `created_from`, the Iteration Log and the provenance footer. */
export interface DraftSource {
	/** "Claude Code" */
	agentLabel: string;
	agent: string;
	sessionId: string;
	/** YYYY-MM-DD */
	today: string;
	/** The trigger kinds, for the Iteration Log entry. */
	triggers: string[];
}

function shortId(id: string): string {
	return id.length > 12 ? id.slice(0, 8) : id;
}

export function createdFrom(source: DraftSource): string {
	return `${source.agentLabel} session ${shortId(source.sessionId)} (${source.today})`;
}

/** The comment a proposal's SKILL.md ends with; ratifying keeps the Iteration Log entry and drops this. */
export function provenanceFooter(source: DraftSource): string {
	return `<!-- skill-distiller: proposed from ${source.agent} session ${source.sessionId} on ${source.today} -->`;
}

export const provenancePattern = /^<!-- skill-distiller: proposed from .* -->$/;

function logEntry(source: DraftSource, verb: string): string {
	return `${verb} from ${source.agentLabel} session ${shortId(source.sessionId)} (${source.triggers.join(', ')}).`;
}

const gerunds: Record<string, string> = {
	fix: 'fixing', debug: 'debugging', add: 'adding', set: 'setting-up', setup: 'setting-up', deploy: 'deploying', run: 'running',
	build: 'building', migrate: 'migrating', upgrade: 'upgrading', install: 'installing', configure: 'configuring', write: 'writing',
	update: 'updating', refactor: 'refactoring', test: 'testing', release: 'releasing', publish: 'publishing', investigate: 'investigating',
	resolve: 'resolving', create: 'creating', implement: 'implementing', remove: 'removing', rename: 'renaming', port: 'porting',
	make: 'making', get: 'getting', speed: 'speeding-up', optimize: 'optimizing', optimise: 'optimising', bump: 'bumping', repair: 'repairing',
	generate: 'generating', convert: 'converting', parse: 'parsing', handle: 'handling', check: 'checking', clean: 'cleaning-up', profile: 'profiling',
};
const fillers = new Set(['the', 'a', 'an', 'our', 'my', 'this', 'that', 'these', 'those', 'some', 'all', 'me', 'us', 'it', 'up', 'please', 'to', 'of', 'in', 'on', 'for', 'with', 'at', 'from', 'and', 'so', 'can', 'you']);

/** A skill name from words: lower case, hyphenated, within the spec's 64 characters. */
export function toSkillName(words: readonly string[]): string {
	return specNameFrom(words.join('-'));
}

/** Openings before the verb of a request: "Please fix", "Can you fix", "Now fix". */
const requestOpening = /^(?:(?:please|now|then|so|ok(?:ay)?|hey|hi|and|also|next|first)\b[\s,]*|(?:can|could|would|will) you\s+|let'?s\s+|help me\s+|i (?:need|want) you to\s+)+/;
/** Words that end the object of a request: "fix the generator *so* it…". */
const clauseWords = new Set(['so', 'that', 'which', 'because', 'when', 'if', 'where', 'while', 'but', 'then', 'by', 'using', 'with', 'without', 'before', 'after', 'until', 'since', 'as', 'and', 'or']);

const pronouns = new Set(['them', 'it', 'this', 'that', 'these', 'those', 'everything', 'things', 'stuff']);
/** Words after which a sentence's subject has ended: "The checkout tests *fail* with…". */
const predicateWords = new Set(['fail', 'fails', 'failing', 'failed', 'is', 'are', 'was', 'were', 'broke', 'breaks', 'broken', 'crash', 'crashes', 'throws', 'returns', 'keeps', 'stopped', 'hangs', 'times', 'doesn', 'don', 'can', 'won', 'isn', 'aren', 'has', 'have', 'needs', 'should', 'does', 'do', 'no', 'not']);

function wordsOfSentence(sentence: string): string[] {
	return sentence.toLowerCase().replace(/`[^`]*`/g, ' ').replace(requestOpening, '').split(/[^a-z0-9-]+/).filter(Boolean);
}

/** What a sentence is about, up to its verb: "The checkout tests fail…" → checkout, tests. */
function subjectOf(sentence: string): string[] {
	const subject: string[] = [];
	for (const word of wordsOfSentence(sentence)) {
		if (predicateWords.has(word) || subject.length === 3) {
			break;
		}
		if (!fillers.has(word) && !pronouns.has(word)) {
			subject.push(word);
		}
	}
	return subject;
}

/**
 * The gerund and object of a sentence that starts with a verb ("Fix the generator so…" →
 * fixing, generator); an object that is only a pronoun ("fix them") is what an earlier
 * sentence was about.
 */
function requestIn(sentence: string, earlierSubject: readonly string[]): string[] | undefined {
	const words = wordsOfSentence(sentence);
	const verb = words[0];
	if (verb === undefined || !(verb in gerunds)) {
		return undefined;
	}
	const object: string[] = [];
	let pronoun = false;
	for (const word of words.slice(1)) {
		if (clauseWords.has(word) || object.length === 3) {
			break;
		}
		pronoun ||= pronouns.has(word);
		if (!fillers.has(word) && !pronouns.has(word)) {
			object.push(word);
		}
	}
	if (object.length === 0 && pronoun) {
		object.push(...earlierSubject);
	}
	return object.length > 0 ? [gerunds[verb], ...object] : undefined;
}

/**
 * A name from the task: the first sentence of the person's first message that starts with a verb,
 * as a gerund and the words of its object ("Can you fix the flaky payment tests?" →
 * `fixing-flaky-payment-tests`); without one, the failing program (`handling-pytest-failures`).
 */
export function proposeName(findings: SessionFindings, program?: string): string {
	let earlierSubject: string[] = [];
	for (const sentence of (findings.firstPrompt ?? '').split(/[.!?\n]+/)) {
		const request = requestIn(sentence.trim(), earlierSubject);
		if (request) {
			// "fixing-generator" says little; the program that kept failing says what it generates.
			const subject = program?.split(' ').at(-1);
			return toSkillName(request.length < 3 && subject && !request.includes(subject) ? [...request, subject] : request);
		}
		if (earlierSubject.length === 0) {
			earlierSubject = subjectOf(sentence);
		}
	}
	return toSkillName(['handling', ...(program ? program.split(' ') : ['session']), 'failures']);
}

/** The description: when to use the skill (the task and the symptom), then its main point. */
export function proposeDescription(name: string, lessons: readonly Lesson[], symptom?: string): string {
	const task = name.replace(/-/g, ' ');
	const when = symptom ? `Use when ${task}, or when ${symptom}.` : `Use when ${task}.`;
	// The main point is the first procedural lesson (a fix before a stated rule): its fix, or its first sentence.
	const lesson = lessons.find(candidate => candidate.section !== 'Key Rules') ?? lessons[0];
	const fix = lesson ? /\*\*Fix:\*\*\s*(.+?)(?=\s\*\*|$)/.exec(lesson.text)?.[1] : undefined;
	const first = fix ? `Fix: ${fix}` : lesson?.text.replace(/\s+/g, ' ').trim().split(/(?<=[.!?])\s+(?=[A-Z*])/)[0] ?? '';
	const point = first ? ` ${first.length > 240 ? `${first.slice(0, 239)}…` : first}` : '';
	return `${when}${point}`.slice(0, 1024);
}

/** The lessons as sections, in the order of `lessonSections`. */
export function lessonSectionsOf(lessons: readonly Lesson[]): SkillSection[] {
	return lessonSections
		.map(heading => ({ heading, lines: lessons.filter(lesson => lesson.section === heading).map(lesson => `- ${lesson.text}`) }))
		.filter(section => section.lines.length > 0);
}

export interface NewDraft {
	name: string;
	description: string;
	lessons: readonly Lesson[];
	/** What the person first asked, for "When to use". */
	task?: string;
	source: DraftSource;
	placement: LifecyclePlacement;
}

/** A new draft skill holding the lessons. */
export function renderNewSkill(draft: NewDraft): string {
	const whenToUse = draft.task ? [{ heading: 'When to use', lines: [`- Tasks like "${draft.task.replace(/[.!?…]+$/, '')}".`] }] : [];
	return scaffoldSkill({
		name: draft.name,
		description: draft.description,
		today: draft.source.today,
		createdFrom: createdFrom(draft.source),
		placement: draft.placement,
		sections: [...whenToUse, ...lessonSectionsOf(draft.lessons)],
		logEntry: logEntry(draft.source, 'proposed'),
		footer: provenanceFooter(draft.source),
	});
}

/** Headings an existing skill may already use for each lesson section. */
const sectionSynonyms: Record<LessonSection, RegExp> = {
	'Key Rules': /^(?:key )?rules\b|guidelines|principles|conventions|requirements|do'?s and don'?ts|must/i,
	'Failure Modes': /failure modes?|common (?:mistakes|errors|failures|issues|problems)|troubleshoot|known (?:issues|problems)|^errors?\b/i,
	'Key Workflows': /workflows?|procedures?|^steps\b|process\b|^how to\b/i,
	'Gotchas': /gotchas?|pitfalls?|caveats?|warnings?|^tips\b|^notes\b/i,
};

/**
 * An existing skill with the lessons added: each at the end of the section it belongs in (an
 * existing heading of that kind, or a new `##` section before the Iteration Log), a line in the
 * Iteration Log (created if missing), and the provenance footer. Lessons the skill already
 * holds word for word are not added again; the rest of the text is left exactly as it was.
 */
export function mergeLessons(text: string, lessons: readonly Lesson[], source: DraftSource): string {
	const { eol, lines, sections } = skillLines(text);
	/** Insertions keyed by the 1-based line they go after. */
	const insertAfter = new Map<number, string[]>();
	const add = (after: number, added: string[]) => insertAfter.set(after, [...insertAfter.get(after) ?? [], ...added]);
	const log = sections.find(section => iterationLogHeading.test(section.heading.text));
	const newSections: string[] = [];
	for (const heading of lessonSections) {
		const bullets = lessons.filter(lesson => lesson.section === heading && !text.includes(lesson.text)).map(lesson => `- ${lesson.text}`);
		if (bullets.length === 0) {
			continue;
		}
		const existing = sections.find(section => sectionSynonyms[heading].test(section.heading.text.trim()));
		if (existing) {
			add(lastContentLine(lines, existing), bullets);
		} else {
			newSections.push(`## ${heading}`, '', ...bullets, '');
		}
	}
	if (newSections.length > 0) {
		add(log ? log.heading.line - 1 : lines.length, log ? newSections : ['', ...newSections]);
	}
	const out: string[] = [];
	for (let line = 0; line <= lines.length; line++) {
		if (line > 0) {
			out.push(lines[line - 1]);
		}
		out.push(...insertAfter.get(line) ?? []);
	}
	// The footer follows the log entry after one blank line, whatever blank lines the skill ended with.
	const logged = withIterationLogEntry(out.join(eol), `- ${source.today}: ${logEntry(source, 'updated')}`).replace(/(?:\r?\n[ \t]*)+$/, '');
	return [logged, '', provenanceFooter(source), ''].join(eol);
}

/** Lines for the project's memory file: one fact each, with where it came from. */
export function renderMemory(lessons: readonly Lesson[], source: DraftSource): string {
	return [
		`# Memory proposed from ${createdFrom(source)}`,
		'',
		...lessons.map(lesson => `- ${lesson.text}`),
		'',
		provenanceFooter(source),
		'',
	].join('\n');
}
