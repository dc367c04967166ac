import * as path from 'node:path';
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
import { generalise, type LanguageModel } from './generalise';
import type { Lesson, SessionFindings, Trigger } from './lessons';
import { memoryFileName, proposalFolders, type ProposalRecord, writeProposal } from './proposalStore';
import { redactEvent } from './redactEvent';
import { inlineCode } from './shellCommands';
import { type DraftSource, mergeLessons, proposeDescription, proposeName, renderMemory, renderNewSkill, toSkillName } from './skillDraft';
import { quoteOf, TriggerDetector } from './triggers';

/** The library a session is distilled against: its skills, and a way to check a text as if it were one of them. */
export interface DistilLibrary {
	/** The library's skills (proposals excluded). */
	skills(): SkillAnalysis[];
	/** The text of a library skill's SKILL.md as it is now. */
	text(file: string): string;
	/** The findings a SKILL.md would have at `file` in the library; the library itself does not change. */
	checkAsIf(file: string, root: SkillRoot, text: string, sidecars: readonly string[]): Finding[];
	/** Where a new skill would be ratified to, for checking its neighbours; the staging folder when undefined. */
	newSkillRoot?: SkillRoot;
}

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
	/** A language model to reword the lessons; the deterministic draft stays without one. */
	model?: LanguageModel;
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
}

export interface DistilOutcome {
	session: { agent: AgentKind; id: string; path: string };
	triggers: Trigger[];
	proposals: ProposalOutcome[];
	/** Lines of the transcript that could not be read. */
	problems: TranscriptProblem[];
	/** What a person should know about the result, in sentences. */
	notes: string[];
	counts: SessionFindings['counts'];
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
function unusedName(base: string, library: readonly SkillAnalysis[], stagingDir: string): string {
	const taken = new Set([...library.map(skill => skill.name ?? skill.folderName), ...proposalFolders(stagingDir)]);
	for (let attempt = 1; ; attempt++) {
		const candidate = attempt === 1 ? base : toSkillName([base.slice(0, 60), String(attempt)]);
		if (!taken.has(candidate)) {
			return candidate;
		}
	}
}

/** The error a new skill's description names as its symptom: the first repeated error's or workaround's. */
function symptomOf(triggers: readonly Trigger[]): string | undefined {
	const trigger = triggers.find(candidate => candidate.kind === 'repeated-error') ?? triggers.find(candidate => candidate.kind === 'workaround');
	const quote = trigger?.evidence[0]?.quote;
	return quote ? `${inlineCode(quote.length > 120 ? `${quote.slice(0, 119)}…` : quote)} appears` : undefined;
}

interface Drafted {
	document: string;
	checks: Finding[];
	generalisedBy?: string;
	/** An update's target as it is now. */
	base?: string;
}

function errorCount(findings: readonly Finding[]): number {
	return findings.filter(finding => finding.severity === 'error').length;
}

/**
 * Drafts one proposal: the deterministic text, then — if a model is given — the reworded text,
 * kept only if it checks no worse than the deterministic one.
 */
async function draftProposal(placement: Placement, name: string, findings: SessionFindings, source: DraftSource, request: DistilRequest, notes: string[]): Promise<Drafted> {
	const { library, placement: lifecyclePlacement } = request;
	const base = placement.action === 'update' && placement.target ? library.text(placement.target.file) : undefined;
	const render = (lessons: readonly Lesson[], description?: string): Drafted => {
		if (placement.action === 'memory') {
			return { document: renderMemory(lessons, source), checks: [] };
		}
		if (placement.target && base !== undefined) {
			const target = placement.target;
			const document = mergeLessons(base, lessons, source);
			return { document, checks: library.checkAsIf(target.file, target.root, document, target.sidecars), base };
		}
		const root = library.newSkillRoot ?? { path: request.stagingDir, label: path.basename(request.stagingDir), scope: 'project' as const };
		const document = renderNewSkill({
			name, description: description ?? proposeDescription(name, lessons, symptomOf(findings.triggers)), lessons, source, placement: lifecyclePlacement,
			task: findings.firstPrompt ? quoteOf(findings.firstPrompt) : undefined,
		});
		return { document, checks: library.checkAsIf(path.join(root.path, name, skillFileName), root, document, []) };
	};
	const deterministic = render(placement.lessons);
	if (!request.model || placement.action === 'memory') {
		return deterministic;
	}
	const description = placement.action === 'create' ? proposeDescription(name, placement.lessons, symptomOf(findings.triggers)) : undefined;
	const answer = await generalise(request.model, { description, lessons: placement.lessons.map(lesson => lesson.text) }, request.signal);
	if (!answer.ok) {
		notes.push(`${answer.reason}; the deterministic draft was kept.`);
		return deterministic;
	}
	const reworded = render(placement.lessons.map((lesson, index) => ({ ...lesson, text: answer.value.lessons[index] })), answer.value.description);
	if (errorCount(reworded.checks) > errorCount(deterministic.checks)) {
		notes.push(`${request.model.name}'s wording failed the checks (${reworded.checks.filter(check => check.severity === 'error').map(check => check.rule).join(', ')}); the deterministic draft was kept.`);
		return deterministic;
	}
	return { ...reworded, generalisedBy: request.model.name };
}

/**
 * Distils one session: streams its events through the trigger detector, places the lessons
 * against the library, drafts and checks each proposal, and writes it to the staging folder.
 * A session without triggers writes nothing.
 */
export async function distilSession(request: DistilRequest): Promise<DistilOutcome> {
	const reader = await openSession(request.transcript, request.agent);
	const detector = new TriggerDetector(file => displayPathFor(reader.cwd)(file));
	let events = 0;
	for await (const event of reader.events()) {
		detector.push(redactEvent(event));
		if (++events % 5000 === 0) {
			request.onProgress?.(events);
			if (request.signal?.aborted) {
				throw new DistilCancelled();
			}
		}
	}
	request.onProgress?.(events);
	const findings = detector.finish();
	const session = { agent: reader.agent, id: reader.id, path: request.transcript };
	const outcome: DistilOutcome = { session, triggers: findings.triggers, proposals: [], problems: reader.problems, notes: [], counts: findings.counts };
	if (findings.triggers.length === 0) {
		outcome.notes.push('Nothing worth distilling in this session: no correction, rejection, interrupt, repeated error, workaround or skill written. Nothing was written.');
		return outcome;
	}
	const skills = request.library.skills();
	const placements = placeLessons(findings, skills, reader.cwd);
	if (placements.length === 0) {
		outcome.notes.push(`${plural(findings.triggers.length, 'trigger')} found, but no lesson could be drawn from ${findings.triggers.length === 1 ? 'it' : 'them'} (an interrupt or a refusal with nothing said after it). Nothing was written.`);
		return outcome;
	}
	const source: DraftSource = {
		agentLabel: agentLabels[reader.agent], agent: reader.agent, sessionId: reader.id, today: request.today,
		triggers: [...new Set(findings.triggers.map(trigger => trigger.kind))],
	};
	for (const placement of placements) {
		if (request.signal?.aborted) {
			throw new DistilCancelled();
		}
		const base = placement.action === 'update' && placement.target
			? placement.target.name ?? placement.target.folderName
			: placement.action === 'memory' ? `memory-${proposeName(findings, findings.failingPrograms[0])}` : proposeName(findings, findings.failingPrograms[0]);
		const name = placement.action === 'update' ? base : unusedName(toSkillName([base]), skills, request.stagingDir);
		const drafted = await draftProposal(placement, name, findings, source, request, outcome.notes);
		const target = placement.action === 'update' && placement.target
			? placement.target.file
			: placement.action === 'memory' ? path.join(reader.cwd ?? path.dirname(request.stagingDir), memoryFileName) : null;
		const record: ProposalRecord = {
			action: placement.action, name, target, session,
			triggers: findings.triggers,
			created: new Date().toISOString(),
			reason: placement.reason,
			checks: checkRecords(drafted.checks),
			...(drafted.generalisedBy ? { generalisedBy: drafted.generalisedBy } : {}),
		};
		const dir = request.dryRun ? undefined : writeProposal(request.stagingDir, record, drafted.document, drafted.base);
		outcome.proposals.push({ dir, action: placement.action, target, name, checks: record.checks, document: drafted.document });
	}
	return outcome;
}
