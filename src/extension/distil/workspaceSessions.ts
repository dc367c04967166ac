import * as path from 'node:path';
import * as vscode from 'vscode';
import { findWorkspaceSessions } from '../../core/sessions/adapters';
import { agentLabels, type SessionInfo } from '../../core/sessions/sessionEvents';
import { formatAge, formatSize } from '../../core/util/units';
import type { TranscriptToDistil } from './runDistillation';

interface SessionPick extends vscode.QuickPickItem {
	session: SessionInfo;
}

/** What the picker says it is picking for. */
export interface SessionQuestion {
	title: string;
	placeHolder: string;
}

/** Said when the open folders have no recorded sessions. */
export const noSessionsMessage = 'No Claude Code, Codex, Copilot Chat or Copilot CLI sessions were found for this workspace.';

/**
 * The session a command acts on: the transcript `given` (by a test or another extension), or the
 * one picked among the agent sessions recorded for the open workspace — each agent's own rule for
 * mapping a folder to its sessions, confirmed by the recorded `cwd` — newest first. `'none'` when
 * the workspace has no sessions, for the caller to say what else can be done; undefined when
 * nothing was picked or no folder is open (said).
 */
export async function chooseSession(log: vscode.LogOutputChannel, storageUri: vscode.Uri | undefined, given: string | undefined, question: SessionQuestion): Promise<TranscriptToDistil | 'none' | undefined> {
	const folders = (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);
	if (folders.length === 0) {
		void vscode.window.showWarningMessage('Open the folder an agent worked in: its sessions are found by folder.');
		return undefined;
	}
	// The extension's own storage folder sits inside this workspace's storage, beside Copilot Chat's sessions.
	const homes = { vscodeWorkspaceStorage: storageUri ? [path.dirname(storageUri.fsPath)] : undefined };
	const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Looking for agent sessions' },
		() => Promise.all(folders.map(folder => findWorkspaceSessions(folder, homes))));
	for (const problem of found.flatMap(result => result.problems)) {
		log.warn(problem);
	}
	const sessions = found.flatMap(result => result.sessions)
		.filter((session, index, all) => all.findIndex(other => other.path === session.path) === index)
		.sort((a, b) => b.modified - a.modified);
	if (given !== undefined) {
		const known = sessions.find(session => session.path === given);
		return known ? { file: known.path, agent: known.agent, cwd: known.cwd } : { file: given };
	}
	if (sessions.length === 0) {
		return 'none';
	}
	const picked = await vscode.window.showQuickPick<SessionPick>(sessions.map(session => ({
		label: session.firstPrompt ?? '(no prompt)',
		description: `${agentLabels[session.agent]} · ${formatAge(session.modified)}`,
		detail: `${formatSize(session.size)} · ${session.path}`,
		iconPath: new vscode.ThemeIcon('comment-discussion'),
		session,
	})), { ...question, matchOnDescription: true, matchOnDetail: true });
	return picked ? { file: picked.session.path, agent: picked.session.agent, cwd: picked.session.cwd } : undefined;
}
