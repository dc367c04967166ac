import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, diagnosticsOf, extensionApi, rulesOf, waitFor, workspaceFile, workspaceRoot } from './support';

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
	return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range) ?? [];
}

const configFile = () => path.join(workspaceRoot(), '.skill-distiller.json');

suite('Quick fixes that write the configuration', () => {
	suiteSetup(() => extensionApi());
	teardown(async () => {
		await closeAllEditors();
		fs.rmSync(configFile(), { force: true });
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
	});

	test('"Ignore long-code-block in the project…" writes the rule and its reason to .skill-distiller.json in one edit; undoing it brings the finding back', async () => {
		const uri = workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md');
		await vscode.window.showTextDocument(uri);
		const diagnostic = await waitFor('long-code-block on api-client', () => diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'long-code-block'));
		const actions = await codeActions(uri, diagnostic.range);
		const ignore = actions.find(action => action.title === 'Ignore long-code-block in the project…');
		assert.ok(ignore?.command, actions.map(action => action.title).join(' | '));
		assert.ok(!actions.some(action => action.title === 'Ignore invalid-suppression in the project…'));
		assert.equal(await vscode.commands.executeCommand(ignore.command.command, ...(ignore.command.arguments ?? []), 'the client is pasted for the workshop handout'), true);
		assert.deepEqual(JSON.parse(fs.readFileSync(configFile(), 'utf8')), { suppress: [{ rule: 'long-code-block', reason: 'the client is pasted for the workshop handout' }] });
		await waitFor('long-code-block to be suppressed', () => !rulesOf(uri).includes('long-code-block'));

		const config = await vscode.window.showTextDocument(vscode.Uri.file(configFile()));
		await vscode.commands.executeCommand('undo');
		// One undo takes the whole edit back: the text, and the file VS Code created for it.
		await waitFor('the suppression undone', () => !fs.existsSync(configFile()) || config.document.getText() === '');
		if (fs.existsSync(configFile()) && config.document.isDirty) {
			await config.document.save();
		}
		await waitFor('long-code-block back after the undo', () => rulesOf(uri).includes('long-code-block'));
	});

	test('a reason is required: without one nothing is written', async () => {
		const uri = workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md');
		assert.equal(await vscode.commands.executeCommand('skillDistiller.ignoreRuleInProject', 'long-code-block', uri, '  '), false);
		assert.ok(!fs.existsSync(configFile()));
	});

	test('"Mark as distinct from …" on a duplicate description records the pair, and the pair is not reported again', async () => {
		const description = 'Fills in PDF forms from a spreadsheet of answers and checks every required field. Use when a batch of PDF forms must be completed.';
		const dirs = ['pdf-forms', 'form-filler'].map(name => path.join(workspaceRoot(), '.agents', 'skills', name));
		try {
			for (const dir of dirs) {
				fs.mkdirSync(dir, { recursive: true });
				fs.writeFileSync(path.join(dir, 'SKILL.md'), `---\nname: ${path.basename(dir)}\ndescription: ${description}\n---\n\n# ${path.basename(dir)}\n\nFill the forms.\n`);
			}
			await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			const uri = vscode.Uri.file(path.join(dirs[0], 'SKILL.md'));
			const other = vscode.Uri.file(path.join(dirs[1], 'SKILL.md'));
			await vscode.window.showTextDocument(uri);
			const diagnostic = await waitFor('duplicate-description', () => diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'duplicate-description'));
			const actions = await codeActions(uri, diagnostic.range);
			const mark = actions.find(action => action.title === 'Mark as distinct from form-filler');
			assert.ok(mark?.command, actions.map(action => action.title).join(' | '));
			assert.equal(await vscode.commands.executeCommand(mark.command.command, ...(mark.command.arguments ?? [])), true);
			assert.deepEqual(JSON.parse(fs.readFileSync(configFile(), 'utf8')), { distinct: [['pdf-forms', 'form-filler']] });
			await waitFor('the pair to stop being reported', () => !rulesOf(uri).includes('duplicate-description') && !rulesOf(other).includes('duplicate-description'));
		} finally {
			await closeAllEditors();
			for (const dir of dirs) {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}
	});
});
