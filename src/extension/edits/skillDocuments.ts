import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckConfig } from '../../core/check/config';
import { type FixContext, fixContext } from '../../core/fixes/fixContext';
import type { SkillFolder } from '../../core/fixes/fixPlan';
import { currentText } from './workspaceEdits';

/** A skill folder read as VS Code sees it (open documents first). */
export function folderOf(skillFile: string): SkillFolder {
	const dir = path.dirname(skillFile);
	return { read: relative => currentText(vscode.Uri.file(path.join(dir, relative))) };
}

/** An open SKILL.md as the fixes see it: its text now, parsed, and its folder. */
export function contextOf(document: vscode.TextDocument, config: CheckConfig): FixContext {
	return fixContext(document.getText(), path.basename(path.dirname(document.uri.fsPath)), config, folderOf(document.uri.fsPath));
}
