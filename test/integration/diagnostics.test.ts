import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, diagnosticsOf, extensionApi, rulesOf, unwatched, waitFor, workspaceFile, workspaceRoot } from './support';

const apiClient = () => workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md');
const httpClient = () => workspaceFile('.agents', 'skills', 'http-client', 'SKILL.md');

suite('Diagnostics', () => {
	suiteSetup(() => extensionApi());
	teardown(() => closeAllEditors());

	test('every finding of a skill reaches the Problems panel with source, code and a link to its rule', () => {
		// In .agents/skills, which Claude Code (one of the default targets) does not read.
		assert.deepEqual(rulesOf(apiClient()), ['code-heavy', 'duplicate-description', 'long-code-block', 'missing-reference', 'unseen-by-claude-code']);
		const missing = diagnosticsOf(apiClient()).find(diagnostic => codeOf(diagnostic) === 'missing-reference') as vscode.Diagnostic;
		assert.equal(missing.severity, vscode.DiagnosticSeverity.Warning);
		assert.equal(missing.message, '`scripts/retry.py` does not exist in the skill folder');
		assert.deepEqual([missing.range.start.line, missing.range.start.character, missing.range.end.character], [8, 5, 21]);
		// The code's link runs Open Rule Documentation on the rule: the rendered section, never the file in an editor.
		const target = (missing.code as { target: vscode.Uri }).target;
		assert.deepEqual([target.scheme, target.path, JSON.parse(decodeURIComponent(target.query))], ['command', 'skillDistiller.openRuleDocumentation', ['missing-reference']]);
	});

	test('a long code block is one finding on its opening fence, the rest of the block related; code-heavy sits on the first heading', () => {
		const diagnostics = diagnosticsOf(apiClient());
		const block = diagnostics.find(diagnostic => codeOf(diagnostic) === 'long-code-block') as vscode.Diagnostic;
		assert.deepEqual([block.range.start.line, block.range.start.character, block.range.end.line, block.range.end.character], [12, 0, 12, 9], 'the squiggle is under ```python alone');
		assert.deepEqual(block.relatedInformation?.map(related => [related.location.range.start.line, related.location.range.end.line, related.message]), [[13, 43, 'api-client: the block\'s 30 lines, to its closing fence']]);
		const heavy = diagnostics.find(diagnostic => codeOf(diagnostic) === 'code-heavy') as vscode.Diagnostic;
		assert.deepEqual([heavy.range.start.line, heavy.range.start.character, heavy.range.end.character], [5, 0, 12], 'on "# API Client"');
		const text = fs.readFileSync(apiClient().fsPath, 'utf8').split('\n');
		for (const diagnostic of diagnostics) {
			assert.ok(!diagnostic.range.isEmpty || text[diagnostic.range.start.line].trim() !== '', `no zero-width squiggle on a blank line: ${codeOf(diagnostic)}`);
			assert.ok(diagnostic.range.start.line === diagnostic.range.end.line, `${codeOf(diagnostic)} squiggles one line`);
		}
	});

	test('a cross-skill finding links to the other skill', () => {
		const duplicate = diagnosticsOf(apiClient()).find(diagnostic => codeOf(diagnostic) === 'duplicate-description') as vscode.Diagnostic;
		assert.equal(duplicate.relatedInformation?.length, 1);
		assert.equal(duplicate.relatedInformation?.[0].location.uri.fsPath, httpClient().fsPath);
		assert.equal(duplicate.relatedInformation?.[0].location.range.start.line, 2);
		assert.equal(duplicate.relatedInformation?.[0].message, 'http-client: near-identical description', 'the Problems panel names the other skill, not only its SKILL.md');
	});

	test('broken frontmatter is an error on line 1 and the rest of the library is still checked', () => {
		const broken = diagnosticsOf(workspaceFile('.github', 'skills', 'broken-frontmatter', 'SKILL.md'));
		assert.deepEqual(broken.map(diagnostic => [codeOf(diagnostic), diagnostic.severity, diagnostic.range.start.line]), [['frontmatter-invalid', vscode.DiagnosticSeverity.Error, 0]]);
		assert.ok(rulesOf(workspaceFile('.claude', 'skills', 'Deploy_Helper', 'SKILL.md')).includes('name-format'));
	});

	test('a frontmatter key written twice is an error on the second one, and the whole library is still shown', async () => {
		const { libraryTree } = await extensionApi();
		const repeated = diagnosticsOf(workspaceFile('.github', 'skills', 'repeated-key', 'SKILL.md'));
		assert.deepEqual(repeated.map(diagnostic => [codeOf(diagnostic), diagnostic.message, diagnostic.range.start.line, diagnostic.range.start.character]),
			[['frontmatter-invalid', 'the frontmatter is not valid YAML: duplicated mapping key (line 6, column 1)', 5, 0]]);
		const github = libraryTree.getChildren().find(node => node.kind === 'root' && node.root.label === '.github/skills');
		assert.ok(github, 'the Library view shows the root');
		assert.ok(libraryTree.getChildren(github).some(node => libraryTree.getTreeItem(node).label === 'repeated-key'), 'and the skill in it');
		for (const [root, skill, rule] of [['.claude', 'Deploy_Helper', 'name-format'], ['.agents', 'api-client', 'long-code-block'], ['.github', 'broken-frontmatter', 'frontmatter-invalid']]) {
			assert.ok(rulesOf(workspaceFile(root, 'skills', skill, 'SKILL.md')).includes(rule), `${skill}'s problems are published too`);
		}
	});

	test('typing in a skill re-checks it, and undoing the edit clears the finding again', async () => {
		const uri = httpClient();
		const editor = await vscode.window.showTextDocument(uri);
		await editor.edit(edit => edit.replace(new vscode.Range(1, 6, 1, 17), 'HTTP Client'));
		await waitFor('name-format while typing', () => rulesOf(uri).includes('name-format'));
		const nameFinding = diagnosticsOf(uri).find(diagnostic => codeOf(diagnostic) === 'name-format') as vscode.Diagnostic;
		assert.match(nameFinding.message, /name "HTTP Client" may only contain lower-case letters/);
		await vscode.commands.executeCommand('undo');
		await waitFor('name-format to clear', () => !rulesOf(uri).includes('name-format'));
		assert.equal(editor.document.isDirty, false);
	});

	test('the library\'s totals follow each keystroke and each Refresh, and always equal a count of every skill', async () => {
		const { library } = await extensionApi();
		const recount = () => {
			const skills = library.groups().flatMap(group => group.skills);
			const counts = skills.map(skill => library.counts(skill.file));
			return { skills: skills.length, counts: { errors: counts.reduce((sum, c) => sum + c.errors, 0), warnings: counts.reduce((sum, c) => sum + c.warnings, 0), infos: counts.reduce((sum, c) => sum + c.infos, 0) } };
		};
		const before = library.totals();
		assert.deepEqual(before, recount());
		const uri = httpClient();
		const editor = await vscode.window.showTextDocument(uri);
		await editor.edit(edit => edit.replace(new vscode.Range(1, 6, 1, 17), 'HTTP Client'));
		await waitFor('name-format while typing', () => rulesOf(uri).includes('name-format'));
		assert.deepEqual(library.totals(), { skills: before.skills, counts: { ...before.counts, errors: before.counts.errors + 1 } });
		assert.deepEqual(library.totals(), recount());
		await vscode.commands.executeCommand('undo');
		await waitFor('name-format to clear', () => !rulesOf(uri).includes('name-format'));
		assert.deepEqual(library.totals(), before);
		const refreshing = vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		assert.deepEqual(library.totals(), before, 'while the library is read again, the totals shown are the last ones');
		await refreshing;
		assert.deepEqual(library.totals(), before);
		assert.deepEqual(library.totals(), recount());
	});

	test('a skill saved while the library is being scanned keeps what the save said once the scan ends', async function () {
		// Writing 3,000 skills and scanning them twice takes well over the default 20 s on a busy 2-core machine.
		this.timeout(90_000);
		// Enough skills after http-client's root that the scan reads it first and is still running when the save arrives.
		const bulk = path.join(workspaceRoot(), 'skills');
		const uri = httpClient();
		const editor = await vscode.window.showTextDocument(uri);
		const original = editor.document.getText();
		await unwatched('**/skills/bulk-*/**', async () => {
			for (let index = 0; index < 3000; index++) {
				const name = `bulk-${String(index).padStart(4, '0')}`;
				fs.mkdirSync(path.join(bulk, name), { recursive: true });
				fs.writeFileSync(path.join(bulk, name, 'SKILL.md'), `---\nname: ${name}\ndescription: Bulk skill number ${index}. Use when testing a long scan.\n---\n\n# Bulk ${index}\n\n${'Text of the skill. '.repeat(40)}\n`);
			}
			try {
				const scanning = vscode.commands.executeCommand('skillDistiller.refreshLibrary');
				await new Promise(resolve => setTimeout(resolve, 300));
				await editor.edit(edit => edit.replace(new vscode.Range(1, 6, 1, 17), 'HTTP Client'));
				await editor.document.save();
				await waitFor('name-format from the save', () => rulesOf(uri).includes('name-format'));
				await scanning;
				// The scan read the file before the save: its older result must not replace what the save said.
				await new Promise(resolve => setTimeout(resolve, 1000));
				assert.ok(rulesOf(uri).includes('name-format'), `after the scan: ${rulesOf(uri).join(', ')}`);
			} finally {
				await editor.edit(edit => edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), original));
				await editor.document.save();
				fs.rmSync(bulk, { recursive: true, force: true });
				await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			}
		});
		await waitFor('name-format to clear', () => !rulesOf(uri).includes('name-format'));
	});

	test('a skill opened from outside every root keeps its problems through a Refresh', async () => {
		const outside = fs.mkdtempSync(path.join(path.dirname(workspaceRoot()), 'skill-distiller-elsewhere-'));
		const file = path.join(outside, 'Loose_Notes', 'SKILL.md');
		fs.mkdirSync(path.dirname(file));
		fs.writeFileSync(file, '---\nname: Loose_Notes\ndescription: Notes kept outside the library. Use when testing skills opened from elsewhere.\n---\n\n# Loose notes\n\nKeep them short.\n');
		const uri = vscode.Uri.file(file);
		try {
			await vscode.window.showTextDocument(uri);
			await waitFor('name-format on the skill opened from outside', () => rulesOf(uri).includes('name-format'));
			await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			await new Promise(resolve => setTimeout(resolve, 500));
			assert.ok(rulesOf(uri).includes('name-format'), `after the Refresh: ${rulesOf(uri).join(', ')}`);
			const { library } = await extensionApi();
			assert.ok(library.skill(file), 'the library still holds the open skill');
		} finally {
			await closeAllEditors();
			fs.rmSync(outside, { recursive: true, force: true });
		}
	});

	test('a skill changed on disk is re-checked by the file watcher', async () => {
		const file = workspaceFile('.claude', 'skills', 'Deploy_Helper', 'SKILL.md').fsPath;
		const original = fs.readFileSync(file, 'utf8');
		try {
			fs.writeFileSync(file, original.replace('name: Deploy_Helper', 'name: deploy-helper'));
			await waitFor('name-format to go and name-mismatch to come', () => {
				const rules = rulesOf(vscode.Uri.file(file));
				return !rules.includes('name-format') && rules.includes('name-mismatch');
			});
		} finally {
			fs.writeFileSync(file, original);
		}
		await waitFor('name-format back', () => rulesOf(vscode.Uri.file(file)).includes('name-format'));
	});

	test('a sidecar created on disk resolves a missing reference', async () => {
		const script = path.join(path.dirname(apiClient().fsPath), 'scripts', 'retry.py');
		fs.mkdirSync(path.dirname(script), { recursive: true });
		fs.writeFileSync(script, 'print("retry")\n');
		try {
			await waitFor('missing-reference to clear', () => !rulesOf(apiClient()).includes('missing-reference'));
		} finally {
			fs.rmSync(path.dirname(script), { recursive: true, force: true });
		}
		await waitFor('missing-reference back', () => rulesOf(apiClient()).includes('missing-reference'));
	});

	test('a skill added on disk joins the library; deleting it removes it and its problems', async () => {
		const { library } = await extensionApi();
		const dir = workspaceFile('.agents', 'skills', 'billing-client').fsPath;
		const file = path.join(dir, 'SKILL.md');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(file, fs.readFileSync(httpClient().fsPath, 'utf8').replace('name: http-client', 'name: billing-client'));
		await waitFor('the new skill', () => library.skill(file));
		await waitFor('its duplicate-description finding', () => rulesOf(vscode.Uri.file(file)).includes('duplicate-description'));
		await waitFor('http-client to be told about the new near-duplicate', () =>
			diagnosticsOf(httpClient()).find(diagnostic => codeOf(diagnostic) === 'duplicate-description')?.relatedInformation?.length === 2);
		fs.rmSync(dir, { recursive: true, force: true });
		await waitFor('the skill to leave the library', () => !library.skill(file));
		assert.deepEqual(diagnosticsOf(vscode.Uri.file(file)), []);
		await waitFor('http-client back to one near-duplicate', () =>
			diagnosticsOf(httpClient()).find(diagnostic => codeOf(diagnostic) === 'duplicate-description')?.relatedInformation?.length === 1);
	});

	test('a rule turned off in the settings disappears from the Problems panel', async () => {
		const settings = vscode.workspace.getConfiguration('skillDistiller');
		await settings.update('rules', { 'code-heavy': 'off', 'long-code-block': { minLines: 40 } }, vscode.ConfigurationTarget.Workspace);
		try {
			await waitFor('code-heavy and long-code-block to go', () => {
				const rules = rulesOf(apiClient());
				return !rules.includes('code-heavy') && !rules.includes('long-code-block') && rules.includes('missing-reference');
			});
		} finally {
			await settings.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
		}
		await waitFor('the rules back', () => rulesOf(apiClient()).includes('code-heavy'));
	});

	test('the strict profile reports top-level lifecycle keys as warnings', async () => {
		const draft = workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md');
		assert.ok(!rulesOf(draft).includes('unknown-field'));
		const settings = vscode.workspace.getConfiguration('skillDistiller');
		await settings.update('profile', 'strict', vscode.ConfigurationTarget.Workspace);
		try {
			const unknown = await waitFor('unknown-field findings', () => {
				const found = diagnosticsOf(draft).filter(diagnostic => codeOf(diagnostic) === 'unknown-field');
				return found.length > 0 && found;
			});
			assert.equal(unknown.length, 4, 'status, priority, created_from and created');
			assert.ok(unknown.every(diagnostic => diagnostic.severity === vscode.DiagnosticSeverity.Warning));
			assert.match(unknown[0].message, /lifecycle key `status` belongs under `metadata:`/);
		} finally {
			await settings.update('profile', undefined, vscode.ConfigurationTarget.Workspace);
		}
		await waitFor('unknown-field to go', () => !rulesOf(draft).includes('unknown-field'));
	});
});
