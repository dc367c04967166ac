import * as path from 'node:path';
import * as vscode from 'vscode';
import { withDistinctPair } from '../../core/check/configEdits';
import { qualifiedName } from '../../core/skill/plugin';
import { editConfigFile } from '../edits/configFileEdit';
import type { LibraryService } from '../library/libraryService';

/**
 * Mark as distinct from … — the quick fix on a duplicate-description that adds the pair of skills
 * to `distinct` in `.skill-distiller.json`: a person judged that the two descriptions set the
 * skills apart, and the pair is not reported again. Returns whether the pair is marked.
 */
export function markDistinctCommand(library: LibraryService): (skill: vscode.Uri, other: vscode.Uri) => Promise<boolean> {
	return async (skill, other) => {
		if (!(skill instanceof vscode.Uri) || !(other instanceof vscode.Uri)) {
			return false;
		}
		const nameOf = (file: string) => {
			const analysis = library.skill(file);
			return (analysis && qualifiedName(analysis)) ?? path.basename(path.dirname(file));
		};
		const pair: [string, string] = [nameOf(skill.fsPath), nameOf(other.fsPath)];
		return editConfigFile(library, skill.fsPath, `mark ${pair[0]} and ${pair[1]} as distinct`, text => withDistinctPair(text, pair));
	};
}
