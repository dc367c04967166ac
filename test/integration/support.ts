import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SkillDistillerApi } from '../../src/extension';

export const extensionId = 'skill-distiller.skill-distiller';

/** The workspace folder the suite runs in (a fresh copy of test/fixtures/sample-workspace). */
export function workspaceRoot(): string {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the suite runs with a workspace folder open');
	return folder.uri.fsPath;
}

export function workspaceFile(...parts: string[]): vscode.Uri {
	return vscode.Uri.file(path.join(workspaceRoot(), ...parts));
}

/** The activated extension's API, once its first scan has been published. */
export async function extensionApi(): Promise<SkillDistillerApi> {
	const extension = vscode.extensions.getExtension<SkillDistillerApi>(extensionId);
	assert.ok(extension, `${extensionId} is installed`);
	const api = await extension.activate();
	await api.library.scanned;
	return api;
}

/** Polls until `check` returns a value other than undefined or false, or fails after `timeout` ms. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeout = 10_000): Promise<T> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const value = check();
		if (value !== undefined && value !== false) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** Our diagnostics of a file. */
export function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter(diagnostic => diagnostic.source === 'skill-distiller');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
	const code = diagnostic.code;
	return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export function rulesOf(uri: vscode.Uri): string[] {
	return diagnosticsOf(uri).map(codeOf).sort();
}

/** Closes every editor without saving, so the next test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
