import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LibraryNode } from '../../src/extension/tree/libraryTree';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './support';

function label(item: vscode.TreeItem): string {
	return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

suite('Library view', () => {
	teardown(async () => {
		const api = await extensionApi();
		await vscode.commands.executeCommand('skillDistiller.filter.all');
		assert.equal(api.libraryTree.currentFilter, 'all');
		await closeAllEditors();
	});

	test('groups skills by the folder agents load them from, with the clients that load it', async () => {
		const { libraryTree } = await extensionApi();
		const roots = libraryTree.getChildren().map(node => libraryTree.getTreeItem(node));
		assert.deepEqual(roots.map(label), ['.claude/skills', '.github/skills', '.agents/skills']);
		assert.equal(roots[0].description, 'project · Claude Code, VS Code, Copilot CLI');
		assert.equal(roots[2].description, 'project · Codex, VS Code, Copilot CLI');
	});

	test('lists the skills of a root with their lifecycle status and problem count', async () => {
		const { libraryTree } = await extensionApi();
		const [claude] = libraryTree.getChildren();
		const items = libraryTree.getChildren(claude).map(node => libraryTree.getTreeItem(node));
		assert.deepEqual(items.map(label), ['Deploy_Helper', 'brainstorming', 'dispatching-parallel-agents', 'release-notes', 'subagent-driven-development', 'systematic-debugging', 'test-driven-development', 'verification-before-completion']);
		const draft = items.find(item => label(item) === 'release-notes');
		assert.equal(draft?.contextValue, 'skill.draft');
		assert.equal(draft?.description, 'draft · 2 warnings, 2 info');
		assert.equal((draft?.iconPath as vscode.ThemeIcon).id, 'edit');
		const stable = items.find(item => label(item) === 'systematic-debugging');
		assert.equal(stable?.contextValue, 'skill.stable');
		assert.equal(stable?.description, undefined, 'a stable skill without problems has no description');
		assert.match((stable?.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Use when encountering any bug/);
	});

	test('clicking a skill opens its SKILL.md', async () => {
		const { libraryTree } = await extensionApi();
		const [claude] = libraryTree.getChildren();
		const node = libraryTree.getChildren(claude).find(child => child.kind === 'skill' && child.skill.folderName === 'brainstorming') as LibraryNode;
		const command = libraryTree.getTreeItem(node).command;
		assert.ok(command, 'a skill item has a command');
		await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
		assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, workspaceFile('.claude', 'skills', 'brainstorming', 'SKILL.md').fsPath);
	});

	test('shows a skill\'s sidecar files under it', async () => {
		const { libraryTree } = await extensionApi();
		const roots = libraryTree.getChildren();
		const agents = roots.find(root => root.kind === 'root' && root.group.root.label === '.agents/skills') as LibraryNode;
		const apiClient = libraryTree.getChildren(agents).find(node => node.kind === 'skill' && node.skill.folderName === 'api-client') as LibraryNode;
		assert.equal(libraryTree.getTreeItem(apiClient).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
		assert.deepEqual(libraryTree.getChildren(apiClient).map(node => label(libraryTree.getTreeItem(node))), ['references/errors.md']);
	});

	test('the drafts filter shows only drafts, the problems filter only skills with findings', async () => {
		const { libraryTree } = await extensionApi();
		await vscode.commands.executeCommand('skillDistiller.filter.drafts');
		const drafts = libraryTree.getChildren().flatMap(root => libraryTree.getChildren(root));
		assert.deepEqual(drafts.map(node => node.kind === 'skill' && node.skill.folderName), ['release-notes']);
		await vscode.commands.executeCommand('skillDistiller.filter.problems');
		const withProblems = libraryTree.getChildren().flatMap(root => libraryTree.getChildren(root)).map(node => node.kind === 'skill' && node.skill.folderName);
		assert.ok(withProblems.includes('api-client') && withProblems.includes('Deploy_Helper'));
		assert.ok(!withProblems.includes('systematic-debugging'), 'a skill without findings is hidden');
	});

	test('the Proposals view lists the proposals in the staging folder', async () => {
		const { proposalsTree } = await extensionApi();
		const entries = proposalsTree.getChildren();
		const items = entries.map(entry => proposalsTree.getTreeItem(entry));
		assert.deepEqual(items.map(label), ['handling-flaky-tests']);
		assert.equal(items[0].description, 'proposed by hand', 'a proposal without proposal.json says it was written by hand');
		assert.equal(items[0].contextValue, 'proposal.manual');
		assert.deepEqual(items[0].command?.arguments, [entries[0].dir], 'clicking it opens the review panel on it');
		assert.equal(items[0].command?.command, 'skillDistiller.reviewProposals');
	});

	test('Reveal Skill in Library selects the skill of the active editor', async () => {
		const { libraryView } = await extensionApi();
		await vscode.window.showTextDocument(workspaceFile('.agents', 'skills', 'http-client', 'SKILL.md'));
		await vscode.commands.executeCommand('skillDistiller.revealSkill');
		const selected = await waitFor('the selection', () => libraryView.selection[0]);
		assert.equal(selected.kind === 'skill' && selected.skill.folderName, 'http-client');
	});
});
