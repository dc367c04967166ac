import * as vscode from 'vscode';
import { withSuppression } from '../../core/check/configEdits';
import { isFindingRule } from '../../core/rules/catalog';
import { editConfigFile } from '../edits/configFileEdit';
import type { LibraryService } from '../library/libraryService';

/**
 * Ignore <rule> in the project… — the quick fix that asks why and adds `{ rule, reason }` to the
 * `suppress` list of `.skill-distiller.json`, so the editor and `skill-distiller check` in CI stop
 * reporting the rule. A caller (a test) may give the reason. Returns whether the rule is ignored.
 */
export function ignoreRuleInProjectCommand(library: LibraryService): (rule: string, skill: vscode.Uri, reason?: string) => Promise<boolean> {
	return async (rule, skill, given) => {
		if (typeof rule !== 'string' || !isFindingRule(rule) || !(skill instanceof vscode.Uri)) {
			return false;
		}
		const reason = given ?? await vscode.window.showInputBox({
			title: `Ignore ${rule} in the project`,
			prompt: `Why ${rule} does not apply here: kept beside the suppression in .skill-distiller.json, for whoever reads it next.`,
			placeHolder: 'release notes are dated on purpose',
			validateInput: value => (value.trim() === '' ? 'A suppression needs a reason.' : undefined),
		});
		if (reason === undefined || reason.trim() === '') {
			return false;
		}
		return editConfigFile(library, skill.fsPath, `ignore ${rule} in the project`, text => withSuppression(text, { rule, reason: reason.trim() }));
	};
}
