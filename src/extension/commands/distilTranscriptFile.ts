import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DistilOutcome } from '../../core/distil/distilSession';
import { type DistilContext, runDistillation } from '../distil/runDistillation';

/**
 * Skills: Distil Transcript File… — distils any transcript file (the agent is recognised from
 * its content); from the Explorer, the file clicked.
 */
export function distilTranscriptFileCommand(context: DistilContext): (file?: vscode.Uri) => Promise<DistilOutcome | undefined> {
	return async file => {
		const chosen = file ?? (await vscode.window.showOpenDialog({
			title: 'Distil Transcript File',
			openLabel: 'Distil',
			canSelectMany: false,
			defaultUri: vscode.Uri.file(process.env.CLAUDE_CONFIG_DIR ?? path.join(os.homedir(), '.claude', 'projects')),
			filters: { 'Agent transcripts': ['jsonl', 'json', 'zst'], 'All files': ['*'] },
		}))?.[0];
		return chosen ? runDistillation(context, { file: chosen.fsPath }) : undefined;
	};
}
