import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SkillCase } from '../../src/core/apprentice/cases';
import { type DistilLibrary, type DistilOutcome, distilSession } from '../../src/core/distil/distilSession';
import { checkLabels, isChatExport, transcriptText } from './labelCheck';
import type { LabelSet } from './labelSets';
import { type Detection, requestLineOf, requestStartLines, scoreSession, type SessionScore } from './score';

/** The date and placement every run uses, so two runs of the same distiller print the same proposals. */
const today = '2026-11-30';

const emptyLibrary: DistilLibrary = { skills: () => [], text: () => '', checkAsIf: () => Promise.resolve([]) };

export interface ProposalResult {
	action: string;
	target: string | null;
	name: string;
	checks: number;
	document: string;
	/** The apprentice cases written beside it (evals/cases.json). */
	cases: SkillCase[];
}

export interface SessionResult {
	set: LabelSet;
	score: SessionScore;
	proposals: ProposalResult[];
	notes: string[];
	/** Lines of the transcript the reader could not read. */
	problems: number;
	/** Where the labels disagree with the transcript. */
	labelProblems: string[];
	/** Arrays the distiller's outcome will carry after its rewrite; undefined while it does not. */
	episodes?: number;
	noted?: number;
	seconds: number;
}

/** The length of an array the outcome may carry, read without assuming its type has the field. */
function countOf(outcome: DistilOutcome, key: string): number | undefined {
	const value: unknown = Reflect.get(outcome, key);
	return Array.isArray(value) ? value.length : undefined;
}

/**
 * The outcome's triggers as detections. In a Copilot chat export every event of a request
 * carries the request's opening line, which is also what the labels give; lines are snapped to
 * it anyway so a reader that pointed inside the request would still be scored by request.
 */
function detectionsOf(outcome: DistilOutcome, requestStarts: readonly number[] | undefined): Detection[] {
	return outcome.triggers.map(trigger => ({
		kind: trigger.kind,
		summary: trigger.summary,
		evidence: trigger.evidence.map(evidence => ({
			line: requestStarts && evidence.file === undefined ? requestLineOf(requestStarts, evidence.line) : evidence.line,
			quote: evidence.quote,
			...(evidence.file !== undefined ? { file: evidence.file } : {}),
		})),
	}));
}

/** Distils one labelled session in-process (a dry run into a temporary staging folder) and scores it. */
export async function runSession(set: LabelSet): Promise<SessionResult> {
	const started = Date.now();
	const text = await transcriptText(set.transcript);
	const stagingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'distil-eval-'));
	let outcome: DistilOutcome;
	try {
		outcome = await distilSession({ transcript: set.transcript, library: emptyLibrary, stagingDir, today, placement: 'topLevel', dryRun: true });
	} finally {
		fs.rmSync(stagingDir, { recursive: true, force: true });
	}
	const starts = isChatExport(set.transcript) ? requestStartLines(text) : undefined;
	return {
		set,
		score: scoreSession(set.labels, detectionsOf(outcome, starts)),
		proposals: outcome.proposals.map(proposal => ({
			action: proposal.action, target: proposal.target, name: proposal.name, checks: proposal.checks.length, document: proposal.document, cases: proposal.cases,
		})),
		notes: outcome.notes,
		problems: outcome.problems.length,
		labelProblems: checkLabels(set, text),
		episodes: countOf(outcome, 'episodes'),
		noted: countOf(outcome, 'noted'),
		seconds: (Date.now() - started) / 1000,
	};
}
