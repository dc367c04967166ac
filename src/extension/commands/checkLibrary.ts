import * as vscode from 'vscode';
import { describeCounts } from '../tree/libraryTree';
import type { LibraryService } from '../library/libraryService';
import { showCheckSummary } from '../notifications';
import { plural } from '../../core/util/text';

/** Skills: Check Library — re-checks every skill and says what it found. */
export function checkLibraryCommand(library: LibraryService): () => Promise<void> {
	return async () => {
		await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the skill library…' }, () => library.rescan());
		const skills = library.groups().flatMap(group => group.skills);
		const totals = { errors: 0, warnings: 0, infos: 0 };
		for (const skill of skills) {
			const counts = library.counts(skill.file);
			totals.errors += counts.errors;
			totals.warnings += counts.warnings;
			totals.infos += counts.infos;
		}
		showCheckSummary(`Checked ${plural(skills.length, 'skill')}: ${describeCounts(totals) ?? 'no problems'}.`, totals.errors + totals.warnings + totals.infos > 0);
	};
}
