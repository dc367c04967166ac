import * as path from 'node:path';
import type { ParsedCases } from '../apprentice/cases';
import { structuredPatch } from 'diff';
import MarkdownIt from 'markdown-it';
import { checkRecords, type Finding } from '../check/findings';
import type { Evidence } from '../distil/lessons';
import type { EpisodeRecord, ProposalEntry, ProposalRecord, SessionRef } from '../distil/proposalStore';
import { provenancePattern } from '../distil/skillDraft';
import { agentLabels } from '../sessions/sessionEvents';
import { frontmatterString, parseFrontmatter } from '../skill/frontmatter';
import { skillLines } from '../skill/skillSections';
import { actionOf } from './ratify';
import type { DiffHunk, EpisodeRole, EvidenceList, ReviewEpisode, ReviewEvidence, ReviewProposal, ReviewTrigger } from './reviewProtocol';

/**
 * The review panel's view of one proposal, built on the host from the proposal on disk: the
 * evidence, the draft rendered or the diff against the skill it updates, and the checks.
 */

/**
 * Markdown to HTML for the panel. Raw HTML in the source is escaped as text (`html: false`), only
 * http(s) links become links (`javascript:`, `data:`, `file:` stay text), and images are not
 * loaded: a proposal is untrusted content.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.validateLink = url => /^https?:\/\//i.test(url.trim());
markdown.renderer.rules.image = (tokens, index) => markdown.utils.escapeHtml(`[image: ${tokens[index].content || tokens[index].attrGet('src') || ''}]`);

export function renderMarkdown(text: string): string {
	return markdown.render(text);
}

/** A draft's frontmatter as key/value pairs (nested values as YAML-ish text) and its body rendered. */
export function renderDraft(text: string): { frontmatter: [string, string][]; html: string } {
	const { lines } = skillLines(text);
	const frontmatter = parseFrontmatter(lines);
	const pairs: [string, string][] = Object.entries(frontmatter.data).map(([key, value]) => [
		key,
		frontmatterString(value) ?? (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)),
	]);
	const body = lines.slice(frontmatter.bodyStartLine - 1).filter(line => !provenancePattern.test(line)).join('\n');
	return { frontmatter: pairs, html: renderMarkdown(body) };
}

/** The changes from one text to another as hunks with line numbers, through the `diff` library. */
export function diffHunks(before: string, after: string): DiffHunk[] {
	const patch = structuredPatch('current', 'proposed', before, after, undefined, undefined, { context: 3 });
	return patch.hunks.map(hunk => {
		let oldLine = hunk.oldStart;
		let newLine = hunk.newStart;
		return {
			header: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
			lines: hunk.lines.filter(line => !line.startsWith('\\')).map(line => {
				const text = line.slice(1);
				if (line.startsWith('+')) {
					return { kind: 'add' as const, newLine: newLine++, text };
				}
				if (line.startsWith('-')) {
					return { kind: 'remove' as const, oldLine: oldLine++, text };
				}
				return { kind: 'context' as const, oldLine: oldLine++, newLine: newLine++, text };
			}),
		};
	});
}

/** A transcript line as the panel shows it: where it is in words ("line 12", "agent-a1.jsonl:40"), not the file. */
function reviewEvidence(evidence: Evidence): ReviewEvidence {
	return { line: evidence.line, quote: evidence.quote, where: evidence.file ? `${path.basename(evidence.file)}:${evidence.line}` : `line ${evidence.line}` };
}

function lineKey(evidence: Evidence): string {
	return `${evidence.file ?? ''}:${evidence.line}`;
}

/**
 * An episode's lines in the order the panel tells it: the symptom, what did not help, the way
 * past it the person rejected, the agent's diagnosis, what resolved it and the passing run, and
 * the person's words. A line is told once: a step that resolved the failure is no attempt that
 * did not help, and words that rejected a way past it are not repeated among the person's words.
 * The host finds the line an `openTranscript` names by its index in this list.
 */
export function episodeLines(episode: EpisodeRecord): { role: EpisodeRole; evidence: Evidence }[] {
	const resolving = new Set(episode.resolution?.steps.map(lineKey));
	const lines: { role: EpisodeRole; evidence: Evidence | undefined }[] = [
		{ role: 'symptom', evidence: episode.symptom },
		...episode.attempts.filter(attempt => !resolving.has(lineKey(attempt))).map(evidence => ({ role: 'attempt' as const, evidence })),
		{ role: 'rejected', evidence: episode.rejected },
		{ role: 'diagnosis', evidence: episode.diagnosis },
		...(episode.resolution?.steps ?? []).map(evidence => ({ role: 'resolution' as const, evidence })),
		{ role: 'passed', evidence: episode.resolution?.passed },
		...episode.personWords.map(evidence => ({ role: 'person' as const, evidence })),
	];
	const told = new Set<string>();
	return lines.filter((line): line is { role: EpisodeRole; evidence: Evidence } => {
		const key = line.evidence && `${lineKey(line.evidence)}:${line.evidence.quote}`;
		if (key === undefined || told.has(key)) {
			return false;
		}
		told.add(key);
		return true;
	});
}

/** The line of evidence an `openTranscript` message names, by the indexes the panel was given. */
export function evidenceAt(record: ProposalRecord, list: EvidenceList, item: number, index: number): Evidence | undefined {
	switch (list) {
		case 'triggers':
			return record.triggers[item]?.evidence[index];
		case 'episodes': {
			const episode = record.episodes?.[item];
			return episode && episodeLines(episode)[index]?.evidence;
		}
		case 'noted':
			return record.noted?.[item]?.evidence[index];
	}
}

/** The session an item of the Evidence step's lists is in: its own for a proposal resting on several, else the proposal's. */
export function sessionAt(record: ProposalRecord, list: EvidenceList, item: number): SessionRef {
	const id = list === 'episodes' ? record.episodes?.[item]?.session : list === 'triggers' ? record.triggers[item]?.session : undefined;
	return record.sessions?.find(session => session.id === id) ?? record.session;
}

/** "Claude Code session dc7e9081", for an item of a proposal resting on several sessions. */
function sessionLabelOf(record: ProposalRecord | undefined, id: string | undefined): string | undefined {
	const session = id === undefined || (record?.sessions?.length ?? 0) < 2 ? undefined : record?.sessions?.find(candidate => candidate.id === id);
	return session && `${agentLabels[session.agent]} session ${session.id.length > 12 ? session.id.slice(0, 8) : session.id}`;
}

/** The Evidence step's lists: the episodes, the triggers (marked when an episode shows all their lines) and what was noted. */
function evidenceOf(record: ProposalRecord | undefined): Pick<ReviewProposal, 'triggers' | 'episodes' | 'noted'> {
	const told = (record?.episodes ?? []).map(episode => ({ episode, lines: episodeLines(episode) }));
	const episodes: ReviewEpisode[] = told.map(({ episode, lines }) => ({
		check: episode.check,
		resolved: episode.resolution !== undefined,
		lines: lines.map(({ role, evidence }) => ({ role, ...reviewEvidence(evidence) })),
		...(sessionLabelOf(record, episode.session) ? { sessionLabel: sessionLabelOf(record, episode.session) } : {}),
	}));
	// A line is the same line only in the same session.
	const shown = new Set(told.flatMap(({ episode, lines }) => lines.map(line => `${episode.session ?? ''}:${lineKey(line.evidence)}`)));
	const triggers: ReviewTrigger[] = (record?.triggers ?? []).map(trigger => ({
		kind: trigger.kind,
		summary: trigger.summary,
		evidence: trigger.evidence.map(reviewEvidence),
		inEpisode: trigger.evidence.length > 0 && trigger.evidence.every(evidence => shown.has(`${trigger.session ?? ''}:${lineKey(evidence)}`)),
		...(sessionLabelOf(record, trigger.session) ? { sessionLabel: sessionLabelOf(record, trigger.session) } : {}),
	}));
	const noted = (record?.noted ?? []).map(item => ({ summary: item.summary, why: item.why, evidence: item.evidence.map(reviewEvidence) }));
	return { triggers, episodes, noted };
}

export interface ProposalView {
	entry: ProposalEntry;
	/** The proposal's document as it is now (the open editor's text, when it is open). */
	document: string;
	/** For an update: the target as it is now, and the text merging would write (or why it cannot). */
	update?: { current: string; merged?: string; conflict?: string; base?: string };
	checks: readonly Finding[];
	/** The proposal's apprentice cases as they are now (the open editor's text, when it is open). */
	cases?: ParsedCases;
	roots: { label: string; path: string }[];
	/** How a path is shown to the person (relative to the workspace). */
	displayPath(file: string): string;
	/** For an update: how agents used the target skill. */
	usage?: ReviewProposal['usage'];
}

/** Everything the panel shows about one proposal. */
export function reviewProposal(view: ProposalView): ReviewProposal {
	const { entry } = view;
	const record = entry.record;
	const action = actionOf(entry);
	const proposal: ReviewProposal = {
		id: entry.dir,
		name: record?.name ?? entry.name,
		action,
		targetLabel: record?.target ? (action === 'update' ? `${path.basename(path.dirname(record.target))} (${view.displayPath(record.target)})` : view.displayPath(record.target)) : undefined,
		source: record
			? { agent: agentLabels[record.session.agent], session: record.session.id, created: record.created.slice(0, 10), transcript: view.displayPath(record.session.path), sessions: Math.max(1, record.sessions?.length ?? 1) }
			: { agent: 'a person', session: '', created: '', transcript: '', sessions: 0 },
		...(view.usage && action === 'update' ? { usage: view.usage } : {}),
		reason: record?.reason ?? (entry.problem ? '' : 'Written by hand in the staging folder.'),
		...evidenceOf(record),
		checks: checkRecords(view.checks),
		cases: view.cases?.cases ?? [],
		casesProblems: view.cases?.problems.map(problem => (problem.line ? `line ${problem.line}: ${problem.message}` : problem.message)) ?? [],
		roots: view.roots,
		problem: entry.problem,
	};
	if (view.update) {
		const { current, merged, conflict, base } = view.update;
		if (merged !== undefined) {
			const hunks = diffHunks(current, merged);
			proposal.diff = {
				hunks,
				added: hunks.reduce((sum, hunk) => sum + hunk.lines.filter(line => line.kind === 'add').length, 0),
				removed: hunks.reduce((sum, hunk) => sum + hunk.lines.filter(line => line.kind === 'remove').length, 0),
				changedSinceProposed: base !== undefined && base !== current,
			};
		}
		proposal.conflict = conflict;
	} else {
		proposal.draft = renderDraft(view.document);
	}
	return proposal;
}
