import * as path from 'node:path';
import * as vscode from 'vscode';
import { claudeCodeLinkFor, createClaudeCodeLink, removeClaudeCodeLink } from '../../core/library/claudeLink';
import { skillFileName } from '../../core/skill/skillText';
import type { LibraryService } from '../library/libraryService';

/**
 * Make visible to Claude Code — the quick fix of `unseen-by-claude-code`: links a skill of
 * `.agents/skills` into `.claude/skills` with a relative symbolic link, refused when something is
 * there already; the message that says so offers Undo, which removes the link if it is still ours.
 */
export function makeVisibleToClaudeCodeCommand(library: LibraryService): (uri?: vscode.Uri) => Promise<string | undefined> {
	return async uri => {
		const file = uri instanceof vscode.Uri ? uri.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
		if (!vscode.workspace.isTrusted || file === undefined || path.basename(file) !== skillFileName) {
			return undefined;
		}
		const link = claudeCodeLinkFor(path.dirname(file));
		if (!link || !library.config.targets.includes('claude-code')) {
			void vscode.window.showErrorMessage('Make visible to Claude Code: the skill is not in an .agents/skills folder, or Claude Code is not among the targets.');
			return undefined;
		}
		let refused: string | undefined;
		try {
			refused = createClaudeCodeLink(link);
		} catch (error) {
			refused = `the link could not be made (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
		}
		if (refused) {
			void vscode.window.showErrorMessage(`Make visible to Claude Code: ${refused}.`);
			return undefined;
		}
		await library.linkAdded(file, path.join(link.link, skillFileName));
		const relative = vscode.workspace.asRelativePath(link.link);
		void vscode.window.showInformationMessage(`Linked ${relative} → ${link.target}: Claude Code now sees "${path.basename(link.link)}".`, 'Undo').then(choice => {
			if (choice === 'Undo' && removeClaudeCodeLink(link)) {
				void library.linkRemoved(path.join(link.link, skillFileName));
			}
		});
		return link.link;
	};
}
