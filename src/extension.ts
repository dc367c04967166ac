import type * as vscode from 'vscode';
import { LazyWorkbench } from './extension/lazyWorkbench';
import type { SkillDistillerApi } from './extension/workbench';

export type { SkillDistillerApi } from './extension/workbench';

export function activate(context: vscode.ExtensionContext): SkillDistillerApi {
	const workbench = new LazyWorkbench(context);
	context.subscriptions.push(...workbench.register());
	// The library's services load once activation has returned (or sooner, when a command needs them): the window never waits for them.
	setTimeout(() => workbench.start(), 0);
	return workbench.api();
}
