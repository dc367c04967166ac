import * as path from 'node:path';
import type { SkillCase } from '../apprentice/cases';
import { casesFromEpisodes } from '../apprentice/distilledCases';
import type { SkillAnalysis } from '../check/analyzeSkill';
import { type CheckRecord, checkRecords, type Finding } from '../check/findings';
import { openSession } from '../sessions/adapters';
import { type AgentKind, agentLabels, type TranscriptProblem } from '../sessions/sessionEvents';
import type { LifecyclePlacement } from '../skill/scaffold';
import { skillFileName } from '../skill/skillText';
import type { SkillRoot } from '../skill/standardRoots';
import { displayPath, homeFolder } from '../util/paths';
import { plural } from '../util/text';
import { placeLessons, type Placement, type ProposalAction } from './classify';
import { citedEvidence, condensedSession } from './condensed';
import type { Episode, Lesson, Noted, SessionFindings, Trigger } from './lessons';
import { keyText, termsOf, writeLessons } from './lessonWriter';
import { type LanguageModel, writeWithModel } from './modelWriter';
import type { ProjectPaths } from './placeholders';
import { type EpisodeRecord, isMemoryFileName, memoryFilesListed, proposalFolders, type ProposalRecord, readLedger, recordDistilled, writeProposal } from './proposalStore';
import { quoteOf } from './quotes';
import { redactEvent } from './redactEvent';
import { SessionAnalyzer } from './sessionAnalysis';
import { type DraftSource, descriptionForLessons, mergeLessons, nameForLessons, renderMemory, renderNewSkill, toSkillName } from './skillDraft';

/** The library a session is distilled against: its skills, and a way to check a text as if it were one of them. */
export interface DistilLibrary {
	/** The library's skills (proposals excluded). */
	skills(): SkillAnalysis[];
	/** The text of a library skill's SKILL.md as it is now. */
	text(file: string): string;
	/** The findings a SKILL.md would have at `file` in the library; the library itself does not change. */
	checkAsIf(file: string, root: SkillRoot, text: string, sidecars: readonly string[]): Promise<Finding[]>;
	/** Where a new skill would be ratified to, for checking its neighbours; the staging folder when undefined. */
	newSkillRoot?: SkillRoot;
}

/** What drafting a proposal needs of a request: the library, where proposals go, how new skills are placed, a model. */
export type DraftRequest = Pick<DistilRequest, 'library' | 'stagingDir' | 'placement' | 'model' | 'signal'>;

export interface DistilRequest {
	transcript: string;
	/** The agent, when known; otherwise detected from the content. */
	agent?: AgentKind;
	library: DistilLibrary;
	/** Where proposals are written (`.skills-proposed`). */
	stagingDir: string;
	/** YYYY-MM-DD */
	today: string;
	placement: LifecyclePlacement;
	/** A language model to write the lessons; the deterministic draft stays without one, or when its answer fails. */
	model?: LanguageModel;
	/**
	 * The workspace folder whose memory file takes facts about the project. Not the folder the
	 * transcript recorded: a session may come from someone else's machine.
	 */
	workspace?: string;
	/** The memory file, relative to the workspace: by default CLAUDE.md for Claude Code sessions, AGENTS.md for the others. */
	memoryFile?: string;
	signal?: AbortSignal;
	/** Called every few thousand events with the number read so far. */
	onProgress?: (events: number) => void;
	/** Find and draft, but write nothing. */
	dryRun?: boolean;
}

export interface ProposalOutcome {
	/** The proposal's folder; undefined for a dry run. */
	dir?: string;
	action: ProposalAction;
	target: string | null;
	name: string;
	checks: CheckRecord[];
	/** The proposed SKILL.md or MEMORY.md. */
	document: string;
	/** The apprentice cases written beside it (`evals/cases.json`), from its verified episodes. */
	cases: SkillCase[];
}

export interface DistilOutcome {
	session: { agent: AgentKind; id: string; path: string };
	triggers: Trigger[];
	/** The stretches of work on one failing check, resolved or not. */
	episodes: EpisodeRecord[];
	/** What the session held that writes nothing, and why. */
	noted: Noted[];
	proposals: ProposalOutcome[];
	/** Lines of the transcript that could not be read. */
	problems: TranscriptProblem[];
	/** What a person should know about the result, in sentences. */
	notes: string[];
	counts: SessionFindings['counts'];
	/** The lessons the gate let through (before the ledger took out those proposed before). */
	lessons: Lesson[];
	/** The session condensed for a model or an agent: episodes and the person's words, never the raw transcript. */
	condensed: string;
}

export class DistilCancelled extends Error {
	constructor() {
		super('distilling was cancelled');
	}
}

/** A transcript path as a skill should name it: relative to the project, or from `~`. */
function displayPathFor(cwd: string | undefined): (file: string) => string {
	const home = homeFolder();
	return file => displayPath(cwd && !path.isAbsolute(file) ? path.resolve(cwd, file) : file, cwd ? [cwd] : [], home);
}

/** A name no library skill and no proposal folder has yet. */
export function unusedName(base: string, library: readonly SkillAnalysis[], stagingDir: string): string {
	const taken = new Set([...library.map(skill => skill.name ?? skill.folderName), ...proposalFolders(stagingDir)]);
	for (let attempt = 1; ; attempt++) {
		const candidate = attempt === 1 ? base : toSkillName([base.slice(0, 60), String(attempt)]);
		if (!taken.has(candidate)) {
			return candidate;
		}
	}
}

export interface Drafted {
	document: string;
	checks: Finding[];
	lessons: Lesson[];
	name: string;
	writtenBy?: string;
	/** An update's target as it is now. */
	base?: string;
}

function errorCount(findings: readonly Finding[]): number {
	return findings.filter(finding => finding.severity === 'error').length;
}

/** A model's lessons with the trigger and key of the deterministic lesson they share evidence with. */
function withOrigins(lessons: readonly Lesson[], deterministic: readonly Lesson[]): Lesson[] {
	return lessons.map(lesson => {
		const origin = deterministic.find(candidate => candidate.evidence.some(evidence => lesson.evidence.some(other => other.line === evidence.line)));
		return { ...lesson, trigger: origin?.trigger ?? lesson.trigger, key: origin?.key ?? `model ${keyText(lesson.text)}`, terms: termsOf(lesson.text), projectFact: origin?.projectFact };
	});
}

/**
 * Drafts one proposal: the deterministic text, then — if a model is given — the model's lessons,
 * kept only if they check no worse than the deterministic ones.
 */
export async function draftProposal(placement: Placement, name: string, findings: SessionFindings, source: DraftSource, request: DraftRequest, project: ProjectPaths, notes: string[]): Promise<Drafted> {
	const { library, placement: lifecyclePlacement } = request;
	const base = placement.action === 'update' && placement.target ? library.text(placement.target.file) : undefined;
	const render = async (lessons: Lesson[], skillName: string, description?: string): Promise<Drafted> => {
		if (placement.action === 'memory') {
			return { document: renderMemory(lessons, source), checks: [], lessons, name: skillName };
		}
		if (placement.target && base !== undefined) {
			const target = placement.target;
			const document = mergeLessons(base, lessons, source);
			return { document, checks: await library.checkAsIf(target.file, target.root, document, target.sidecars), base, lessons, name: skillName };
		}
		const root = library.newSkillRoot ?? { path: request.stagingDir, label: path.basename(request.stagingDir), scope: 'project' as const };
		const document = renderNewSkill({ name: skillName, description: description ?? descriptionForLessons(skillName, lessons), lessons, source, placement: lifecyclePlacement });
		return { document, checks: await library.checkAsIf(path.join(root.path, skillName, skillFileName), root, document, []), lessons, name: skillName };
	};
	const deterministic = await render(placement.lessons, name);
	if (!request.model || placement.action === 'memory') {
		return deterministic;
	}
	const action = placement.action === 'update' ? 'update' : 'create';
	const answer = await writeWithModel(request.model, {
		action, session: condensedSession(findings, placement.lessons, project), evidence: citedEvidence(findings),
		target: placement.target && base !== undefined ? { name: placement.target.name ?? placement.target.folderName, text: base } : undefined,
	}, request.signal);
	if (!answer.ok) {
		notes.push(`${answer.reason}; the lessons were written without it.`);
		return deterministic;
	}
	if (answer.value.lessons.length === 0) {
		notes.push(`${request.model.name} found nothing worth keeping for ${name}; the lessons were written without it.`);
		return deterministic;
	}
	const modelName = action === 'create' && answer.value.name ? unusedName(answer.value.name, library.skills(), request.stagingDir) : name;
	const written = await render(withOrigins(answer.value.lessons, placement.lessons), modelName, answer.value.description);
	if (errorCount(written.checks) > errorCount(deterministic.checks)) {
		notes.push(`${request.model.name}'s draft failed the checks (${written.checks.filter(check => check.severity === 'error').map(check => check.rule).join(', ')}); the lessons were written without it.`);
		return deterministic;
	}
	return { ...written, writtenBy: request.model.name };
}

/** An episode as a proposal and the CLI's JSON record it. */
export function episodeRecord(episode: Episode): EpisodeRecord {
	const failures = episode.failures;
	// What came after the last failure resolved it when the check passed: it is no attempt that did not help.
	const attempts = failures.flatMap((failure, index) => [...(index > 0 ? [failure.symptom] : []), ...(index === failures.length - 1 && episode.resolution ? [] : failure.after.map(step => step.evidence))]);
	const rejected = episode.rejected;
	return {
		check: episode.check,
		symptom: failures[0].symptom,
		attempts: attempts.slice(0, 12),
		...(episode.resolution ? { resolution: { steps: episode.resolution.steps.map(step => step.evidence), passed: episode.resolution.passed } } : {}),
		// The rejected way past it is named beside the person's words, so a reviewer sees what they rejected.
		...(rejected ? { rejected: { ...rejected.evidence, quote: quoteOf(`${rejected.step.kind === 'edit' ? `editing ${rejected.step.text}` : rejected.step.text} — "${rejected.words}"`) } } : {}),
		...(episode.diagnosis ? { diagnosis: episode.diagnosis } : {}),
		personWords: episode.personWords.filter(words => words.line !== rejected?.evidence.line || words.file !== rejected.evidence.file),
	};
}

/**
 * The memory file facts about the project go to: the one the session's agent reads, in the
 * workspace, or the one asked for when agents read it (`ratify` accepts no other).
 */
export function memoryTarget(request: Pick<DistilRequest, 'workspace' | 'stagingDir' | 'memoryFile'>, agent: AgentKind, notes: string[]): string {
	const workspace = request.workspace ?? path.dirname(request.stagingDir);
	const usual = agent === 'claude-code' ? 'CLAUDE.md' : 'AGENTS.md';
	if (request.memoryFile !== undefined && !isMemoryFileName(request.memoryFile)) {
		notes.push(`${request.memoryFile} is no memory file agents read (${memoryFilesListed}); the facts are proposed for ${usual}.`);
	}
	const file = request.memoryFile !== undefined && isMemoryFileName(request.memoryFile) ? request.memoryFile : usual;
	return path.resolve(workspace, file);
}

/**
 * Distils one session: streams its events into moments and episodes, lets the lessons that pass
 * the gate through, leaves out those proposed or rejected before (the staging folder's ledger),
 * places them against the library, drafts and checks each proposal, and writes it to the staging
 * folder. A session with nothing to learn writes nothing.
 */
export async function distilSession(request: DistilRequest): Promise<DistilOutcome> {
	const reader = await openSession(request.transcript, request.agent);
	const analyzer = new SessionAnalyzer(file => displayPathFor(reader.cwd)(file));
	let events = 0;
	for await (const event of reader.events()) {
		analyzer.push(redactEvent(event));
		if (++events % 5000 === 0) {
			request.onProgress?.(events);
			if (request.signal?.aborted) {
				throw new DistilCancelled();
			}
		}
	}
	request.onProgress?.(events);
	const findings = analyzer.finish();
	const project: ProjectPaths = { cwd: reader.cwd, home: homeFolder() };
	const written = writeLessons(findings, project);
	const session = { agent: reader.agent, id: reader.id, path: request.transcript };
	const noted = [...findings.noted, ...written.noted];
	const outcome: DistilOutcome = {
		session, triggers: findings.triggers, episodes: findings.episodes.map(episodeRecord), noted, proposals: [], problems: reader.problems, notes: [],
		counts: findings.counts, lessons: written.lessons, condensed: condensedSession(findings, written.lessons, project),
	};
	if (written.lessons.length === 0) {
		outcome.notes.push(`Nothing to learn in this session: no fix that a passing run verified, no rule the person stated, no correction the agent acted on${noted.length > 0 ? ` (${plural(noted.length, 'moment')} noted, with why)` : ''}. Nothing was written.`);
		return outcome;
	}
	const ledger = readLedger(request.stagingDir);
	const lessons = written.lessons.filter(lesson => {
		const known = ledger.lessons[lesson.key];
		if (known) {
			noted.push({ summary: lesson.text.slice(0, 200), why: known.state === 'rejected' ? `a person rejected it before (${known.proposal}${known.reason ? `: ${known.reason}` : ''})` : `it was ${known.state} before (${known.proposal})`, evidence: lesson.evidence });
		}
		return !known;
	});
	if (lessons.length === 0) {
		outcome.notes.push(`This session was distilled before: its ${plural(written.lessons.length, 'lesson')} ${written.lessons.length === 1 ? 'was' : 'were'} proposed or decided already. Nothing new was written.`);
		return outcome;
	}
	const skills = request.library.skills();
	const left: Lesson[] = [];
	const placements = placeLessons(lessons, findings, skills, reader.cwd, left);
	noted.push(...left.map(lesson => ({ summary: lesson.text.slice(0, 200), why: 'one session makes at most two new skills; distil it again after reviewing these', evidence: lesson.evidence })));
	const source: DraftSource = {
		agentLabel: agentLabels[reader.agent], agent: reader.agent, sessionId: reader.id, today: request.today,
		triggers: [...new Set(lessons.map(lesson => lesson.trigger))],
	};
	const recorded: { folder: string; lessonKeys: string[] }[] = [];
	for (const placement of placements) {
		if (request.signal?.aborted) {
			throw new DistilCancelled();
		}
		const named = placement.action === 'update' && placement.target
			? placement.target.name ?? placement.target.folderName
			: placement.action === 'memory' ? 'project-memory' : nameForLessons(placement.lessons);
		if (named === undefined) {
			noted.push(...placement.lessons.map(lesson => ({ summary: lesson.text.slice(0, 200), why: 'it names no program to make a skill of, and it is no fact about this project', evidence: lesson.evidence })));
			continue;
		}
		const name = placement.action === 'update' ? named : unusedName(toSkillName([named]), skills, request.stagingDir);
		const drafted = await draftProposal(placement, name, findings, source, request, project, outcome.notes);
		const target = placement.action === 'update' && placement.target
			? placement.target.file
			: placement.action === 'memory' ? memoryTarget(request, reader.agent, outcome.notes) : null;
		const record: ProposalRecord = {
			action: placement.action, name: drafted.name, target, session,
			triggers: findings.triggers.filter(trigger => trigger.evidence.some(evidence => drafted.lessons.some(lesson => lesson.evidence.some(other => other.line === evidence.line && other.file === evidence.file)))),
			created: new Date().toISOString(),
			reason: placement.reason,
			checks: checkRecords(drafted.checks),
			episodes: findings.episodes.filter(episode => drafted.lessons.some(lesson => lesson.evidence.some(evidence => evidence.line === episode.failures[0].symptom.line))).map(episodeRecord),
			noted,
			lessons: drafted.lessons.map(lesson => ({ key: lesson.key, section: lesson.section, text: lesson.text })),
			...(drafted.writtenBy ? { generalisedBy: drafted.writtenBy } : {}),
		};
		// Facts for the project's memory are no skill an apprentice could be handed.
		const cases = placement.action === 'memory' ? [] : casesFromEpisodes(
			findings.episodes.filter(episode => record.episodes?.some(recorded => recorded.symptom.line === episode.failures[0].symptom.line)),
			{ agent: reader.agent, id: reader.id, start: reader.start, cwd: reader.cwd, workspace: request.workspace }, project,
		);
		const dir = request.dryRun ? undefined : writeProposal(request.stagingDir, record, drafted.document, drafted.base, cases);
		if (dir) {
			recorded.push({ folder: path.basename(dir), lessonKeys: drafted.lessons.map(lesson => lesson.key) });
		}
		outcome.proposals.push({ dir, action: placement.action, target, name: drafted.name, checks: record.checks, document: drafted.document, cases });
	}
	if (recorded.length > 0) {
		recordDistilled(request.stagingDir, `${reader.agent}:${reader.id}`, request.today, recorded);
	}
	return outcome;
}
