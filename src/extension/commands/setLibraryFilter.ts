import * as vscode from 'vscode';
import type { LibraryFilter } from '../../core/library/libraryOutline';
import type { LibraryTreeProvider } from '../tree/libraryTree';

/** The Library view's title-bar filter: all skills, drafts only, skills with errors or warnings, or skills with any finding. */
export function setLibraryFilterCommand(tree: LibraryTreeProvider, filter: LibraryFilter): () => void {
	return () => tree.setFilter(filter);
}

/**
 * Skills: Find Skill… (the Library view's title bar) — asks for part of a name and shows only
 * the skills whose name or folder holds it; an empty answer shows every name again. Returns the
 * filter now in force, or undefined when the person cancelled.
 */
export function findSkillCommand(tree: LibraryTreeProvider): (query?: string) => Promise<string | undefined> {
	return async query => {
		const answer = query ?? await vscode.window.showInputBox({
			title: 'Find Skill',
			prompt: 'Show the skills whose name contains this (any case); leave it empty to show every name.',
			placeHolder: 'deploy',
			value: tree.nameQuery,
			valueSelection: [0, tree.nameQuery.length],
		});
		if (answer === undefined) {
			return undefined;
		}
		tree.setNameQuery(answer);
		return tree.nameQuery;
	};
}

/** Clear Filter (the Library view's title bar while a filter hides skills): every skill again. */
export function clearFilterCommand(tree: LibraryTreeProvider): () => void {
	return () => {
		tree.setNameQuery('');
		tree.setFilter('all');
	};
}
