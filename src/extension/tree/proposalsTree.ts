import * as vscode from 'vscode';
import type { SkillAnalysis } from '../../core/analyzeSkill';
import type { LibraryService } from '../library/libraryService';
import { skillTreeItem } from './libraryTree';

/** The Proposals view: skills waiting in the staging folder for a person to review them. */
export class ProposalsTreeProvider implements vscode.TreeDataProvider<SkillAnalysis>, vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<undefined>();
	readonly onDidChangeTreeData = this.changeEmitter.event;

	constructor(private readonly library: LibraryService) {}

	refresh(): void {
		this.changeEmitter.fire(undefined);
	}

	getChildren(element?: SkillAnalysis): SkillAnalysis[] {
		return element ? [] : this.library.proposals();
	}

	getTreeItem(proposal: SkillAnalysis): vscode.TreeItem {
		const item = skillTreeItem(proposal, this.library.counts(proposal.file), false);
		item.id = `proposal:${proposal.file}`;
		return item;
	}

	dispose(): void {
		this.changeEmitter.dispose();
	}
}
