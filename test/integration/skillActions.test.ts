import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryNode, LibraryTreeProvider } from '../../src/extension/tree/libraryTree';
import { closeAllEditors, codeOf, diagnosticsOf, extensionApi, rulesOf, shownWhile, waitFor, workspaceRoot } from './support';

const claudeSkills = () => path.join(workspaceRoot(), '.claude', 'skills');

function rootNode(tree: LibraryTreeProvider, label: string): LibraryNode {
	const node = tree.getChildren().find(candidate => candidate.kind === 'root' && candidate.root.label === label);
	assert.ok(node, `the root ${label} is shown`);
	return node;
}

function skillNode(tree: LibraryTreeProvider, file: string): LibraryNode {
	const node = tree.skillNode(file);
	assert.ok(node, `${file} is shown`);
	return node;
}

/** The labels of the skills the Library view shows under a root. */
function labelsUnder(tree: LibraryTreeProvider, label: string): string[] {
	const root = tree.getChildren().find(candidate => candidate.kind === 'root' && candidate.root.label === label);
	return root ? tree.getChildren(root).map(node => String(tree.getTreeItem(node).label)) : [];
}

/** Writes a skill in .claude/skills and has the library read it. */
async function writeSkill(folder: string, name: string, body = '# A skill\n\nUse it when testing the Library\'s actions.\n'): Promise<string> {
	const file = path.join(claudeSkills(), folder, 'SKILL.md');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `---\nname: ${name}\ndescription: The ${name} skill. Use when testing the Library's actions.\n---\n\n${body}`);
	const { library } = await extensionApi();
	await library.reloadSkill(file);
	return file;
}

suite('Library actions', () => {
	const created: string[] = [];
	teardown(async () => {
		await closeAllEditors();
		for (const folder of created.splice(0)) {
			fs.rmSync(folder, { recursive: true, force: true });
		}
		await vscode.commands.executeCommand('skillDistiller.clearFilter');
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
	});

	test('Rename Skill renames the folder and the name as one edit, updates links and "the … skill" in other skills, lists other mentions; one undo in the editor takes the folder and name back', async () => {
		const { library, libraryTree } = await extensionApi();
		const file = await writeSkill('shipping-notes', 'shipping-notes');
		const other = await writeSkill('using-shipping', 'using-shipping', 'Use the `shipping-notes` skill first; see [its steps](../shipping-notes/SKILL.md).\nRun shipping-notes --check by hand.\n');
		const newDir = path.join(claudeSkills(), 'release-shipping');
		created.push(path.dirname(file), path.dirname(other), newDir);
		const { result, shown } = await shownWhile(() => vscode.commands.executeCommand<vscode.Uri | undefined>('skillDistiller.renameSkill', skillNode(libraryTree, file), 'release-shipping'));
		const renamed = path.join(newDir, 'SKILL.md');
		assert.equal(result?.fsPath, renamed);
		assert.ok(!fs.existsSync(path.dirname(file)) && fs.existsSync(renamed), 'the folder is renamed');
		assert.match(fs.readFileSync(renamed, 'utf8'), /^---\nname: release-shipping\n/, 'the name is set and saved');
		assert.equal(fs.readFileSync(other, 'utf8').split('\n').slice(5, 7).join('\n'), 'Use the `release-shipping` skill first; see [its steps](../release-shipping/SKILL.md).\nRun shipping-notes --check by hand.');
		assert.deepEqual(shown.map(message => message.text), ['Renamed shipping-notes to release-shipping: its folder and name, and 1 changed line in using-shipping. 1 other mention of shipping-notes left as it is.']);
		assert.ok(labelsUnder(libraryTree, '.claude/skills').includes('release-shipping') && !labelsUnder(libraryTree, '.claude/skills').includes('shipping-notes'), 'the tree shows the new name only');
		assert.equal(library.skill(file), undefined);
		assert.deepEqual(rulesOf(vscode.Uri.file(renamed)).filter(rule => rule.startsWith('name')), []);

		await vscode.window.showTextDocument(vscode.Uri.file(renamed));
		await vscode.commands.executeCommand('undo');
		await waitFor('the folder back', () => fs.existsSync(file) && !fs.existsSync(newDir));
		await waitFor('the name back', () => /\nname: shipping-notes\n/.test(vscode.workspace.textDocuments.find(document => document.uri.fsPath === file)?.getText() ?? fs.readFileSync(file, 'utf8')));
	});

	test('Undo in the rename\'s notification takes back the folder, the name and the references in other skills', async () => {
		const { libraryTree } = await extensionApi();
		const file = await writeSkill('packing-list', 'packing-list');
		const other = await writeSkill('travel-prep', 'travel-prep', 'Then use the packing-list skill.\n');
		const before = fs.readFileSync(other, 'utf8');
		const newDir = path.join(claudeSkills(), 'trip-packing');
		created.push(path.dirname(file), path.dirname(other), newDir);
		const said: string[] = [];
		const { shown } = await shownWhile(async () => {
			await vscode.commands.executeCommand('skillDistiller.renameSkill', vscode.Uri.file(file), 'trip-packing');
			await waitFor('the notification\'s Undo to take the folder back', () => fs.existsSync(file) && !fs.existsSync(newDir));
			await waitFor('the references back', () => fs.readFileSync(other, 'utf8') === before);
			await waitFor('the undo said so', () => said.includes('The skill is packing-list again.'));
		}, message => {
			said.push(message.text);
			return message.text.startsWith('Renamed ') ? 'Undo' : undefined;
		});
		assert.match(shown[0].text, /^Renamed packing-list to trip-packing: its folder and name, and 1 changed line in travel-prep\.$/);
		assert.match(fs.readFileSync(file, 'utf8'), /\nname: packing-list\n/);
		await waitFor('the tree to show the old name', () => labelsUnder(libraryTree, '.claude/skills').includes('packing-list') && !labelsUnder(libraryTree, '.claude/skills').includes('trip-packing'));
	});

	test('a name that differs from a folder that is not spec-valid is fixed by renaming the folder to it (the fix after "Set name to …")', async () => {
		const file = await writeSkill('Travel_Notes', 'travel-notes');
		const newDir = path.join(claudeSkills(), 'travel-notes');
		created.push(path.dirname(file), newDir);
		const uri = vscode.Uri.file(file);
		await vscode.window.showTextDocument(uri);
		const diagnostic = await waitFor('name-mismatch', () => diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'name-mismatch'));
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range) ?? [];
		const rename = actions.find(action => action.title === 'Rename the skill folder to travel-notes');
		assert.ok(rename?.command, `a rename fix: ${actions.map(action => action.title).join(' | ')}`);
		assert.equal(rename.isPreferred, true, 'the only fix for it, so preferred');
		assert.ok(actions.some(action => action.title === 'Rename Skill…'));
		await shownWhile(() => vscode.commands.executeCommand(rename.command?.command ?? '', ...rename.command?.arguments ?? []));
		assert.ok(fs.existsSync(path.join(newDir, 'SKILL.md')) && !fs.existsSync(file));
		await waitFor('no name finding on the renamed skill', () => !rulesOf(vscode.Uri.file(path.join(newDir, 'SKILL.md'))).some(rule => rule.startsWith('name')));
	});

	test('Rename refuses a name another folder there has, or one the spec rejects, and changes nothing', async () => {
		const { libraryTree } = await extensionApi();
		const file = await writeSkill('kept-name', 'kept-name');
		created.push(path.dirname(file));
		for (const [name, expected] of [['release-notes', '.claude/skills already has a skill named release-notes.'], ['Bad Name', 'The name may only contain lower-case letters']] as const) {
			const { result, shown } = await shownWhile(() => vscode.commands.executeCommand('skillDistiller.renameSkill', skillNode(libraryTree, file), name));
			assert.equal(result, undefined);
			assert.ok(shown[0]?.text.startsWith(`kept-name was not renamed: ${expected}`), shown[0]?.text);
		}
		assert.ok(fs.existsSync(file) && fs.existsSync(path.join(claudeSkills(), 'release-notes', 'SKILL.md')));
	});

	test('Archive Skill asks first, moves the folder beside the root where no agent loads it, never over an archived copy, and Undo brings it back', async () => {
		const { library, libraryTree, statusBar } = await extensionApi();
		const archive = path.join(workspaceRoot(), '.claude', '.skills-archive');
		created.push(archive);
		const first = await writeSkill('old-habit', 'old-habit');
		const skillsBefore = library.totals().skills;
		const cancelled = await shownWhile(() => vscode.commands.executeCommand('skillDistiller.archiveSkill', skillNode(libraryTree, first)));
		assert.equal(cancelled.result, undefined);
		assert.deepEqual(cancelled.shown.map(message => [message.text, message.detail]), [['Archive the skill old-habit?', 'Its folder moves to .claude/.skills-archive/old-habit, outside the folders agents load skills from, so they stop loading it. Nothing is deleted.']]);
		assert.ok(fs.existsSync(first), 'nothing moves unless confirmed');

		const archived = await shownWhile(() => vscode.commands.executeCommand('skillDistiller.archiveSkill', skillNode(libraryTree, first)), message => message.detail ? 'Archive' : undefined);
		assert.equal(archived.result, path.join(archive, 'old-habit'));
		assert.ok(!fs.existsSync(path.dirname(first)) && fs.existsSync(path.join(archive, 'old-habit', 'SKILL.md')));
		assert.equal(archived.shown[1].text, 'Archived old-habit to .claude/.skills-archive/old-habit.');
		assert.ok(!labelsUnder(libraryTree, '.claude/skills').includes('old-habit'));
		assert.equal(library.totals().skills, skillsBefore - 1);
		assert.match(statusBar.text, new RegExp(`^\\$\\(book\\) ${skillsBefore - 1} `), 'the status bar counts one skill less');

		const second = await writeSkill('old-habit', 'old-habit');
		const again = await shownWhile(async () => {
			const result = await vscode.commands.executeCommand('skillDistiller.archiveSkill', skillNode(libraryTree, second));
			await waitFor('Undo to bring it back', () => fs.existsSync(second));
			return result;
		}, message => message.detail ? 'Archive' : message.text.startsWith('Archived') ? 'Undo' : undefined);
		assert.equal(again.result, path.join(archive, 'old-habit-2'), 'the archived copy is kept, the new one goes beside it');
		assert.ok(fs.existsSync(path.join(archive, 'old-habit', 'SKILL.md')));
		await waitFor('the skill back in the tree', () => labelsUnder(libraryTree, '.claude/skills').includes('old-habit'));
		created.push(path.dirname(second));
	});

	test('Delete Skill asks first, then moves the folder to the trash, or where there is none asks again before deleting it for good', async () => {
		const { library, libraryTree } = await extensionApi();
		const file = await writeSkill('short-lived', 'short-lived');
		created.push(path.dirname(file));
		const declined = await shownWhile(() => vscode.commands.executeCommand('skillDistiller.deleteSkill', skillNode(libraryTree, file)));
		assert.equal(declined.result, undefined);
		assert.equal(declined.shown[0].text, 'Delete the skill short-lived?');
		assert.match(declined.shown[0].detail ?? '', /^Its folder \.claude\/skills\/short-lived \(1 file\) moves to the trash\./);
		assert.ok(fs.existsSync(file));
		const { result, shown } = await shownWhile(() => vscode.commands.executeCommand('skillDistiller.deleteSkill', skillNode(libraryTree, file)),
			message => message.text.startsWith('Delete the skill') ? 'Move to Trash' : message.text.startsWith('The trash is not available') ? 'Delete Permanently' : undefined);
		assert.ok(!fs.existsSync(path.dirname(file)), 'the folder is gone from the library');
		assert.equal(shown.at(-1)?.text, result === 'trash' ? 'Moved short-lived to the trash.' : 'Deleted short-lived permanently.');
		if (result === 'permanent') {
			assert.match(shown[1].detail ?? '', /this cannot be undone/);
		}
		assert.equal(library.skill(file), undefined);
		assert.ok(!labelsUnder(libraryTree, '.claude/skills').includes('short-lived'));
	});

	test('Find Skill shows only the skills whose name matches, says so in the view\'s description, and Clear Filter shows them all again', async () => {
		const { libraryTree, libraryView } = await extensionApi();
		const roots = libraryTree.getChildren().length;
		assert.equal(await vscode.commands.executeCommand('skillDistiller.findSkill', 'DEBUG'), 'DEBUG');
		assert.deepEqual(labelsUnder(libraryTree, '.claude/skills'), ['systematic-debugging']);
		const { all } = (rootNode(libraryTree, '.claude/skills') as Extract<LibraryNode, { kind: 'root' }>).tally;
		assert.equal(libraryTree.getTreeItem(rootNode(libraryTree, '.claude/skills')).description, `project · Claude Code, VS Code, Copilot CLI · 1 of ${all} skills`);
		assert.equal(libraryTree.getChildren().length, 1, 'roots without a match are hidden');
		assert.equal(libraryView.description, 'Name: DEBUG');
		await vscode.commands.executeCommand('skillDistiller.filter.drafts');
		assert.equal(libraryView.description, 'Drafts only · Name: DEBUG');
		assert.equal(libraryTree.getChildren().length, 0);
		assert.equal(libraryView.message, 'No skill passes the filter (Drafts only · Name: DEBUG).');
		await vscode.commands.executeCommand('skillDistiller.clearFilter');
		assert.equal(libraryView.description, undefined);
		assert.equal(libraryView.message, undefined);
		assert.equal(libraryTree.getChildren().length, roots);
	});

	test('Reveal in Explorer on a root outside the workspace folders, which the Explorer does not show, offers its path instead', async () => {
		const outside: LibraryNode = { kind: 'root', id: 'root:/nowhere/skills', root: { path: '/nowhere/skills', label: '~/.claude/skills', scope: 'user' }, children: [], tally: { all: 0, drafts: 0, problems: 0, findings: 0, unused: 0 } };
		const { shown } = await shownWhile(() => vscode.commands.executeCommand('skillDistiller.revealInExplorer', outside));
		assert.deepEqual(shown.map(message => message.text), ['/nowhere/skills is outside the workspace folders, which are all the Explorer shows.']);
	});

		test('Check This Folder checks the skills under one root and says what they have', async () => {
		const { libraryTree } = await extensionApi();
		const { result, shown } = await shownWhile(() => vscode.commands.executeCommand<string>('skillDistiller.checkRoot', rootNode(libraryTree, '.agents/skills')));
		assert.match(result ?? '', /^Checked \.agents\/skills: 2 skills, (\d+ errors?, )?\d+ warnings?(, \d+ info)?\.$/);
		assert.deepEqual(shown.map(message => message.text), [result]);
	});
});
