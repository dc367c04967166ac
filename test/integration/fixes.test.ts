import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, diagnosticsOf, extensionApi, rulesOf, waitFor, workspaceFile, workspaceRoot } from './support';

const apiClient = () => workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md');

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
	return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind) ?? [];
}

/** Undoes the last edit from the given editor, as Ctrl+Z does. */
async function undoIn(uri: vscode.Uri): Promise<void> {
	await vscode.window.showTextDocument(uri);
	await vscode.commands.executeCommand('undo');
}

suite('Quick fixes', () => {
	let snapshot: string;
	suiteSetup(async () => {
		await extensionApi();
		snapshot = fs.mkdtempSync(path.join(path.dirname(workspaceRoot()), 'skill-distiller-snapshot-'));
		fs.cpSync(workspaceRoot(), snapshot, { recursive: true });
	});
	teardown(() => closeAllEditors());
	// Fix All changes the whole library: the suites after this one get the library back as it was.
	suiteTeardown(async () => {
		for (const entry of fs.readdirSync(workspaceRoot())) {
			fs.rmSync(path.join(workspaceRoot(), entry), { recursive: true, force: true });
		}
		fs.cpSync(snapshot, workspaceRoot(), { recursive: true });
		fs.rmSync(snapshot, { recursive: true, force: true });
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
	});

	test('"Offload to scripts/" moves a long code block in one edit, clears its finding, and one undo restores everything', async () => {
		const uri = apiClient();
		const original = fs.readFileSync(uri.fsPath, 'utf8');
		const script = path.join(path.dirname(uri.fsPath), 'scripts', 'client.py');
		await vscode.window.showTextDocument(uri);
		const diagnostic = diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'long-code-block') as vscode.Diagnostic;
		const actions = await codeActions(uri, diagnostic.range);
		const offload = actions.find(action => action.title === 'Offload to scripts/client.py');
		assert.ok(offload?.edit, `an offload action: ${actions.map(action => action.title).join(' | ')}`);
		assert.equal(offload.isPreferred, true);
		assert.ok(await vscode.workspace.applyEdit(offload.edit));
		const document = await vscode.workspace.openTextDocument(uri);
		assert.match(document.getText(), /\nImport `BillingClient` from `scripts\/client\.py` instead of writing it again\.\n/, 'the block only defines a class: a module to import, not a script to run');
		assert.ok(!document.getText().includes('class BillingClient'));
		assert.ok(fs.existsSync(script), 'the script is created');
		assert.match((await vscode.workspace.openTextDocument(script)).getText(), /^import time\nimport random\nimport requests\n\nBASE_URL/);
		await waitFor('long-code-block and code-heavy to go', () => {
			const rules = rulesOf(uri);
			return !rules.includes('long-code-block') && !rules.includes('code-heavy');
		});
		assert.deepEqual(diagnosticsOf(uri).filter(candidate => codeOf(candidate) === 'missing-reference').map(candidate => candidate.message),
			['`scripts/retry.py` does not exist in the skill folder'], 'only scripts/retry.py is missing, not the new script');

		await undoIn(uri);
		await waitFor('the original text back', () => document.getText() === original);
		await waitFor('the script gone', () => !fs.existsSync(script));
		await document.save();
		assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original);
		await waitFor('long-code-block back', () => rulesOf(uri).includes('long-code-block'));
	});

	test('a name fix is offered, preferred, and only edits the frontmatter', async () => {
		const uri = workspaceFile('.claude', 'skills', 'Deploy_Helper', 'SKILL.md');
		const diagnostic = diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'name-format') as vscode.Diagnostic;
		const fix = (await codeActions(uri, diagnostic.range)).find(action => action.title === 'Set name to deploy-helper');
		assert.ok(fix?.edit);
		assert.ok(await vscode.workspace.applyEdit(fix.edit));
		const document = await vscode.workspace.openTextDocument(uri);
		assert.equal(document.lineAt(1).text, 'name: deploy-helper');
		await waitFor('name-format to go', () => !rulesOf(uri).includes('name-format'));
		await undoIn(uri);
		await waitFor('the name back', () => document.lineAt(1).text === 'name: Deploy_Helper');
		await document.save();
	});

	test('source.fixAll applies the safe fixes only, as one edit', async () => {
		const uri = workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md');
		const original = fs.readFileSync(uri.fsPath, 'utf8');
		await vscode.window.showTextDocument(uri);
		const actions = await codeActions(uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.skillDistiller');
		assert.equal(actions.length, 1);
		assert.ok(actions[0].edit && await vscode.workspace.applyEdit(actions[0].edit));
		const document = await vscode.workspace.openTextDocument(uri);
		assert.match(document.getText(), /\n\$HOME\/tools\/release\.sh 2\.4\.0\n/);
		assert.ok(document.getText().includes('As of March 2026'), 'time-sensitive text has no automatic rewrite');
		await undoIn(uri);
		await waitFor('the original back', () => document.getText() === original);
		await document.save();
	});

	test('every other quick fix applies, answers its finding, and undoes in one step', async function () {
		// Four fixes, each applied, undone and re-checked in full: longer than one step's timeout on a busy machine.
		this.timeout(60_000);
		const dir = workspaceFile('.agents', 'skills', 'everything-wrong').fsPath;
		const uri = vscode.Uri.file(path.join(dir, 'SKILL.md'));
		const lessons = Array.from({ length: 5 }, (_, i) => `## Learned 2026-0${i + 1}-0${i + 1}\n\n- Keep the cache warm (${i}).\n`).join('\n');
		const examples = Array.from({ length: 520 }, (_, i) => `- Example ${i}: run the export for customer ${i}.`).join('\n');
		const description = 'Exports customer data for audits and reconciles it against the ledger. '.repeat(16).trim();
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(uri.fsPath, `---\nname: everything-wrong\ndescription: ${description}\n---\n\n# Everything Wrong\n\n#Setup\n\nRun it.\n\n## Examples\n\n${examples}\n\n${lessons}`);
		try {
			const expected: [string, RegExp][] = [
				['md/MD018', /^Fix MD018/],
				['description-too-long', /^Move the end of the description/],
				['dated-sections', /^Offload 5 lessons sections to lessons\.md$/],
				['body-too-long', /^Offload 1 section to examples\.md$/],
			];
			const document = await vscode.workspace.openTextDocument(uri);
			await vscode.window.showTextDocument(document);
			await waitFor('the findings', () => expected.every(([rule]) => rulesOf(uri).includes(rule)));
			const findings = JSON.stringify(rulesOf(uri));
			for (const [rule, title] of expected) {
				const original = document.getText();
				const errorsBefore = new Set(diagnosticsOf(uri).filter(candidate => candidate.severity === vscode.DiagnosticSeverity.Error).map(codeOf));
				const diagnostic = diagnosticsOf(uri).find(candidate => codeOf(candidate) === rule) as vscode.Diagnostic;
				const actions = await codeActions(uri, diagnostic.range);
				const fix = actions.find(action => title.test(action.title) && action.edit);
				assert.ok(fix?.edit, `${rule}: ${actions.map(action => action.title).join(' | ')}`);
				assert.ok(await vscode.workspace.applyEdit(fix.edit), `${rule} applies`);
				await waitFor(`${rule} to go`, () => !rulesOf(uri).includes(rule));
				const newErrors = diagnosticsOf(uri).filter(candidate => candidate.severity === vscode.DiagnosticSeverity.Error && !errorsBefore.has(codeOf(candidate)));
				assert.deepEqual(newErrors.map(candidate => candidate.message), [], `${rule}: no new error after the fix`);
				await undoIn(uri);
				await waitFor(`${rule}: the original back`, () => document.getText() === original);
				// Every finding back, not only this one: the next fix is judged against all of them.
				await waitFor(`${rule}: every finding back`, () => JSON.stringify(rulesOf(uri)) === findings);
			}
			assert.ok(!fs.existsSync(path.join(dir, 'lessons.md')) && !fs.existsSync(path.join(dir, 'examples.md')), 'undo took the sidecars away too');
		} finally {
			await closeAllEditors();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	test('a frontmatter that does not parse is offered its repair on the lightbulb: the closing ---, a value quoted, tabs made spaces', async function () {
		this.timeout(60_000);
		const written = ['colon-value', 'tabbed-metadata'].map(name => workspaceFile('.agents', 'skills', name).fsPath);
		const files: [vscode.Uri, string][] = [
			[workspaceFile('.github', 'skills', 'broken-frontmatter', 'SKILL.md'), 'Close the frontmatter with --- after line 3'],
			[vscode.Uri.file(path.join(written[0], 'SKILL.md')), 'Quote the value of description'],
			[vscode.Uri.file(path.join(written[1], 'SKILL.md')), 'Indent the frontmatter with spaces instead of tabs'],
		];
		fs.mkdirSync(written[0], { recursive: true });
		fs.writeFileSync(files[1][0].fsPath, '---\nname: colon-value\ndescription: Formats dates. Use when: a date needs ISO form.\n---\n\n# Colon value\n');
		fs.mkdirSync(written[1], { recursive: true });
		fs.writeFileSync(files[2][0].fsPath, '---\nname: tabbed-metadata\ndescription: Formats dates. Use when a date needs ISO form.\nmetadata:\n\tauthor: alice\n---\n\n# Tabbed metadata\n');
		try {
			for (const [uri, title] of files) {
				const document = await vscode.workspace.openTextDocument(uri);
				await vscode.window.showTextDocument(document);
				await waitFor(`frontmatter-invalid on ${uri.fsPath}`, () => rulesOf(uri).includes('frontmatter-invalid'));
				const original = document.getText();
				const diagnostic = diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'frontmatter-invalid') as vscode.Diagnostic;
				const actions = await codeActions(uri, diagnostic.range);
				const fix = actions.find(action => action.title === title);
				assert.ok(fix?.edit, `"${title}" among: ${actions.map(action => action.title).join(' | ')}`);
				assert.ok(await vscode.workspace.applyEdit(fix.edit));
				await waitFor(`${title}: frontmatter-invalid to go`, () => !rulesOf(uri).includes('frontmatter-invalid'));
				await undoIn(uri);
				await waitFor(`${title}: the original back`, () => document.getText() === original);
				await document.save();
			}
		} finally {
			await closeAllEditors();
			written.forEach(dir => fs.rmSync(dir, { recursive: true, force: true }));
		}
	});

	test('time-sensitive and patch findings explain themselves in the hover', async () => {
		const uri = workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md');
		const diagnostic = diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'time-sensitive') as vscode.Diagnostic;
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start);
		const text = hovers.flatMap(hover => hover.contents.map(content => (content as vscode.MarkdownString).value)).join('\n');
		assert.match(text, /\*\*time-sensitive\*\*/);
		assert.match(text.replace(/&nbsp;/g, ' '), /the version or condition/);
	});

	test('a rule hover renders the catalog\'s code as code, never as escaped backticks', async () => {
		const uri = apiClient();
		const diagnostic = diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'long-code-block') as vscode.Diagnostic;
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start);
		const text = hovers.flatMap(hover => hover.contents.map(content => (content as vscode.MarkdownString).value)).join('\n');
		assert.match(text, /Offload to `scripts\/<name>\.<ext>`/);
		assert.ok(!text.includes('\\`'), text);
	});

	test('Skills: Offload to Sidecar… moves the chosen block as one edit', async () => {
		const uri = workspaceFile('.claude', 'skills', 'brainstorming', 'SKILL.md');
		const original = fs.readFileSync(uri.fsPath, 'utf8');
		const document = await vscode.workspace.openTextDocument(uri);
		const openLine = document.getText().split('\n').findIndex(line => line.startsWith('```dot')) + 1;
		assert.ok(openLine > 0);
		assert.equal(await vscode.commands.executeCommand('skillDistiller.offloadToSidecar', uri, [{ kind: 'block', openLine }]), true);
		const dot = path.join(path.dirname(uri.fsPath), 'scripts', 'process-flow.dot');
		assert.ok(fs.existsSync(dot));
		await waitFor('long-code-block to go', () => !rulesOf(uri).includes('long-code-block'));
		await undoIn(uri);
		await waitFor('the original back', () => document.getText() === original);
		await waitFor('the sidecar gone', () => !fs.existsSync(dot));
		await document.save();
		await waitFor('long-code-block back', () => rulesOf(uri).includes('long-code-block'));
	});

	test('Skills: Fix All in Library applies the safe fixes of every skill, never a suggested one, and running it again finds nothing to do', async () => {
		const fixed = await vscode.commands.executeCommand<string[]>('skillDistiller.fixAllInLibrary', { preview: false });
		assert.ok(fixed.includes('Deploy_Helper: Set name to deploy-helper'), fixed.join('\n'));
		assert.ok(!fixed.some(fix => fix.includes('Offload')), `no offload, a suggested fix: ${fixed.join('\n')}`);
		await vscode.commands.executeCommand('workbench.action.files.saveAll');
		await waitFor('the fixed problems to go', () => !rulesOf(workspaceFile('.claude', 'skills', 'Deploy_Helper', 'SKILL.md')).includes('name-format'));
		assert.ok(rulesOf(apiClient()).includes('long-code-block'), 'the long code block waits for a person');
		assert.ok(!fs.existsSync(path.join(path.dirname(apiClient().fsPath), 'scripts', 'client.py')));
		assert.deepEqual(await vscode.commands.executeCommand<string[]>('skillDistiller.fixAllInLibrary', { preview: false }), []);
	});

	test('an offload into a scripts/ folder that is a symbolic link is not offered, and nothing is written there', async () => {
		const outside = fs.mkdtempSync(path.join(path.dirname(workspaceRoot()), 'skill-distiller-outside-'));
		const dir = path.join(workspaceRoot(), '.agents', 'skills', 'linked-scripts');
		const uri = vscode.Uri.file(path.join(dir, 'SKILL.md'));
		try {
			fs.mkdirSync(dir, { recursive: true });
			fs.symlinkSync(outside, path.join(dir, 'scripts'));
			const code = Array.from({ length: 24 }, (_, i) => `print("step ${i}")`).join('\n');
			fs.writeFileSync(uri.fsPath, `---\nname: linked-scripts\ndescription: Runs steps. Use when testing links.\n---\n\n# Steps\n\n\`\`\`python\n${code}\n\`\`\`\n`);
			await vscode.window.showTextDocument(uri);
			const diagnostic = await waitFor('long-code-block on the linked skill', () => diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'long-code-block'));
			// The action is disabled with its reason, which VS Code shows only in menus asked for a kind; the lightbulb leaves it out.
			const actions = await codeActions(uri, diagnostic.range);
			assert.deepEqual(actions.filter(action => action.title.startsWith('Offload')).map(action => action.title), []);
			await vscode.commands.executeCommand('skillDistiller.fixAllInLibrary', { preview: false });
			assert.deepEqual(fs.readdirSync(outside), [], 'nothing was written where the link points');
		} finally {
			await closeAllEditors();
			fs.rmSync(dir, { recursive: true, force: true });
			fs.rmSync(outside, { recursive: true, force: true });
		}
	});
});
