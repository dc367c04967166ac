import { specNameFrom } from '../rules/frontmatterRules';
import { type LifecyclePlacement, scaffoldSkill, type SkillSection } from '../skill/scaffold';
import { iterationLogHeading, lastContentLine, skillLines, withIterationLogEntry } from '../skill/skillSections';
import { interpreters } from './failures';
import { type Lesson, type LessonSection, lessonSections } from './lessons';
import { inlineCode } from './shellCommands';

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
	/** The other sessions the lessons recurred in, when they rest on several (`sessionId` is the newest). */
	otherSessions?: number;
}

function shortId(id: string): string {
	return id.length > 12 ? id.slice(0, 8) : id;
}

/** "session 6dc88126", or "session 6dc88126 and 2 more sessions" for a lesson that recurred. */
function sessionsOf(source: DraftSource): string {
	const more = source.otherSessions ?? 0;
	return `session ${shortId(source.sessionId)}${more > 0 ? ` and ${more} more session${more === 1 ? '' : 's'}` : ''}`;
}

export function createdFrom(source: DraftSource): string {
	return `${source.agentLabel} ${sessionsOf(source)} (${source.today})`;
}

/** The comment a proposal's SKILL.md ends with; ratifying keeps the Iteration Log entry and drops this. */
export function provenanceFooter(source: DraftSource): string {
	return `<!-- skill-distiller: proposed from ${source.agent} session ${source.sessionId} on ${source.today} -->`;
}

export const provenancePattern = /^<!-- skill-distiller: proposed from .* -->$/;

function logEntry(source: DraftSource, verb: string): string {
	return `${verb} from ${source.agentLabel} ${sessionsOf(source)} (${source.triggers.join(', ')}).`;
}

/** A skill name from words: lower case, hyphenated, within the spec's 64 characters. */
export function toSkillName(words: readonly string[]): string {
	return specNameFrom(words.join('-'));
}

/** What a failure is about, from its message: the concept half of a name such as `jest-module-resolution`. */
const concepts: [RegExp, string][] = [
	[/command not found|is not recognized as|not recognized as an internal|not on (?:the )?path/i, 'not-on-path'],
	[/\bcd: (?:(?!\bcd: ).)*no such file or directory|working director/i, 'working-directory'],
	[/externally-managed-environment/i, 'externally-managed-python'],
	[/cannot find module|modulenotfounderror|no module named|importerror|cannot resolve module/i, 'module-resolution'],
	[/unrecognized (?:arguments?|option)|unknown (?:option|flag|argument|command)|invalid option|illegal option|extra operand|incomplete command line|usage:/i, 'flags'],
	[/permission denied|eacces|eperm|operation not permitted|requires additional permissions|access is denied/i, 'permissions'],
	[/gpg failed to sign|signing|signature/i, 'signing'],
	[/unauthori[sz]ed|authenticat|not logged in|auth login|401\b|403\b|credentials|publickey/i, 'authentication'],
	[/econnrefused|connection refused|could not connect/i, 'connection-refused'],
	[/timed? ?out|timeout/i, 'timeouts'],
	[/not a valid repository\/tag|invalid reference format|<none>:<none>/i, 'image-tags'],
	[/pathspec .* did not match/i, 'pathspecs'],
	[/cannot open shared object|undefined reference|linker|ld returned/i, 'linking'],
	[/stray .\\. in program|syntax error|unexpected token|parse error/i, 'syntax-errors'],
	[/no such file or directory|enoent|does not exist|not found/i, 'missing-files'],
];

/** Script names that say nothing on their own. */
const genericScripts = /^(?:test|tests|build|start|dev|lint|check|run|install|ci|serve|watch|format|exec)$/;
const plainWords = new Set(['error', 'errors', 'failed', 'failure', 'cannot', 'could', 'find', 'found', 'file', 'with', 'from', 'that', 'this', 'line', 'when', 'exit', 'code', 'status', 'fatal', 'warning', 'unable', 'invalid', 'there', 'have', 'been', 'will', 'into', 'than', 'more', 'does', 'should']);

/** Error classes every program raises: `ValueError` names no concept, its message does. */
const genericErrorClass = /^(?:Value|Type|Runtime|Key|Index|Attribute|Assertion|Lookup|Name|Os|Io|Environment|System|Internal|Unknown|Generic|Base|Standard)(?:Error|Exception)$/;

/** The concept of an error no pattern knows: a telling error class (`CreateContainerError`), or the message's first telling words. */
function conceptWords(symptom: string, program: string): string {
	const errorClass = /\b([A-Z][a-z]+(?:[A-Z][a-z]+)+)\b/.exec(symptom)?.[1];
	if (errorClass && !genericErrorClass.test(errorClass)) {
		return errorClass.replace(/(?:Error|Exception)$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
	}
	const message = errorClass ? symptom.slice(symptom.indexOf(errorClass) + errorClass.length) : symptom;
	// A kind of file is named by its extension: "More than one .charm file" is about charm files.
	const fileKind = /(?:^|\s)\.([a-z]{2,10}) files?\b/i.exec(message)?.[1]?.toLowerCase();
	if (fileKind) {
		return `${fileKind}-files`;
	}
	const words = message.replace(/https?:\/\/\S+|['"`‘’][^'"`‘’]*['"`‘’]|\S*[/\\]\S*/g, ' ').toLowerCase().match(/[a-z]{4,}/g) ?? [];
	const telling = [...new Set(words.filter(word => !plainWords.has(word) && !program.includes(word)))].slice(0, 2);
	return telling.length > 0 ? telling.join('-') : 'failures';
}

/** Programs that only run a named script: the script is what a lesson is about. */
const scriptRunners = /^(?:npm|yarn|pnpm|bun|make|just|task|npx|uv|poetry|tox)$/;

// The lesson's first sentence is all these read: a lesson is a few lines, and the patterns backtrack on runs of backticks.
function symptomOf(lesson: Lesson): string | undefined {
	return /\*\*Symptom:\*\* (`{1,3}) ?([^`]+?) ?\1/.exec(lesson.text.slice(0, 1000))?.[2];
}

function checkOfLesson(lesson: Lesson): string | undefined {
	return /\*\*Symptom:\*\* `{1,3}[^`]+?`{1,3} from (`{1,3}) ?([^`]+?) ?\1/.exec(lesson.text.slice(0, 1000))?.[2];
}

/** The CI step a lesson's check is (`CI step "Build rock"` → `Build rock`), when it is one. */
function ciStepOfLesson(lesson: Lesson): string | undefined {
	return /^CI step "(.+)"$/.exec(checkOfLesson(lesson) ?? '')?.[1];
}

/** The program a lesson is about: the check's program, or the script a runner ran (`npm run release-notes` → `release-notes`). */
function programOfLesson(lesson: Lesson): string | undefined {
	const check = checkOfLesson(lesson);
	// `CI step "Build rock"` is about the CI's build-rock step.
	const ciStep = ciStepOfLesson(lesson);
	if (ciStep) {
		return `ci-${ciStep.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
	}
	if (check) {
		const words = check.split(' ');
		// `npm run release-notes` is about release-notes; `npm test` about npm's test.
		const script = words[words.length - 1];
		if (scriptRunners.test(words[0]) && words.length > 1) {
			return genericScripts.test(script) ? `${words[0]}-${script}` : script;
		}
		// `node export-invoices.js`, `python3 run_benchmarks.py`: the script is the program.
		if (interpreters.test(words[0]) && words.length > 1) {
			return script.replace(/\.\w{1,4}$/, '').replace(/_/g, '-');
		}
		return words[0].replace(/\.exe$/i, '');
	}
	return lesson.terms.find(term => /^[a-z][\w.-]*$/.test(term) && !term.includes('.'));
}

/**
 * A name from the lesson: the program and the concept of its failure (`pip-externally-managed-python`,
 * `nvcc-not-on-path`); never a ticket id or the first prompt's words. Undefined when the lessons
 * name no program: such lessons are no skill.
 */
export function nameForLessons(lessons: readonly Lesson[]): string | undefined {
	const lesson = lessons.find(candidate => candidate.section === 'Failure Modes') ?? lessons[0];
	if (!lesson) {
		return undefined;
	}
	const program = programOfLesson(lesson);
	if (!program) {
		return undefined;
	}
	const symptom = symptomOf(lesson) ?? lesson.text;
	const concept = concepts.find(([pattern]) => pattern.test(symptom))?.[1] ?? conceptWords(symptom, program);
	const name = toSkillName(program.includes(concept) ? [program] : [program, concept]);
	return /^[a-z]+-?\d+$/.test(name) ? undefined : name;
}

/** A description from the lesson: what the skill does, then "Use when" the symptom shows; no emphasis, no command line. */
export function descriptionForLessons(name: string, lessons: readonly Lesson[]): string {
	const lesson = lessons.find(candidate => candidate.section === 'Failure Modes') ?? lessons[0];
	const ciStep = lesson && ciStepOfLesson(lesson);
	const program = ciStep !== undefined ? `the CI step '${ciStep}'` : (lesson && programOfLesson(lesson)) ?? name.split('-')[0];
	const symptom = lesson ? symptomOf(lesson) : undefined;
	if (!symptom) {
		return `Rules for working with ${program} that a person set out in a session. Use when working with ${program}.`;
	}
	const plain = symptom.replace(/"/g, '\'');
	// "Failed to copy image: Command '['/snap/…', 'unpack', …]'": the message says it; the command line after it is noise.
	const head = plain.split(/:\s/)[0];
	const short = head.length >= 12 && /[/\\[\]{}=]|\s--?\w/.test(plain.slice(head.length))
		? head
		: plain.length > 80 ? `${plain.slice(0, 79).replace(/\s+\S*$/, '')}…` : plain;
	return `How to get ${program} past "${short}", as a session verified. Use when ${program} fails with "${short}" or a similar error.`.slice(0, 300);
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
	source: DraftSource;
	placement: LifecyclePlacement;
}

/** "When to use", generalised from the lessons' symptoms rather than quoting the session's first prompt. */
function whenToUseLines(lessons: readonly Lesson[]): string[] {
	const lines = lessons.flatMap(lesson => {
		const symptom = symptomOf(lesson);
		const check = checkOfLesson(lesson);
		return symptom && check ? [`- When ${inlineCode(check)} fails with ${inlineCode(symptom)} or an error like it.`] : [];
	});
	return [...new Set(lines)];
}

/** A new draft skill holding the lessons. */
export function renderNewSkill(draft: NewDraft): string {
	const when = whenToUseLines(draft.lessons);
	const whenToUse = when.length > 0 ? [{ heading: 'When to use', lines: when }] : [];
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

/** An update is a bounded change: at most this many lines added to a skill. */
export const maxAddedLines = 30;

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
	/** Lines a lesson corrects, by 1-based line: replaced by the lesson. */
	const replaced = new Map<number, string>();
	const add = (after: number, added: string[]) => insertAfter.set(after, [...insertAfter.get(after) ?? [], ...added]);
	const log = sections.find(section => iterationLogHeading.test(section.heading.text));
	const newSections: string[] = [];
	let budget = maxAddedLines;
	const pending = lessons.filter(lesson => !text.includes(lesson.text));
	// A lesson that forbids what a line of the skill teaches takes that line's place, so the skill does not say both.
	const placed = new Set<Lesson>();
	for (const lesson of pending) {
		const forbidden = lesson.forbids?.replace(/\s+/g, ' ').trim();
		const index = forbidden ? lines.findIndex((line, at) => !replaced.has(at + 1) && line.replace(/\s+/g, ' ').includes(forbidden)) : -1;
		if (index !== -1) {
			const marker = /^(\s*(?:[-*+]|\d+[.)])\s+)/.exec(lines[index])?.[1] ?? '- ';
			replaced.set(index + 1, `${marker}${lesson.text}`);
			placed.add(lesson);
		}
	}
	for (const heading of lessonSections) {
		const existing = sections.find(section => sectionSynonyms[heading].test(section.heading.text.trim()));
		const waiting = pending.filter(candidate => candidate.section === heading && !placed.has(candidate));
		// A new section costs its heading and blank lines.
		const room = budget - (existing ? 0 : 3);
		const bullets = waiting.slice(0, Math.max(0, room)).map(lesson => `- ${lesson.text}`);
		if (bullets.length === 0) {
			continue;
		}
		budget = room - bullets.length;
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
			out.push(replaced.get(line) ?? lines[line - 1]);
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
