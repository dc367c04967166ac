import * as vscode from 'vscode';
import { DistilCancelled } from '../../core/distil/distilSession';
import type { DigestCache } from '../../core/recent/digestCache';
import { defaultRecentCount, distilRecent, type RecentOutcome } from '../../core/recent/distilRecent';
import { errorMessage, plural } from '../../core/util/text';
import { type DistilContext, destinationFor, showProposals } from '../distil/runDistillation';
import { CommandId } from '../ids';
import { lifecyclePlacement, readMemoryFile } from '../settings';
import { workspaceStorageOf } from '../usage/usageService';

/** What a caller (a test, another extension) may answer in advance instead of being asked. */
export interface DistilRecentOptions {
	/** How many of the newest sessions. */
	count?: number;
	/** Only sessions changed in the last this many days. */
	days?: number;
}

interface RangePick extends vscode.QuickPickItem {
	range: DistilRecentOptions;
}

const ranges: RangePick[] = [
	{ label: `The last ${defaultRecentCount} sessions`, range: { count: defaultRecentCount } },
	{ label: 'The last 50 sessions', range: { count: 50 } },
	{ label: 'The last 7 days', range: { days: 7 } },
	{ label: 'The last 30 days', range: { days: 30 } },
];

/**
 * Skills: Distil Recent Sessions… — reads the workspace's recent sessions of every agent together
 * (with progress, cancellable), groups what recurs across them, and writes one proposal per
 * problem to the staging folder, shown in the Proposals view with the sessions it rests on.
 */
export function distilRecentSessionsCommand(context: DistilContext, storageUri: vscode.Uri | undefined, openCache: () => { cache: DigestCache; close: () => void }, afterRun: () => void): (options?: DistilRecentOptions) => Promise<RecentOutcome | undefined> {
	return async (options = {}) => {
		const destination = destinationFor(context.library, { file: '' }, 'Skill Distiller writes no proposals in an untrusted workspace. Trust the workspace to distil sessions.');
		if (!destination) {
			return undefined;
		}
		const range = options.count !== undefined || options.days !== undefined
			? options
			: (await vscode.window.showQuickPick(ranges, { title: 'Distil Recent Sessions', placeHolder: 'Which sessions to read together (every agent\'s, newest first)' }))?.range;
		if (!range) {
			return undefined;
		}
		const { library, log } = context;
		await library.scanned;
		let outcome: RecentOutcome;
		const { cache, close } = openCache();
		try {
			outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Distilling recent sessions', cancellable: true }, (progress, token) => {
				const abort = new AbortController();
				token.onCancellationRequested(() => abort.abort());
				return distilRecent({
					workspace: destination.folder.uri.fsPath,
					homes: { vscodeWorkspaceStorage: workspaceStorageOf(storageUri) },
					count: range.count,
					since: range.days === undefined ? undefined : Date.now() - range.days * 86_400_000,
					cache,
					concurrency: 3,
					library: library.distilLibrary(),
					stagingDir: destination.stagingDir,
					today: library.config.today,
					placement: lifecyclePlacement(library.config.profile),
					memoryFile: readMemoryFile(destination.folder.uri),
					signal: abort.signal,
					onProgress: (done, total) => progress.report({ message: `${done} of ${plural(total, 'session')} read`, increment: 100 / total }),
				});
			});
		} catch (error) {
			if (error instanceof DistilCancelled) {
				return undefined;
			}
			const message = `Could not distil the recent sessions: ${errorMessage(error)}`;
			log.error(message);
			void vscode.window.showErrorMessage(message);
			return undefined;
		} finally {
			close();
		}
		afterRun();
		log.info(`Distilled ${plural(outcome.sessions.length, 'recent session')} of ${outcome.workspace} (${outcome.read} read, ${outcome.cached} from the cache): ${plural(outcome.proposals.length, 'proposal')}.`);
		for (const proposal of outcome.proposals) {
			log.info(`  proposal: ${proposal.action} ${proposal.name} from ${plural(proposal.sessions.length, 'session')} (${proposal.sessions.join(', ')}) → ${proposal.dir}`);
		}
		for (const line of [...outcome.notes, ...outcome.problems]) {
			log.info(`  ${line}`);
		}
		await present(context, outcome);
		return outcome;
	};
}

async function present(context: DistilContext, outcome: RecentOutcome): Promise<void> {
	if (outcome.proposals.length === 0) {
		void vscode.window.showInformationMessage(outcome.notes.join(' ') || `Nothing to propose from ${plural(outcome.sessions.length, 'session')}.`);
		return;
	}
	const first = await showProposals(context, outcome.proposals);
	const recurring = outcome.proposals.filter(proposal => proposal.sessions.length > 1).length;
	const review = 'Review';
	void vscode.window.showInformationMessage(`Proposed ${plural(outcome.proposals.length, 'lesson group', 'lesson groups')} from ${plural(outcome.sessions.length, 'session')}${recurring > 0 ? `, ${recurring} seen in several sessions` : ''}.`, review).then(answer => {
		if (answer === review && first) {
			void vscode.commands.executeCommand(CommandId.ReviewProposals, first.dir);
		}
	});
}
