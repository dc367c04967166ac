import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsOf, extensionApi, extensionId, rulesOf, waitFor, workspaceFile, workspaceRoot } from './support';

interface ContributedCommand {
	command: string;
	title: string;
	category?: string;
}

suite('Commands', () => {
	suiteSetup(() => extensionApi());
	teardown(() => closeAllEditors());

	test('every contributed command is registered and belongs to the Skills category', async () => {
		const contributed = (vscode.extensions.getExtension(extensionId)?.packageJSON.contributes.commands ?? []) as ContributedCommand[];
		assert.ok(contributed.length >= 9);
		const registered = new Set(await vscode.commands.getCommands(true));
		for (const command of contributed) {
			assert.equal(command.category, 'Skills', `${command.command} has the Skills category`);
			assert.ok(registered.has(command.command), `${command.command} is registered`);
		}
	});

	test('Refresh Library finds a skill written while nothing was watching', async () => {
		const { library } = await extensionApi();
		const file = workspaceFile('.github', 'skills', 'late-arrival', 'SKILL.md').fsPath;
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, '---\nname: late-arrival\ndescription: Arrives late. Use when testing Refresh Library.\n---\n\n# Late arrival\n');
		try {
			await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			assert.ok(library.skill(file), 'the skill is in the library after the refresh');
		} finally {
			fs.rmSync(path.dirname(file), { recursive: true, force: true });
		}
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		assert.equal(library.skill(file), undefined);
	});

	test('Check Library re-checks every skill and keeps the problems published', async () => {
		await vscode.commands.executeCommand('skillDistiller.checkLibrary');
		assert.ok(rulesOf(workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md')).includes('long-code-block'));
		assert.ok(rulesOf(workspaceFile('.claude', 'skills', 'Deploy_Helper', 'SKILL.md')).includes('name-format'));
	});

	test('New Skill creates a spec-clean draft in the chosen root and opens it', async () => {
		const root = path.join(workspaceRoot(), '.agents', 'skills');
		const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('skillDistiller.newSkill', {
			root, name: 'rotating-api-keys', description: 'Rotates API keys without downtime. Use when a key is about to expire or has leaked.',
		});
		assert.ok(created, 'a file was created');
		try {
			assert.equal(created.fsPath, path.join(root, 'rotating-api-keys', 'SKILL.md'));
			assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, created.fsPath);
			const text = fs.readFileSync(created.fsPath, 'utf8');
			assert.match(text, /^---\nname: rotating-api-keys\ndescription: Rotates API keys without downtime\. Use when a key is about to expire or has leaked\.\nstatus: draft\npriority: high\n/);
			assert.match(text, /\n## Gotchas\n/);
			const { library } = await extensionApi();
			assert.equal(library.skill(created.fsPath)?.status, 'draft');
			assert.deepEqual(diagnosticsOf(created), [], 'a new skill has no problems');
		} finally {
			await closeAllEditors();
			fs.rmSync(path.dirname(created.fsPath), { recursive: true, force: true });
		}
	});

	test('New Skill refuses a name the spec forbids and creates nothing', async () => {
		const root = path.join(workspaceRoot(), '.agents', 'skills');
		const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('skillDistiller.newSkill', { root, name: '../Escape', description: 'Tries to leave the root.' });
		assert.equal(created, undefined);
		assert.ok(!fs.existsSync(path.join(root, '..', 'Escape')));
		assert.deepEqual(fs.readdirSync(root).sort(), ['api-client', 'http-client']);
	});

	test('New Skill refuses a name already taken in the root', async () => {
		const root = path.join(workspaceRoot(), '.agents', 'skills');
		const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('skillDistiller.newSkill', { root, name: 'api-client', description: 'A second api-client.' });
		assert.equal(created, undefined);
		assert.match(fs.readFileSync(path.join(root, 'api-client', 'SKILL.md'), 'utf8'), /Calls the billing API with retries and backoff/, 'the existing skill is untouched');
	});

	test('Open Rule Documentation opens docs/rules.md at the rule\'s section', async () => {
		await vscode.commands.executeCommand('skillDistiller.openRuleDocumentation', 'long-code-block');
		const editor = await waitFor('the documentation editor', () => vscode.window.activeTextEditor);
		assert.equal(path.basename(editor.document.uri.fsPath), 'rules.md');
		assert.equal(editor.document.lineAt(editor.selection.active.line).text, '### long-code-block');
	});

	test('Open Rule Documentation without a rule takes the one under the cursor', async () => {
		const uri = workspaceFile('.claude', 'skills', 'Deploy_Helper', 'SKILL.md');
		const editor = await vscode.window.showTextDocument(uri);
		editor.selection = new vscode.Selection(1, 8, 1, 8);
		await vscode.commands.executeCommand('skillDistiller.openRuleDocumentation');
		const docs = await waitFor('the documentation editor', () => (path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? '') === 'rules.md' ? vscode.window.activeTextEditor : undefined));
		assert.equal(docs.document.lineAt(docs.selection.active.line).text, '### name-format');
	});

	test('Check on a skill re-reads it from disk', async () => {
		const { libraryTree } = await extensionApi();
		const file = workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md').fsPath;
		const node = libraryTree.skillNode(file);
		assert.ok(node, 'the skill is in the tree');
		await vscode.commands.executeCommand('skillDistiller.checkSkill', node);
		assert.ok(rulesOf(vscode.Uri.file(file)).includes('stale-draft'));
	});
});
