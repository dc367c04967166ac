import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DistilOutcome } from '../../core/distil/distilSession';
import { findWorkspaceSessions } from '../../core/sessions/adapters';
import { agentLabels, type SessionInfo } from '../../core/sessions/sessionEvents';
import { formatAge, formatSize } from '../../core/util/units';
import { type DistilContext, runDistillation } from '../distil/runDistillation';
import { CommandId } from '../ids';

interface SessionPick extends vscode.QuickPickItem {
	session: SessionInfo;
}

/** What a caller (a test, another extension) may answer in advance. */
export interface DistilSessionOptions {
	/** The transcript to distil, instead of asking. */
	session?: string;
}

/**
 * Skills: Distil This Session… — lists the agent sessions recorded for the open workspace
 * (each agent's own rule for mapping a folder to its sessions, confirmed by the recorded `cwd`),
 * newest first, and distils the one picked.
 */
export function distilSessionCommand(context: DistilContext, storageUri: vscode.Uri | undefined): (options?: DistilSessionOptions) => Promise<DistilOutcome | undefined> {
	return async (options = {}) => {
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
			context.log.warn(problem);
		}
		const sessions = found.flatMap(result => result.sessions)
			.filter((session, index, all) => all.findIndex(other => other.path === session.path) === index)
			.sort((a, b) => b.modified - a.modified);
		const given = options.session === undefined ? undefined : sessions.find(session => session.path === options.session);
		if (options.session !== undefined) {
			return runDistillation(context, given ? { file: given.path, agent: given.agent, cwd: given.cwd } : { file: options.session });
		}
		if (sessions.length === 0) {
			const pick = 'Distil Transcript File…';
			const answer = await vscode.window.showInformationMessage('No Claude Code, Codex, Copilot Chat or Copilot CLI sessions were found for this workspace.', pick);
			return answer === pick ? vscode.commands.executeCommand<DistilOutcome | undefined>(CommandId.DistilTranscriptFile) : undefined;
		}
		const picked = await vscode.window.showQuickPick<SessionPick>(sessions.map(session => ({
			label: session.firstPrompt ?? '(no prompt)',
			description: `${agentLabels[session.agent]} · ${formatAge(session.modified)}`,
			detail: `${formatSize(session.size)} · ${session.path}`,
			iconPath: new vscode.ThemeIcon('comment-discussion'),
			session,
		})), { title: 'Distil This Session', placeHolder: 'The session to distil into a proposal (newest first)', matchOnDescription: true, matchOnDetail: true });
		return picked ? runDistillation(context, { file: picked.session.path, agent: picked.session.agent, cwd: picked.session.cwd }) : undefined;
	};
}
