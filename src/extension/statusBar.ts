import * as vscode from 'vscode';
import { plural } from '../core/util/text';
import { BuiltinCommand, ViewId } from './ids';
import type { LibraryService } from './library/libraryService';

/** The library's error and warning counts in the status bar; a click opens the Problems panel. */
export class LibraryStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem(ViewId.StatusBar, vscode.StatusBarAlignment.Left, 10);

	constructor(private readonly library: LibraryService) {
		this.item.name = 'Skill Library';
		this.item.command = BuiltinCommand.ShowProblems;
		this.update();
	}

	update(): void {
		if (!this.library.isScanned) {
			// One open skill counted while the scan runs would say "1 skill" of a library of thousands.
			this.item.text = '$(sync~spin) Scanning skills…';
			this.item.tooltip = 'Skill library: the skill folders are being scanned.';
			this.item.show();
			return;
		}
		const { skills, counts } = this.library.totals();
		if (skills === 0) {
			this.item.hide();
			return;
		}
		this.item.text = `$(book) ${skills} $(error) ${counts.errors} $(warning) ${counts.warnings}`;
		this.item.tooltip = `Skill library: ${plural(skills, 'skill')}, ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}. Click to open the Problems panel.`;
		this.item.show();
	}

	dispose(): void {
		this.item.dispose();
	}
}
