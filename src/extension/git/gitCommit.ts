import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, plural } from '../../core/util/text';
import { configurationSection, SettingKey } from '../ids';

/**
 * The part of VS Code's built-in Git extension API (`vscode.git`, API version 1) that committing
 * a skill needs; the full typings live in the VS Code repository (extensions/git/src/api/git.d.ts).
 */
interface GitChange {
	readonly uri: vscode.Uri;
}

interface GitRepository {
	readonly rootUri: vscode.Uri;
	readonly state: { readonly indexChanges: readonly GitChange[] };
	add(paths: string[]): Promise<void>;
	commit(message: string): Promise<void>;
}

interface GitApi {
	getRepository(uri: vscode.Uri): GitRepository | null;
	openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtension {
	readonly enabled: boolean;
	getAPI(version: 1): GitApi;
}

export type CommitSetting = 'ask' | 'always' | 'never';

async function repositoryOf(file: vscode.Uri): Promise<GitRepository | undefined> {
	const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
	if (!extension) {
		return undefined;
	}
	const git = extension.isActive ? extension.exports : await extension.activate();
	if (!git.enabled) {
		return undefined;
	}
	const api = git.getAPI(1);
	const known = api.getRepository(file);
	if (known) {
		return known;
	}
	// A repository created after the window opened is not known to the Git extension until opened.
	const folder = vscode.workspace.getWorkspaceFolder(file);
	return folder && api.openRepository ? await api.openRepository(folder.uri) ?? undefined : undefined;
}

/**
 * Offers to commit a lifecycle change (accepting, merging, promoting a skill) through VS Code's
 * Git extension, so a team reviews skills the way it reviews code. Only the files named are
 * committed: when anything else is already staged, no commit is made and the person is told why.
 * Returns whether a commit was made.
 */
export async function offerCommit(files: readonly vscode.Uri[], message: string, log: vscode.LogOutputChannel): Promise<boolean> {
	const setting = vscode.workspace.getConfiguration(configurationSection).get<CommitSetting>(SettingKey.GitCommit) ?? 'ask';
	if (setting === 'never' || files.length === 0) {
		return false;
	}
	const repository = await repositoryOf(files[0]);
	if (!repository) {
		return false;
	}
	const ours = new Set(files.map(file => file.fsPath));
	const otherStaged = repository.state.indexChanges.filter(change => !ours.has(change.uri.fsPath));
	const subject = message.split('\n')[0];
	if (otherStaged.length > 0) {
		void vscode.window.showInformationMessage(`Not committed: ${plural(otherStaged.length, 'other change')} ${otherStaged.length === 1 ? 'is' : 'are'} staged in ${path.basename(repository.rootUri.fsPath)}. Commit them first, or commit "${subject}" yourself.`);
		return false;
	}
	if (setting === 'ask') {
		const commit = 'Commit';
		const names = [...ours].map(file => path.relative(repository.rootUri.fsPath, file)).join(', ');
		const answer = await vscode.window.showInformationMessage(`Commit "${subject}" (${names})?`, commit, 'Not Now');
		if (answer !== commit) {
			return false;
		}
	}
	try {
		await repository.add([...ours]);
		await repository.commit(message);
		log.info(`Committed "${subject}" in ${repository.rootUri.fsPath}.`);
		return true;
	} catch (error) {
		const reason = (error as { stderr?: string; message?: string }).stderr ?? errorMessage(error);
		log.error(`Commit "${subject}" failed: ${reason}`);
		void vscode.window.showErrorMessage(`The commit failed: ${reason}`);
		return false;
	}
}
