import type { Episode, EpisodeFailure, EpisodeStep, Lesson, Moment, Noted, SessionFindings } from './lessons';
import { lessonCommand, type ProjectPaths } from './placeholders';
import { wordsOnly } from './quotes';
import { foldersEntered } from './failures';
import { inlineCode, onlyLooks, programOf, sameGoal, significantWords } from './shellCommands';

/**
 * The gate and the deterministic writer. A lesson is written only from an episode whose fix the
 * same check's passing run verified, a rule the person stated, a correction the agent then acted
 * on, or a refusal the person gave a reason for; everything else is noted and writes nothing.
 * The writer is faithful and short: the symptom, what did not help, what fixed it, the person's
 * words quoted whole and attributed, the agent's diagnosis attributed. It never calls a step the
 * person rejected a fix, and pastes no one-off command.
 */

const maxLessons = 12;
const maxMomentLessons = 8;
const maxStepsShown = 3;

/** Files whose change is a change of set-up rather than of the project's own code. */
const configFile = /(?:^|[\\/])(?:package\.json|tsconfig[^\\/]*\.json|pyproject\.toml|setup\.(?:cfg|py)|tox\.ini|requirements[^\\/]*\.txt|Cargo\.toml|go\.mod|Gemfile|Makefile|CMakeLists\.txt|Dockerfile|docker-compose[^\\/]*|\.env[^\\/]*|[^\\/]*\.(?:ya?ml|toml|ini|cfg|conf|lock|mjs|cjs|sh|ps1)|\.git[\\/]hooks[\\/][^\\/]+|\.pre-commit[^\\/]*|[^\\/]*rc(?:\.\w+)?|[^\\/]*\.config\.\w+|rockcraft\.yaml|charmcraft\.yaml)$/i;
/** Failures that come from the environment or the tools rather than from a bug in the project's code. */
const environmentSymptom = /command not found|not recognized|no module named|cannot find module|permission denied|eacces|eperm|not permitted|not installed|externally-managed|enoent|no such file or directory|could not resolve|connection refused|econnrefused|unauthorized|authenticat|not logged in|gpg|certificate|ssl|timed? ?out|unsupported|unrecognized|unknown (?:option|flag|argument)|invalid option|extra operand|not found|does not exist|denied|requires|version|cannot open shared object|pathspec/i;
/** Programs, error identifiers and file names a text is about: what names and places a lesson. */
export function termsOf(text: string): string[] {
	const terms = new Set<string>();
	for (const [, code] of text.matchAll(/`([^`]{1,200})`/g)) {
		// `npm run release-notes` is about npm and about release-notes.
		for (const word of programOf(code).split(' ').filter(part => part !== 'run')) {
			if (/^[a-z][\w.-]{1,30}$/i.test(word)) {
				terms.add(word.toLowerCase());
			}
		}
	}
	// Each alternative starts only where a run of name characters starts, so a long run is read once.
	for (const [word] of text.matchAll(/(?<![\w-])(?:[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception)\b|[\w-]+\.(?:json|ya?ml|toml|md|mjs|cjs|js|ts|py|sh|cfg|ini|lock|txt|conf)\b|[a-z]+(?:-[a-z]+){2,}(?![\w-]))/g)) {
		terms.add(word.toLowerCase());
	}
	return [...terms];
}

/** Text as a lesson key: the words only, so spacing and punctuation do not make a lesson new. */
export function keyText(text: string): string {
	return wordsOnly(text).slice(0, 300);
}

/** A step as a phrase: what the agent did ("ran `x`"), or, for a "Don't", what not to do ("run `x`"). */
function stepText(step: EpisodeStep, project: ProjectPaths, mood: 'did' | 'do' = 'did'): string | undefined {
	if (step.kind === 'edit') {
		return `${mood === 'did' ? 'edited' : 'edit'} ${inlineCode(step.text)}`;
	}
	const command = lessonCommand(step.text, project);
	return command === undefined ? undefined : `${mood === 'did' ? 'ran' : 'run'} ${inlineCode(command)}`;
}

/** Files that record a change rather than make it: editing them fixes no check. */
const recordFile = /(?:^|[\\/])(?:CHANGELOG|CHANGES|HISTORY|NEWS|RELEASE[_-]?NOTES)(?:\.(?:md|markdown|rst|txt|adoc))?$/i;
/** Commands that only watch a CI run: they show whether a fix worked, they are not the fix. */
const watchesCi = /^gh run (?:list|view|watch)$/;

/** Whether a step is about the failing check: an edit, or a command that shares its program or the words of its error. */
function isRelated(step: EpisodeStep, check: string, symptom: string): boolean {
	if (step.kind === 'edit') {
		return !recordFile.test(step.text);
	}
	if (watchesCi.test(programOf(step.text))) {
		return false;
	}
	const words = new Set([...significantWords(check), ...check.toLowerCase().split(/\s+/), ...symptom.toLowerCase().match(/[a-z][\w.-]{2,}/g) ?? []]);
	const stepWords = step.text.toLowerCase().match(/[a-z][\w.-]+/g) ?? [];
	return sameGoal(check, step.text) || stepWords.some(word => words.has(word));
}

/** Steps as a phrase, the last few, without repeats; one-off commands are counted, not pasted. */
function stepsPhrase(steps: readonly EpisodeStep[], project: ProjectPaths): string {
	const shown: string[] = [];
	let oneOff = 0;
	for (const step of steps) {
		const text = stepText(step, project);
		if (text === undefined) {
			oneOff++;
		} else if (!shown.includes(text)) {
			shown.push(text);
		}
	}
	const kept = shown.slice(-maxStepsShown);
	if (oneOff > 0) {
		kept.push(oneOff === 1 ? 'a one-off command (see the evidence)' : `${oneOff} one-off commands (see the evidence)`);
	}
	return kept.join(', then ');
}

/** The person saying they did something themselves: "I authenticated gh for you", "Logged in", "installed it". */
const didSomething = /^(?:ok(?:ay)?,?\s*)?(?:i(?:'ve| have)?\s+(?:just\s+)?\w+ed\b|logged in|installed|pushed|done\b|restarted|fixed it)/i;

/** Consecutive failures with the same signature: one cause each. */
function causesOf(episode: Episode): EpisodeFailure[][] {
	const causes: EpisodeFailure[][] = [];
	for (const failure of episode.failures) {
		const current = causes[causes.length - 1];
		if (current && current[0].signature === failure.signature) {
			current.push(failure);
		} else {
			causes.push([failure]);
		}
	}
	return causes;
}

/** Whether an episode was only a bug in the project's own code, fixed by editing it: that teaches a skill nothing. */
function isCodeFix(episode: Episode, steps: readonly EpisodeStep[]): boolean {
	const resolution = episode.resolution;
	const changedCommand = resolution?.command !== undefined && episode.failures.every(failure => failure.command !== resolution.command);
	if (changedCommand || steps.some(step => step.kind === 'command') || steps.length === 0) {
		return false;
	}
	return steps.every(step => !configFile.test(step.text)) && !episode.failures.some(failure => environmentSymptom.test(failure.symptom.quote));
}

/** Failures a changed command line fixes in a way that teaches: a flag the program does not take, a program not on PATH, a folder the shell is not in, a permission, a module path. */
const teachingSymptom = /unrecognized|unknown (?:option|flag|argument|command)|invalid option|illegal option|extra operand|incomplete command line|usage:|command not found|not recognized|permission denied|eacces|not permitted|no module named|cannot find module|externally-managed|\bcd:|access (?:to the resource )?(?:is )?denied|unauthori[sz]ed|authenticat/i;

/** Whether the error names what the new arguments supply: `open 'CHANGELOG.md'`, then `--changelog docs/CHANGELOG.md`. */
function namesWhatChanged(failure: EpisodeFailure, passed: string | undefined): boolean {
	const before = new Set((failure.command ?? '').split(/\s+/));
	const added = (passed ?? '').split(/\s+/).filter(word => !before.has(word)).flatMap(word => word.split(/[/\\=:]/)).filter(part => part.length >= 4);
	const symptom = failure.symptom.quote.toLowerCase();
	return added.some(part => symptom.includes(part.toLowerCase()));
}

/** Whether the only change between failing and passing was the command's own arguments, with nothing edited or run on the way. */
function onlyArgumentsChanged(episode: Episode): boolean {
	const resolution = episode.resolution;
	return resolution !== undefined && resolution.steps.length === 0 && episode.personWords.length === 0 && resolution.command !== undefined
		&& episode.failures.every(failure => failure.command !== resolution.command);
}

function episodeLessons(episode: Episode, project: ProjectPaths, noted: Noted[]): Lesson[] {
	const resolution = episode.resolution;
	if (!resolution) {
		return [];
	}
	const check = inlineCode(episode.check);
	if (isCodeFix(episode, resolution.steps)) {
		noted.push({ summary: `${check} failed with "${episode.failures[0].symptom.quote}"`, why: 'it was fixed by editing the project\'s own code: a bug fix, not a lesson for a skill', evidence: [episode.failures[0].symptom, resolution.passed] });
		return [];
	}
	if (episode.forcedWith) {
		noted.push({ summary: `${check} failed with "${episode.failures[0].symptom.quote}"`, why: `it passed only by forcing past a safeguard (\`${episode.forcedWith}\`), which fixes nothing`, evidence: [episode.failures[0].symptom, resolution.passed] });
		return [];
	}
	// Trying other arguments until one works teaches only when the error says why the first ones could not.
	if (onlyArgumentsChanged(episode) && !episode.diagnosis && !episode.failures.some(failure => teachingSymptom.test(failure.symptom.quote) || namesWhatChanged(failure, resolution.command))) {
		noted.push({ summary: `${check} failed with "${episode.failures[0].symptom.quote}"`, why: 'it passed with other arguments, and the error does not say why: what they were is this session\'s, not a lesson', evidence: [episode.failures[0].symptom, resolution.passed] });
		return [];
	}
	if (episode.check.startsWith('cd ')) {
		const lesson = folderLesson(episode, resolution, project);
		if (!lesson) {
			noted.push({ summary: `${check} failed with "${episode.failures[0].symptom.quote}"`, why: 'the folder was entered later the same way: what changed is not in the commands', evidence: [episode.failures[0].symptom, resolution.passed] });
		}
		return lesson ? [lesson] : [];
	}
	const causes = causesOf(episode);
	const lessons: Lesson[] = [];
	for (const [index, cause] of causes.entries()) {
		const final = index === causes.length - 1;
		const symptom = cause[0].symptom;
		const unhelpful = cause.slice(0, -1).flatMap(failure => failure.after).filter(step => isRelated(step, episode.check, symptom.quote));
		const fixSteps = (final ? resolution.steps : cause[cause.length - 1].after).filter(step => isRelated(step, episode.check, symptom.quote));
		const failedCommand = cause[cause.length - 1].command;
		const allSteps = final ? resolution.steps : cause[cause.length - 1].after;
		// Other work happened on the way and none of it is tied to the check: a changed argument would take the credit for it.
		if (final && fixSteps.length === 0 && allSteps.some(step => step.kind === 'command' && !onlyLooks(step.text))) {
			noted.push({ summary: `${check} failed with "${symptom.quote}"`, why: 'it passed after other work the session does not tie to it: what fixed it is not clear from the commands', evidence: [symptom, resolution.passed] });
			continue;
		}
		let fix = stepsPhrase(fixSteps, project);
		const passingCommand = final && resolution.command !== undefined && resolution.command !== failedCommand ? lessonCommand(resolution.command, project) : undefined;
		if (passingCommand !== undefined) {
			const insteadOf = failedCommand === undefined ? undefined : lessonCommand(failedCommand, project);
			fix = fix ? `${fix}, then ran ${inlineCode(passingCommand)}` : `ran ${inlineCode(passingCommand)}${insteadOf ? ` instead of ${inlineCode(insteadOf)}` : ' instead'}`;
		}
		// The person acting between the failure and the pass (logging in, installing) is part of the fix.
		const until = final ? resolution.passed.line : causes[index + 1][0].symptom.line;
		const stepped = episode.personWords.filter(words => words.line > cause[cause.length - 1].symptom.line && words.line < until && words.line !== episode.rejected?.evidence.line && didSomething.test(words.quote));
		if (stepped.length > 0) {
			fix = `the person stepped in: "${stepped[stepped.length - 1].quote}"${fix ? `; then the agent ${fix}` : ''}`;
		}
		if (!fix) {
			continue;
		}
		// "Fix: 2 one-off commands" teaches nothing a reader can follow: the evidence holds them.
		if (/^(?:a|\d+) one-off commands? \(see the evidence\)$/.test(fix) && !(final && episode.diagnosis)) {
			noted.push({ summary: `${check} failed with "${symptom.quote}"`, why: 'what got past it were one-off commands (see the evidence): nothing a skill can say', evidence: [symptom, final ? resolution.passed : symptom] });
			continue;
		}
		const parts = [`**Symptom:** ${inlineCode(symptom.quote)} from ${check}.`];
		const tried = stepsPhrase(unhelpful, project);
		if (tried) {
			parts.push(`**Didn't help:** ${tried}.`);
		}
		if (final && episode.rejected) {
			const rejected = stepText(episode.rejected.step, project, 'do');
			parts.push(`**Don't:** ${rejected ?? 'the first way past it'} — the person: "${episode.rejected.words}"`);
		}
		parts.push(final ? `**Fix:** ${fix}; ${check} then passed.` : `**Fix:** ${fix}; the next run got past it.`);
		if (final && episode.diagnosis) {
			parts.push(`**Diagnosis (the agent's):** "${episode.diagnosis.quote}"`);
		}
		const text = parts.join(' ');
		const evidence = [symptom, ...(final && episode.rejected ? [episode.rejected.evidence] : []), final ? resolution.passed : cause[cause.length - 1].after[0]?.evidence ?? symptom];
		lessons.push({
			key: `episode ${episode.check} ${cause[0].signature}`,
			section: 'Failure Modes', text, trigger: 'resolved-failure', evidence,
			terms: termsOf(`${check} ${inlineCode(symptom.quote)} ${fix}`),
			// A project's own scripts and where its folders are belong to its memory.
			projectFact: /^(?:\.{0,2}\/|scripts?\/|bin\/|cd )/.test(episode.check),
			forbids: final && episode.rejected?.step.kind === 'command' ? episode.rejected.step.text : undefined,
		});
	}
	return lessons;
}

/**
 * A folder the shell could not enter: what worked is the command that passed — the same command
 * without the `cd`, because the working directory carried over from an earlier call, or another
 * path to the folder.
 */
function folderLesson(episode: Episode, resolution: NonNullable<Episode['resolution']>, project: ProjectPaths): Lesson | undefined {
	const symptom = episode.failures[0].symptom;
	const passing = resolution.command === undefined ? undefined : lessonCommand(resolution.command, project);
	const tried = new Set(episode.failures.flatMap(failure => failure.command === undefined ? [] : foldersEntered(failure.command)));
	const paths = resolution.command === undefined ? [] : foldersEntered(resolution.command);
	const entered = paths.length > 0;
	if (passing === undefined || paths.some(path => tried.has(path))) {
		return undefined;
	}
	const fix = entered
		? `entered it by another path: ${inlineCode(passing)}`
		: `ran ${inlineCode(passing)} without the \`cd\`, and it passed: the shell was already there (the working directory carries over between the agent's shell calls)`;
	return {
		key: `episode ${episode.check} ${entered ? 'path' : 'already-there'}`,
		section: 'Gotchas', text: `**Symptom:** ${inlineCode(symptom.quote)}. **Fix:** ${fix}.`, trigger: 'resolved-failure',
		evidence: [symptom, resolution.passed], terms: termsOf(`${inlineCode(episode.check)} ${passing ? inlineCode(passing) : ''}`), projectFact: true,
	};
}

/** Whether what the agent did is worth naming beside the person's words: short enough to read, not cut. */
function isShort(about: string | undefined): about is string {
	return about !== undefined && about.length <= 60 && !about.includes('…');
}

/** Words that say how things are or must be beyond the moment: a contrast, a direction, a place, a standing fact. */
const lastingWords = /\b(?:not|never|always|only|instead|rather than|different|should(?:n'?t)?|must|the right|use|is in|are in|lives? in|is at|is under|belongs? (?:in|to))\b/i;
/** A correction longer than this is a list of answers or a pasted log, not words to quote as a lesson. */
const maxQuotedCorrection = 300;

/** Whether the person's words are about the refused command itself: its program or what it acts on. */
function mentionsCommand(words: string, command: string): boolean {
	const said = new Set(words.toLowerCase().match(/[a-z][\w.-]+/g) ?? []);
	return [...programOf(command).split(' '), ...significantWords(command)].some(word => said.has(word.toLowerCase()));
}

function momentLesson(moment: Moment, noted: Noted[]): Lesson | undefined {
	const words = moment.words ?? '';
	if (moment.kind === 'interrupt' || moment.inEpisode || (moment.kind !== 'user-rule' && !/\p{L}{3,}/u.test(words))) {
		return undefined;
	}
	if (moment.rule && moment.kind !== 'rejection') {
		const said = moment.kind === 'user-correction' && isShort(moment.about) ? `, said after the agent ran ${moment.about}` : '';
		return {
			key: `rule ${keyText(moment.rule)}`,
			section: 'Key Rules', text: `"${moment.rule}" — the person's rule${said}.`, trigger: moment.kind, evidence: moment.evidence,
			terms: termsOf(moment.rule), projectFact: true,
		};
	}
	if (moment.kind === 'rejection') {
		const refused = moment.refused === undefined ? undefined : lessonCommand(moment.refused, {});
		const what = refused ? `run ${inlineCode(refused)}` : moment.about ? `use ${moment.about}` : 'do that';
		// A reason about something else ("we need to use the rock we built") points the agent elsewhere; it does not forbid the command.
		if (refused !== undefined && !mentionsCommand(words, moment.refused!)) {
			return {
				key: `refused ${keyText(words)}`,
				section: 'Key Rules', text: `"${words}" — the person, refusing to let the agent ${what}.`, trigger: 'rejection', evidence: moment.evidence,
				terms: termsOf(words), projectFact: true,
			};
		}
		return {
			key: `refused ${keyText(moment.refused ?? words)}`,
			section: 'Key Rules', text: `Don't ${what}: the person refused it — "${words}"`, trigger: 'rejection', evidence: moment.evidence,
			terms: termsOf(`${refused ? inlineCode(refused) : ''} ${words}`), projectFact: true, forbids: moment.refused,
		};
	}
	if (!moment.actedOn) {
		noted.push({ summary: `The person corrected the agent: "${moment.evidence[0].quote}"`, why: 'the agent did not act on it successfully before the session moved on', evidence: moment.evidence });
		return undefined;
	}
	if (words.length > maxQuotedCorrection || !lastingWords.test(words)) {
		noted.push({ summary: `The person corrected the agent: "${moment.evidence[0].quote}"`, why: words.length > maxQuotedCorrection ? 'it is too long to quote as a lesson: see the evidence' : 'it says what was wrong at that moment, not how things are or must be: nothing to keep', evidence: moment.evidence });
		return undefined;
	}
	return {
		key: `said ${keyText(words)}`,
		section: 'Gotchas', text: `"${words}" — the person, correcting the agent${isShort(moment.about) ? ` after it ${moment.about.startsWith('refused') ? 'was ' : 'ran '}${moment.about}` : ''}.`,
		trigger: moment.kind, evidence: [...moment.evidence, moment.actedOn], terms: termsOf(words), projectFact: true,
	};
}

/** How much an episode teaches, to choose among many: a struggle (failures), the person's words, an environment error. */
function weightOf(episode: Episode): number {
	return episode.failures.length + (episode.personWords.length > 0 || episode.rejected ? 2 : 0) + (environmentSymptom.test(episode.failures[0].symptom.quote) ? 1 : 0);
}

/** The lessons a session's findings pass the gate with, and what was noted instead. */
export function writeLessons(findings: SessionFindings, project: ProjectPaths): { lessons: Lesson[]; noted: Noted[] } {
	const noted: Noted[] = [];
	const fromEpisodes: Lesson[] = [];
	for (const episode of [...findings.episodes].sort((a, b) => weightOf(b) - weightOf(a))) {
		fromEpisodes.push(...episodeLessons(episode, project, noted));
	}
	const fromMoments = findings.moments.map(moment => momentLesson(moment, noted)).filter((lesson): lesson is Lesson => lesson !== undefined);
	// The same failure fixed the same way twice is one lesson; the second is evidence of the first.
	const distinct = (lessons: Lesson[]) => lessons.filter((lesson, index) => lessons.findIndex(other => other.text === lesson.text || other.key === lesson.key) === index);
	// What the person said is kept first: a session's struggles must not crowd out its rules.
	const moments = distinct(fromMoments).slice(0, maxMomentLessons);
	const episodes = distinct(fromEpisodes).slice(0, maxLessons - moments.length);
	const kept = new Set([...moments, ...episodes]);
	for (const dropped of [...distinct(fromMoments), ...distinct(fromEpisodes)].filter(lesson => !kept.has(lesson))) {
		noted.push({ summary: dropped.text.slice(0, 200), why: `one session proposes at most ${maxLessons} lessons`, evidence: dropped.evidence });
	}
	const byLine = (lesson: Lesson) => lesson.evidence[0]?.line ?? 0;
	return { lessons: [...kept].sort((a, b) => byLine(a) - byLine(b)), noted };
}
