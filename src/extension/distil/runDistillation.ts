import * as path from 'node:path';
import * as vscode from 'vscode';
import { DistilCancelled, type DistilOutcome, distilSession } from '../../core/distil/distilSession';
import type { ProposalEntry } from '../../core/distil/proposalStore';
import { UnknownTranscriptError } from '../../core/sessions/adapters';
import { type AgentKind, agentLabels } from '../../core/sessions/sessionEvents';
import { skillFileName } from '../../core/skill/skillText';
import { isSameOrInside } from '../../core/util/paths';
import { plural, errorMessage } from '../../core/util/text';
import { CommandId, ViewId } from '../ids';
import type { LibraryService } from '../library/libraryService';
import { lifecyclePlacement, readLanguageModelSettings } from '../settings';
import type { ProposalsTreeProvider } from '../tree/proposalsTree';
import { chooseLanguageModel } from './languageModel';

/** What distilling needs from the rest of the extension. */
export interface DistilContext {
	library: LibraryService;
	proposals: ProposalsTreeProvider;
	proposalsView: vscode.TreeView<ProposalEntry>;
	log: vscode.LogOutputChannel;
}

export interface TranscriptToDistil {
	file: string;
	agent?: AgentKind;
	/** The folder the session ran in, to pick the workspace folder whose staging folder receives the proposals. */
	cwd?: string;
}

function stagingDirFor(library: LibraryService, cwd: string | undefined): string | undefined {
	const folders = vscode.workspace.workspaceFolders ?? [];
	const folder = folders.find(candidate => cwd !== undefined && isSameOrInside(candidate.uri.fsPath, cwd)) ?? folders[0];
	return folder ? path.join(folder.uri.fsPath, library.stagingFolder) : undefined;
}

function logOutcome(log: vscode.LogOutputChannel, outcome: DistilOutcome): void {
	log.info(`Distilled ${agentLabels[outcome.session.agent]} session ${outcome.session.id} (${outcome.session.path}): ${outcome.counts.events} events, ${outcome.triggers.length} triggers, ${outcome.proposals.length} proposals.`);
	for (const trigger of outcome.triggers) {
		log.info(`  ${trigger.kind}: ${trigger.summary} (lines ${trigger.evidence.map(evidence => evidence.line).join(', ')})`);
	}
	for (const proposal of outcome.proposals) {
		log.info(`  proposal: ${proposal.action} ${proposal.name} → ${proposal.dir}`);
	}
	for (const note of outcome.notes) {
		log.info(`  ${note}`);
	}
	for (const problem of outcome.problems) {
		log.warn(`  ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
	}
}

/**
 * Distils one transcript with progress shown (cancellable), writes the proposals to the staging
 * folder, and shows them in the Proposals view. Returns the outcome, or undefined when nothing
 * was distilled (cancelled, unreadable, untrusted).
 */
export async function runDistillation(context: DistilContext, transcript: TranscriptToDistil): Promise<DistilOutcome | undefined> {
	const { library, log } = context;
	if (!vscode.workspace.isTrusted) {
		void vscode.window.showWarningMessage('Skill Distiller writes no proposals in an untrusted workspace. Trust the workspace to distil sessions.');
		return undefined;
	}
	const stagingDir = stagingDirFor(library, transcript.cwd);
	if (!stagingDir) {
		void vscode.window.showWarningMessage('Open a folder first: proposals are written to its staging folder for review.');
		return undefined;
	}
	await library.scanned;
	const modelSettings = readLanguageModelSettings();
	const model = modelSettings.enabled ? await chooseLanguageModel(modelSettings.family) : undefined;
	let outcome: DistilOutcome;
	try {
		outcome = await vscode.window.withProgress({
			location: vscode.ProgressLocation.Notification,
			title: `Distilling ${path.basename(transcript.file)}`,
			cancellable: true,
		}, (progress, token) => {
			const abort = new AbortController();
			token.onCancellationRequested(() => abort.abort());
			return distilSession({
				transcript: transcript.file,
				agent: transcript.agent,
				library: library.distilLibrary(),
				stagingDir,
				today: library.config.today,
				placement: lifecyclePlacement(library.config.profile),
				model,
				signal: abort.signal,
				onProgress: events => progress.report({ message: `${events.toLocaleString('en')} events read` }),
			});
		});
	} catch (error) {
		if (error instanceof DistilCancelled) {
			return undefined;
		}
		const message = error instanceof UnknownTranscriptError ? error.message : `Could not distil ${transcript.file}: ${errorMessage(error)}`;
		log.error(message);
		void vscode.window.showErrorMessage(message);
		return undefined;
	}
	logOutcome(log, outcome);
	if (modelSettings.enabled && !model) {
		outcome.notes.push('No language model is available (is GitHub Copilot Chat installed and signed in?); the deterministic draft was kept.');
	}
	await presentOutcome(context, outcome);
	return outcome;
}

async function presentOutcome({ library, proposals, proposalsView }: DistilContext, outcome: DistilOutcome): Promise<void> {
	const skipped = outcome.problems.length > 0 ? ` ${plural(outcome.problems.length, 'unreadable line')} ${outcome.problems.length === 1 ? 'was' : 'were'} skipped (see the Skill Distiller output).` : '';
	if (outcome.proposals.length === 0) {
		void vscode.window.showInformationMessage(`${outcome.notes.join(' ')}${skipped}`);
		return;
	}
	for (const proposal of outcome.proposals) {
		if (proposal.dir && proposal.action !== 'memory') {
			await library.reloadSkill(path.join(proposal.dir, skillFileName));
		}
	}
	proposals.refresh();
	const first = outcome.proposals[0].dir ? proposals.entryFor(outcome.proposals[0].dir) : undefined;
	if (first) {
		await vscode.commands.executeCommand(`${ViewId.Proposals}.focus`);
		await proposalsView.reveal(first, { select: true, focus: false });
	}
	const described = outcome.proposals.map(proposal => `${proposal.action === 'update' ? `an update of ${proposal.name}` : proposal.action === 'memory' ? 'a memory entry' : `a new skill, ${proposal.name}`}`);
	const notes = outcome.notes.length > 0 ? ` ${outcome.notes.join(' ')}` : '';
	const review = 'Review';
	const open = 'Open Draft';
	// Not awaited: the command is done once the proposals are shown, whether or not the person answers.
	void vscode.window.showInformationMessage(`Proposed ${described.join(' and ')} from ${plural(outcome.triggers.length, 'trigger')}.${notes}${skipped}`, review, open).then(answer => {
		if (answer === review && first) {
			void vscode.commands.executeCommand(CommandId.ReviewProposals, first.dir);
		} else if (answer === open && first) {
			void vscode.window.showTextDocument(vscode.Uri.file(first.document));
		}
	});
}
