import * as vscode from 'vscode';

/** Opens a file with a 1-based line selected: where "Go to the original section" leads. */
export function goToLineCommand(): (uri: vscode.Uri, line: number) => Thenable<unknown> {
	return (uri, line) => vscode.window.showTextDocument(uri, { selection: new vscode.Range(line - 1, 0, line - 1, 0) });
}
