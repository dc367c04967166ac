import * as path from 'node:path';
import * as vscode from 'vscode';
import { DistilCancelled, type DistilOutcome, distilSession } from '../../core/distil/distilSession';
import type { LanguageModel } from '../../core/distil/modelWriter';
import type { ProposalEntry } from '../../core/distil/proposalStore';
import { UnknownTranscriptError } from '../../core/sessions/adapters';
import { type AgentKind, agentLabels } from '../../core/sessions/sessionEvents';
import { skillFileName } from '../../core/skill/skillText';
import { isSameOrInside } from '../../core/util/paths';
import { plural, errorMessage } from '../../core/util/text';
import { CommandId, ViewId } from '../ids';
import type { LibraryService } from '../library/libraryService';
import { lifecyclePlacement, readMemoryFile } from '../settings';
import type { ProposalsTreeProvider } from '../tree/proposalsTree';
import { modelForDistillation } from './languageModel';

/** What distilling needs from the rest of the extension. */
export interface DistilContext {
	library: LibraryService;
	proposals: ProposalsTreeProvider;
	proposalsView: vscode.TreeView<ProposalEntry>;
	log: vscode.LogOutputChannel;
	/** The extension's global state: it remembers the person's consent to a language model. */
	state: vscode.Memento;
}

export interface TranscriptToDistil {
	file: string;
	agent?: AgentKind;
	/** The folder the session ran in, to pick the workspace folder whose staging folder receives the proposals. */
	cwd?: string;
}

/** Where a session's proposals go: the workspace folder it ran in (else the first one) and that folder's staging folder. */
export interface Destination {
	folder: vscode.WorkspaceFolder;
	stagingDir: string;
}

/**
 * Where a transcript's proposals go; undefined, with the reason shown, in an untrusted workspace
 * (`untrusted` is the warning) or when no folder is open.
 */
export function destinationFor(library: LibraryService, transcript: TranscriptToDistil, untrusted: string): Destination | undefined {
	if (!vscode.workspace.isTrusted) {
		void vscode.window.showWarningMessage(untrusted);
		return undefined;
	}
	const folders = vscode.workspace.workspaceFolders ?? [];
	const folder = folders.find(candidate => transcript.cwd !== undefined && isSameOrInside(candidate.uri.fsPath, transcript.cwd)) ?? folders[0];
	if (!folder) {
		void vscode.window.showWarningMessage('Open a folder first: proposals are written to its staging folder for review.');
		return undefined;
	}
	return { folder, stagingDir: path.join(folder.uri.fsPath, library.stagingFolder) };
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
 * Runs the distiller on one transcript with progress shown (cancellable), with the request a
 * distillation and a brief share: the library, the destination's staging folder, and the memory
 * file of its workspace folder. Undefined when cancelled, or when the transcript cannot be read
 * (the reason is shown).
 */
export async function distilWithProgress(context: DistilContext, transcript: TranscriptToDistil, destination: Destination, options: { title: string; model?: LanguageModel; dryRun?: boolean }): Promise<DistilOutcome | undefined> {
	const { library, log } = context;
	await library.scanned;
	try {
		return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true }, (progress, token) => {
			const abort = new AbortController();
			token.onCancellationRequested(() => abort.abort());
			return distilSession({
				transcript: transcript.file,
				agent: transcript.agent,
				library: library.distilLibrary(),
				stagingDir: destination.stagingDir,
				workspace: destination.folder.uri.fsPath,
				memoryFile: readMemoryFile(destination.folder.uri),
				today: library.config.today,
				placement: lifecyclePlacement(library.config.profile),
				model: options.model,
				dryRun: options.dryRun,
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
}

/**
 * Distils one transcript, using a language model only as the `distil.languageModel` setting and
 * the person's answer allow, writes the proposals to the staging folder, and shows them in the
 * Proposals view. Returns the outcome, or undefined when nothing was distilled (cancelled,
 * unreadable, untrusted).
 */
export async function runDistillation(context: DistilContext, transcript: TranscriptToDistil): Promise<DistilOutcome | undefined> {
	const destination = destinationFor(context.library, transcript, 'Skill Distiller writes no proposals in an untrusted workspace. Trust the workspace to distil sessions.');
	if (!destination) {
		return undefined;
	}
	const choice = await modelForDistillation(context.state);
	const outcome = await distilWithProgress(context, transcript, destination, { title: `Distilling ${path.basename(transcript.file)}`, model: choice.model });
	if (!outcome) {
		return undefined;
	}
	if (choice.note) {
		outcome.notes.push(choice.note);
	}
	logOutcome(context.log, outcome);
	await presentOutcome(context, outcome);
	return outcome;
}

/** Shows proposals just written: checks their drafts, lists them in the Proposals view and selects the first, which it returns. */
export async function showProposals({ library, proposals, proposalsView }: Pick<DistilContext, 'library' | 'proposals' | 'proposalsView'>, written: readonly { dir?: string; action: string }[]): Promise<ProposalEntry | undefined> {
	for (const proposal of written) {
		if (proposal.dir && proposal.action !== 'memory') {
			await library.reloadSkill(path.join(proposal.dir, skillFileName));
		}
	}
	proposals.refresh();
	const first = written[0]?.dir ? proposals.entryFor(written[0].dir) : undefined;
	if (first) {
		await vscode.commands.executeCommand(`${ViewId.Proposals}.focus`);
		await proposalsView.reveal(first, { select: true, focus: false });
	}
	return first;
}

async function presentOutcome({ library, proposals, proposalsView }: DistilContext, outcome: DistilOutcome): Promise<void> {
	const skipped = outcome.problems.length > 0 ? ` ${plural(outcome.problems.length, 'unreadable line')} ${outcome.problems.length === 1 ? 'was' : 'were'} skipped (see the Skill Distiller output).` : '';
	if (outcome.proposals.length === 0) {
		void vscode.window.showInformationMessage(`${outcome.notes.join(' ')}${skipped}`);
		return;
	}
	const first = await showProposals({ library, proposals, proposalsView }, outcome.proposals);
	const described = outcome.proposals.map(proposal => `${proposal.action === 'update' ? `an update of ${proposal.name}` : proposal.action === 'memory' ? 'a memory entry' : `the new skill ${proposal.name}`}`);
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
