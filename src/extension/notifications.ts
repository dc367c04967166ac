import * as vscode from 'vscode';
import { BuiltinCommand } from './ids';

/**
 * Tells the user what a check found; when there is something to see, a "Show Problems" button
 * opens the Problems panel. Returns at once: the button is answered whenever it is clicked.
 */
export function showCheckSummary(summary: string, hasProblems: boolean): void {
	if (!hasProblems) {
		void vscode.window.showInformationMessage(summary);
		return;
	}
	void vscode.window.showInformationMessage(summary, 'Show Problems').then(choice => {
		if (choice === 'Show Problems') {
			void vscode.commands.executeCommand(BuiltinCommand.ShowProblems);
		}
	});
}
