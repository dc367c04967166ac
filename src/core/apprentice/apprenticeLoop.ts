import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkRecords } from '../check/findings';
import { type DistilLibrary, type DistilOutcome, distilSession } from '../distil/distilSession';
import type { Lesson } from '../distil/lessons';
import { type ProposalRecord, readLedger, recordDistilled, writeProposal } from '../distil/proposalStore';
import { mergeLessons } from '../distil/skillDraft';
import { redactSecrets } from '../secrets/redact';
import type { AgentKind } from '../sessions/sessionEvents';
import type { LifecyclePlacement } from '../skill/scaffold';
import { skillFileName } from '../skill/skillText';
import { errorMessage } from '../util/text';
import type { SkillCase } from './cases';
import type { ApprenticeSkill, CaseResult } from './runApprentice';

/**
 * The mentor's revision: when the apprentice fails a case, what it did is turned into an update
 * proposal for the skill, reviewed like any other. When the agent left a session transcript in
 * its temporary home, that transcript is distilled against the skill; when there is only its
 * output (or distillation finds nothing), the proposal is the failing case itself — the task,
 * what the check said, the apprentice's answer — for a person to fill in what was tacit.
 */

export interface RevisionRequest {
	skill: ApprenticeSkill;
	item: SkillCase;
	result: CaseResult;
	agentCommand: string;
	stagingDir: string;
	today: string;
	placement: LifecyclePlacement;
	/** The library the skill is in, for distilling the apprentice's session and checking the proposal; without one, the proposal is unchecked. */
	library?: DistilLibrary;
	/** The skill as tested (`ApprenticeReport.fingerprint`): one proposal per failing case and version of the skill. */
	fingerprint: string;
	signal?: AbortSignal;
}

export interface Revision {
	/** The proposal folder written. */
	dir: string;
	/** distilled: from the apprentice's session; failing-case: the case to fill in; pending: proposed by an earlier run of the same skill. */
	kind: 'distilled' | 'failing-case' | 'pending';
}

/** The agent a command line runs, as far as its name says; a scripted agent counts as Claude Code's format. */
function agentOf(command: string): AgentKind {
	return /\bcodex\b/.test(command) ? 'codex' : /\bcopilot\b/.test(command) ? 'copilot-cli' : 'claude-code';
}

function oneLine(text: string, max: number): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The apprentice's own session distilled against the skill: only an update of the skill under
 * test is kept (written from a dry run), since whatever else the session shows is about a
 * throw-away copy, not about the person's project.
 */
async function distilledRevision(request: RevisionRequest, file: string, key: string): Promise<Revision | undefined> {
	if (!request.library) {
		return undefined;
	}
	for (const session of request.result.run.sessions) {
		let outcome: DistilOutcome;
		try {
			outcome = await distilSession({
				transcript: session, library: request.library, stagingDir: request.stagingDir, today: request.today, placement: request.placement,
				workspace: path.dirname(request.stagingDir), signal: request.signal, dryRun: true,
			});
		} catch {
			// A session the readers cannot take leaves the failing case to be written.
			continue;
		}
		const update = outcome.proposals.find(proposal => proposal.action === 'update' && proposal.target !== null && path.resolve(proposal.target) === path.resolve(file));
		if (!update) {
			continue;
		}
		const record: ProposalRecord = {
			action: 'update', name: request.skill.name, target: file, session: outcome.session, triggers: outcome.triggers, created: new Date().toISOString(),
			reason: `Distilled from the apprentice's own session when it failed case "${request.item.id}" (${oneLine(request.result.reason, 200)}).`,
			checks: update.checks, episodes: outcome.episodes, noted: outcome.noted,
			lessons: [{ key, section: 'Gotchas', text: `apprentice case ${request.item.id}` }],
		};
		const dir = writeProposal(request.stagingDir, record, update.document, request.library.text(file));
		recordDistilled(request.stagingDir, `apprentice:${request.skill.name}:${request.item.id}`, request.today, [{ folder: path.basename(dir), lessonKeys: [key] }]);
		return { dir, kind: 'distilled' };
	}
	return undefined;
}

/** Writes the update proposal for a failed case and returns where; undefined when the case passed. */
export async function proposeRevision(request: RevisionRequest): Promise<Revision | undefined> {
	const { skill, item, result } = request;
	if (result.passed) {
		return undefined;
	}
	const file = path.join(skill.dir, skillFileName);
	const key = `apprentice ${skill.name} ${item.id} ${request.fingerprint}`;
	const earlier = readLedger(request.stagingDir).lessons[key];
	if (earlier) {
		return { dir: path.join(request.stagingDir, earlier.proposal), kind: 'pending' };
	}
	const distilled = await distilledRevision(request, file, key);
	if (distilled) {
		return distilled;
	}
	let base: string;
	try {
		base = fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new Error(`${file} could not be read: ${errorMessage(error)}`);
	}
	const answer = oneLine(redactSecrets(result.run.answer), 240);
	const text = `The apprentice failed case \`${item.id}\` ("${oneLine(item.task, 160)}"): ${oneLine(result.reason, 240)}. TO FILL IN: what an agent needs to know here that this skill does not say.${answer ? ` Its final answer was: "${answer}"` : ''}`;
	const lesson: Lesson = { key, section: 'Gotchas', text, trigger: 'resolved-failure', evidence: [], terms: [] };
	const today = request.today;
	const document = mergeLessons(base, [lesson], { agentLabel: 'apprentice run', agent: 'apprentice', sessionId: item.id, today, triggers: ['apprentice-failure'] });
	const checks = request.library ? checkRecords(await request.library.checkAsIf(file, { path: path.dirname(skill.dir), label: path.basename(path.dirname(skill.dir)), scope: 'folder' }, document, [])) : [];
	const record: ProposalRecord = {
		action: 'update', name: skill.name, target: file,
		session: { agent: agentOf(request.agentCommand), id: `apprentice-${item.id}`, path: result.transcript },
		triggers: [], created: new Date().toISOString(),
		reason: `This is a failing apprentice case to fill in, not a lesson: a fresh agent given only ${skill.name} failed case "${item.id}" (${oneLine(result.reason, 200)}). Its transcript: ${result.transcript}. Replace the TO FILL IN line with what the agent was missing, then accept; run the apprentice again to see it pass.`,
		checks,
		lessons: [{ key: lesson.key, section: lesson.section, text: lesson.text }],
	};
	const dir = writeProposal(request.stagingDir, record, document, base);
	recordDistilled(request.stagingDir, `apprentice:${skill.name}:${item.id}`, today, [{ folder: path.basename(dir), lessonKeys: [key] }]);
	return { dir, kind: 'failing-case' };
}
