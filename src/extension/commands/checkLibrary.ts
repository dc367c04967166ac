import * as vscode from 'vscode';
import { describeCounts } from '../../core/check/findings';
import { plural } from '../../core/util/text';
import type { LibraryService } from '../library/libraryService';
import { showCheckSummary } from '../notifications';

/** Skills: Check Library — re-checks every skill and says what it found. */
export function checkLibraryCommand(library: LibraryService): () => Promise<void> {
	return async () => {
		await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the skill library…' }, () => library.rescan());
		const { skills, counts } = library.totals();
		showCheckSummary(`Checked ${plural(skills, 'skill')}: ${describeCounts(counts) ?? 'no problems'}.`, describeCounts(counts) !== undefined);
	};
}
