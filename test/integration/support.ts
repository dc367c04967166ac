import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SkillDistillerApi } from '../../src/extension';
import { ruleOfDiagnostic } from '../../src/extension/diagnostics/diagnosticsPublisher';

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
	return vscode.languages.getDiagnostics(uri).filter(diagnostic => ruleOfDiagnostic(diagnostic) !== undefined);
}

/** The rule of one of our diagnostics. */
export function codeOf(diagnostic: vscode.Diagnostic): string {
	return ruleOfDiagnostic(diagnostic) ?? '';
}

export function rulesOf(uri: vscode.Uri): string[] {
	return diagnosticsOf(uri).map(codeOf).sort();
}

/** Closes every editor without saving, so the next test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export interface ShownMessage {
	severity: 'information' | 'warning' | 'error';
	text: string;
	/** A modal message's detail. */
	detail?: string;
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/** A message's buttons as VS Code is given them: strings or `MessageItem`s, after the options, if any. */
function buttonsOf(rest: readonly unknown[]): { title: string; item: unknown }[] {
	return rest.flatMap((item): { title: string; item: unknown }[] => typeof item === 'string' ? [{ title: item, item }]
		: typeof item === 'object' && item !== null && 'title' in item && typeof item.title === 'string' ? [{ title: item.title, item }] : []);
}

/**
 * Runs `action` and returns what it showed the person in notifications (information, warning
 * and error messages, modal ones included). `answer` names the button to click on a message;
 * without it, or when it returns undefined, the message is closed unanswered. The extension and
 * this suite share one `vscode` API object, so the notifications are the ones it really shows.
 */
export async function shownWhile<T>(action: () => Thenable<T> | Promise<T>, answer?: (message: ShownMessage) => string | undefined): Promise<{ result: T; shown: ShownMessage[] }> {
	const window = vscode.window as unknown as Record<string, Show>;
	const shown: ShownMessage[] = [];
	const originals = new Map<string, Show>();
	for (const severity of ['information', 'warning', 'error'] as const) {
		const name = `show${severity[0].toUpperCase()}${severity.slice(1)}Message`;
		originals.set(name, window[name]);
		window[name] = (text: string, ...rest: unknown[]) => {
			const options = rest[0];
			const detail = typeof options === 'object' && options !== null && 'detail' in options && typeof options.detail === 'string' ? options.detail : undefined;
			const message: ShownMessage = detail === undefined ? { severity, text } : { severity, text, detail };
			shown.push(message);
			const title = answer?.(message);
			return Promise.resolve(buttonsOf(rest).find(button => button.title === title)?.item);
		};
	}
	try {
		return { result: await action(), shown };
	} finally {
		for (const [name, original] of originals) {
			window[name] = original;
		}
	}
}

/**
 * Runs `action` with VS Code's file watcher excluding `glob` (`files.watcherExclude`), so changes
 * made on disk there reach the extension only when it reads the disk itself.
 */
export async function unwatched<T>(glob: string, action: () => Promise<T>): Promise<T> {
	const files = vscode.workspace.getConfiguration('files');
	await files.update('watcherExclude', { [glob]: true }, vscode.ConfigurationTarget.Workspace);
	// The watcher restarts with the new exclusions shortly after the setting changes.
	await new Promise(resolve => setTimeout(resolve, 1000));
	try {
		return await action();
	} finally {
		await files.update('watcherExclude', undefined, vscode.ConfigurationTarget.Workspace);
	}
}

/** Waits long enough for a file watcher to have reported a change, had anything been watching. */
export function watcherDelay(): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, 2000));
}
