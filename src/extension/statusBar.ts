import * as vscode from 'vscode';
import { plural } from '../core/util/text';
import { BuiltinCommand, ViewId } from './ids';
import type { LibraryService } from './library/libraryService';

/** How often the count of skills read is redrawn while a scan runs. */
const scanRedrawMs = 250;

/**
 * The library's error and warning counts in the status bar, or while a scan runs how many skills
 * it has read; a click opens the Problems panel.
 */
export class LibraryStatusBar implements vscode.Disposable {
	readonly item = vscode.window.createStatusBarItem(ViewId.StatusBar, vscode.StatusBarAlignment.Left, 10);
	private scans = 0;
	private redrawTimer: ReturnType<typeof setTimeout> | undefined;
	private readonly disposables: vscode.Disposable[];

	constructor(private readonly library: LibraryService) {
		this.item.name = 'Skill Library';
		this.item.command = BuiltinCommand.ShowProblems;
		const ended = () => {
			this.scans--;
			this.update();
		};
		this.disposables = [
			library.onDidStartScan(scan => {
				this.scans++;
				this.update();
				scan.then(ended, ended);
			}),
			library.onDidRead(() => {
				this.redrawTimer ??= setTimeout(() => {
					this.redrawTimer = undefined;
					this.update();
				}, scanRedrawMs);
			}),
		];
		this.update();
	}

	update(): void {
		if (!this.library.isScanned || this.scans > 0) {
			// One open skill counted while the scan runs would say "1 skill" of a library of thousands.
			const read = this.library.scanRead;
			this.item.text = `$(sync~spin) Scanning skills…${read > 0 ? ` ${read.toLocaleString('en-US')} so far` : ''}`;
			this.item.tooltip = `Skill library: the skill folders are being scanned${read > 0 ? `; ${plural(read, 'skill')} read so far` : ''}.`;
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
		clearTimeout(this.redrawTimer);
		vscode.Disposable.from(this.item, ...this.disposables).dispose();
	}
}
