import * as vscode from 'vscode';
import { describeCounts } from '../../core/check/findings';
import { FindingTally } from '../../core/library/findingTally';
import { plural } from '../../core/util/text';
import type { LibraryService } from '../library/libraryService';
import { showCheckSummary } from '../notifications';
import type { LibraryNode } from '../tree/libraryTree';
import { rereadRoot } from './refreshRoot';

/**
 * Check This Folder (on a root in the Library view): reads and checks every skill under that root
 * again (skills created or deleted on disk included), then says what the root's skills have, with
 * Show Problems. Returns the summary, or undefined when cancelled.
 */
export function checkRootCommand(library: LibraryService): (node?: LibraryNode) => Promise<string | undefined> {
	return async node => {
		if (node?.kind !== 'root' || !node.root.path) {
			void vscode.window.showInformationMessage('Choose Check This Folder on a folder of the Library view.');
			return undefined;
		}
		const { root } = node;
		const cancelled = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking ${root.label}…`, cancellable: true }, async (_progress, token) => {
			await rereadRoot(library, root, async () => true, token);
			return token.isCancellationRequested;
		});
		if (cancelled) {
			return undefined;
		}
		const tally = new FindingTally();
		for (const skill of library.groups().find(group => group.root.path === root.path)?.skills ?? []) {
			tally.set(skill.file, library.counts(skill.file));
		}
		const { files, counts } = tally.totals();
		const problems = describeCounts(counts);
		const summary = `Checked ${root.label}: ${plural(files, 'skill')}, ${problems ?? 'no problems'}.`;
		showCheckSummary(summary, problems !== undefined);
		return summary;
	};
}
