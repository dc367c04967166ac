import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryTreeProvider } from '../../src/extension/tree/libraryTree';
import { closeAllEditors, codeOf, diagnosticsOf, extensionApi, extensionId, rulesOf, type ShownMessage, shownWhile, unwatched, waitFor, watcherDelay, workspaceFile, workspaceRoot } from './support';

/** The skills the Library view shows under a root, by label. */
function skillsInTree(tree: LibraryTreeProvider, rootLabel: string): string[] {
	const root = tree.getChildren().find(node => node.kind === 'root' && node.root.label === rootLabel);
	return root ? tree.getChildren(root).map(node => String(tree.getTreeItem(node).label)) : [];
}

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
		const { library, libraryTree } = await extensionApi();
		const dir = workspaceFile('.github', 'skills', 'late-arrival').fsPath;
		const file = path.join(dir, 'SKILL.md');
		await unwatched('**/late-arrival/**', async () => {
			try {
				fs.mkdirSync(dir, { recursive: true });
				fs.writeFileSync(file, '---\nname: late-arrival\ndescription: Arrives late. Use when testing Refresh Library.\n---\n\n# Late arrival\n');
				await watcherDelay();
				assert.equal(library.skill(file), undefined, 'nothing watched the folder, so the library has not seen the skill');
				assert.ok(!skillsInTree(libraryTree, '.github/skills').includes('late-arrival'));
				await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
				assert.ok(skillsInTree(libraryTree, '.github/skills').includes('late-arrival'), 'the Library view shows the skill after the refresh');
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
			await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			assert.ok(!skillsInTree(libraryTree, '.github/skills').includes('late-arrival'), 'a refresh drops the deleted skill from the view');
		});
	});

	test('Check Library reads every skill from disk again and says what it found', async () => {
		const checked = () => shownWhile(() => vscode.commands.executeCommand('skillDistiller.checkLibrary'));
		const summary = (shown: ShownMessage[]) => {
			const text = shown.find(message => message.text.startsWith('Checked '))?.text ?? '';
			const [, skills, errors] = /^Checked (\d+) skills: (\d+) errors?/.exec(text) ?? [];
			return { text, skills: Number(skills), errors: Number(errors) };
		};
		const before = summary((await checked()).shown);
		assert.ok(before.skills > 10 && before.errors > 0, `the summary counts the library: "${before.text}"`);
		const dir = workspaceFile('.github', 'skills', 'unseen-error').fsPath;
		const file = vscode.Uri.file(path.join(dir, 'SKILL.md'));
		await unwatched('**/unseen-error/**', async () => {
			try {
				fs.mkdirSync(dir, { recursive: true });
				fs.writeFileSync(file.fsPath, '---\nname: Unseen Error\ndescription: Written behind the watcher. Use when testing Check Library.\n---\n\n# Unseen\n');
				await watcherDelay();
				assert.deepEqual(rulesOf(file), [], 'nothing watched the folder');
				const after = summary((await checked()).shown);
				assert.deepEqual([after.skills, after.errors], [before.skills + 1, before.errors + 1], `the summary counts the new skill and its error: "${after.text}"`);
				assert.ok(rulesOf(file).includes('name-format'), 'its problem is in the Problems panel');
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
				await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			}
		});
	});

	test('New Skill creates a spec-clean draft in the chosen root and opens it, its empty sections the only findings', async () => {
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
			// Its placeholder sections are what is left to write; and the root is .agents/skills, which Claude Code, one of the default
			// targets, does not read: that is said, as information. Nothing else is wrong with it.
			await waitFor('the empty sections reported', () => diagnosticsOf(created).length === 4);
			assert.deepEqual(diagnosticsOf(created).map(diagnostic => [codeOf(diagnostic), diagnostic.severity, diagnostic.message]).sort(), [
				...['When to use', 'Key Workflows', 'Gotchas'].map(heading => ['empty-section', vscode.DiagnosticSeverity.Warning, `the section "${heading}" is empty: write what belongs under it, or remove the heading`]),
				['unseen-by-claude-code', vscode.DiagnosticSeverity.Information, diagnosticsOf(created).find(diagnostic => codeOf(diagnostic) === 'unseen-by-claude-code')?.message],
			].sort());
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

	/** The Markdown preview the documentation opened in, and the document it renders. */
	async function documentationPreview(): Promise<{ tab: vscode.Tab; document: vscode.TextDocument }> {
		const tab = await waitFor('the rendered documentation', () => vscode.window.tabGroups.activeTabGroup.tabs.find(candidate =>
			candidate.isActive && candidate.input instanceof vscode.TabInputWebview && candidate.input.viewType.includes('markdown.preview') && candidate.label.includes('rules.md')));
		const document = await waitFor('the documentation document', () => vscode.workspace.textDocuments.find(candidate => candidate.uri.scheme === 'skill-distiller-docs'));
		return { tab, document };
	}

	test('Open Rule Documentation shows docs/rules.md rendered and read-only at the rule\'s section, never the installed file in an editor', async () => {
		const section = await vscode.commands.executeCommand<vscode.Uri>('skillDistiller.openRuleDocumentation', 'long-code-block');
		const { document } = await documentationPreview();
		assert.equal(section.fragment, 'long-code-block', 'the preview scrolls to the heading "### long-code-block"');
		assert.ok(document.getText().includes('\n### long-code-block\n'));
		assert.ok(!vscode.window.tabGroups.all.flatMap(group => group.tabs).some(tab => tab.input instanceof vscode.TabInputText), 'no text editor opened');
		assert.ok(!vscode.workspace.textDocuments.some(candidate => candidate.uri.scheme === 'file' && candidate.uri.fsPath.endsWith(path.join('docs', 'rules.md'))), 'the extension\'s own file is not opened');
		await assert.rejects(async () => vscode.workspace.fs.writeFile(document.uri, new Uint8Array()), 'the documentation cannot be written');
	});

	test('Open Rule Documentation without a rule takes the one under the cursor', async () => {
		const uri = workspaceFile('.claude', 'skills', 'Deploy_Helper', 'SKILL.md');
		const editor = await vscode.window.showTextDocument(uri);
		editor.selection = new vscode.Selection(1, 8, 1, 8);
		const section = await vscode.commands.executeCommand<vscode.Uri>('skillDistiller.openRuleDocumentation');
		await documentationPreview();
		assert.equal(section.fragment, 'name-format');
	});

	test('Check on a skill re-reads it from disk and says what it found', async () => {
		const { library, libraryTree } = await extensionApi();
		const dir = workspaceFile('.github', 'skills', 'checked-again').fsPath;
		const file = path.join(dir, 'SKILL.md');
		await unwatched('**/checked-again/**', async () => {
			try {
				fs.mkdirSync(dir, { recursive: true });
				fs.writeFileSync(file, '---\nname: checked-again\ndescription: Re-read on request. Use when testing Check.\n---\n\n# Checked again\n');
				await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
				assert.deepEqual(rulesOf(vscode.Uri.file(file)), []);
				fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name: checked-again', 'name: Checked Again'));
				await watcherDelay();
				assert.deepEqual(rulesOf(vscode.Uri.file(file)), [], 'nothing watched the change');
				const node = libraryTree.skillNode(file);
				assert.ok(node, 'the skill is in the tree');
				const { shown } = await shownWhile(() => vscode.commands.executeCommand('skillDistiller.checkSkill', node));
				assert.deepEqual(shown.map(message => message.text), ['Checked Again: 1 error.']);
				assert.deepEqual(rulesOf(vscode.Uri.file(file)), ['name-format']);
				assert.equal(library.skill(file)?.name, 'Checked Again');
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
				await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			}
		});
	});
});
