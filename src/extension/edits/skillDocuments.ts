import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckConfig } from '../../core/check/config';
import { type FixContext, fixContext } from '../../core/fixes/fixContext';
import type { SkillFolder } from '../../core/fixes/fixPlan';
import { writeRefusal } from '../../core/util/writeSafety';
import { currentText } from './workspaceEdits';

/**
 * A skill folder read as VS Code sees it (open documents first), inside the library only: a
 * sidecar behind a symbolic link reads as absent, so nothing it points at is carried into the
 * library and the fix that would write it is refused (`writesRefusal`).
 */
export function folderOf(skillFile: string, root: string): SkillFolder {
	const dir = path.dirname(skillFile);
	return {
		read: relative => {
			const file = path.join(dir, relative);
			return writeRefusal(root, file) === undefined ? currentText(vscode.Uri.file(file)) : undefined;
		},
	};
}

/** An open SKILL.md as the fixes see it: its text now, parsed, and its folder. */
export function contextOf(document: vscode.TextDocument, config: CheckConfig, root: string): FixContext {
	return fixContext(document.getText(), path.basename(path.dirname(document.uri.fsPath)), config, folderOf(document.uri.fsPath, root));
}

/** Why a fix that writes SKILL.md and these sidecars (relative to its folder) must not be applied, if it must not. */
export function writesRefusal(root: string, skillFile: string, sidecars: Iterable<string>): string | undefined {
	return [skillFile, ...[...sidecars].map(relative => path.join(path.dirname(skillFile), relative))]
		.map(file => writeRefusal(root, file))
		.find(reason => reason !== undefined);
}
