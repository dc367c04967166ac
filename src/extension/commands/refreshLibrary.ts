import * as vscode from 'vscode';
import type { LibraryService } from '../library/libraryService';

/** Skills: Refresh Library — scans every root again, with progress in the window's status bar. */
export function refreshLibraryCommand(library: LibraryService): () => Thenable<void> {
	return () => vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Window, title: 'Scanning skills' },
		() => library.rescan(),
	);
}
