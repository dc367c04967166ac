import * as vscode from 'vscode';
import type { LibraryService } from './library/libraryService';
import { plural } from '../core/util/text';

/** The library's error and warning counts in the status bar; a click opens the Problems panel. */
export class LibraryStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('skillDistiller.status', vscode.StatusBarAlignment.Left, 10);

	constructor(private readonly library: LibraryService) {
		this.item.name = 'Skill Library';
		this.item.command = 'workbench.actions.view.problems';
	}

	update(): void {
		const skills = this.library.groups().flatMap(group => group.skills);
		if (skills.length === 0) {
			this.item.hide();
			return;
		}
		const counts = { errors: 0, warnings: 0 };
		for (const skill of skills) {
			const own = this.library.counts(skill.file);
			counts.errors += own.errors;
			counts.warnings += own.warnings;
		}
		this.item.text = `$(book) ${skills.length} $(error) ${counts.errors} $(warning) ${counts.warnings}`;
		this.item.tooltip = `Skill library: ${plural(skills.length, 'skill')}, ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}. Click to open the Problems panel.`;
		this.item.show();
	}

	dispose(): void {
		this.item.dispose();
	}
}
