import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeProposal } from '../../src/core/distil/proposalStore';
import type { FreshAgentRun } from '../../src/extension/commands/testWithFreshAgent';
import type { ReviewPanel } from '../../src/extension/review/reviewPanel';
import { closeAllEditors, extensionApi, shownWhile, waitFor, workspaceRoot } from './support';

const repository = path.resolve(__dirname, '..', '..', '..');
const agent = (name: string) => `"${process.execPath}" "${path.join(repository, 'test', 'fixtures', 'agents', name)}"`;

const skillText = `---
name: greeting-helper
description: Writes the project's greeting file. Use when asked for the greeting.
status: draft
priority: high
---

# Write the greeting

\`\`\`sh
echo "hello apprentice" > greeting.txt
\`\`\`
`;

const greetingCase = { id: 'greeting', task: 'Write the project\'s greeting file.', check: 'grep -q "hello apprentice" greeting.txt' };

suite('apprentice', () => {
	const skillDir = () => path.join(workspaceRoot(), '.claude', 'skills', 'greeting-helper');
	const skillFile = () => path.join(skillDir(), 'SKILL.md');
	const settings = () => vscode.workspace.getConfiguration('skillDistiller');

	suiteSetup(async () => {
		fs.mkdirSync(path.join(skillDir(), 'evals'), { recursive: true });
		fs.writeFileSync(skillFile(), skillText);
		fs.writeFileSync(path.join(skillDir(), 'evals', 'cases.json'), JSON.stringify({ cases: [greetingCase] }, null, '\t'));
		await (await extensionApi()).library.reloadSkill(skillFile());
	});

	suiteTeardown(async () => {
		await settings().update('apprentice.agentCommand', undefined, vscode.ConfigurationTarget.Global);
		await settings().update('promote.requireApprentice', undefined, vscode.ConfigurationTarget.Workspace);
		fs.rmSync(skillDir(), { recursive: true, force: true });
		await (await extensionApi()).library.removeSkill(skillFile());
	});

	test('Test with a Fresh Agent passes with the skill and fails without it, says so, and the Library row and its tooltip show the result', async () => {
		await settings().update('apprentice.agentCommand', agent('skill-runner.js'), vscode.ConfigurationTarget.Global);
		const before = fs.readdirSync(workspaceRoot()).sort();
		const { result, shown } = await shownWhile(() => vscode.commands.executeCommand<FreshAgentRun | undefined>('skillDistiller.testWithFreshAgent', vscode.Uri.file(skillFile()), { without: true }));
		assert.ok(result, JSON.stringify(shown));
		assert.deepEqual(result.report.cases.map(item => [item.id, item.passed, item.without?.passed]), [['greeting', true, false]]);
		assert.deepEqual(shown, [{ severity: 'information', text: 'greeting-helper: a fresh agent passed the case. Without the skill: 0 of 1 passed (the skill made the difference in 1 case).' }]);
		assert.deepEqual(fs.readdirSync(workspaceRoot()).filter(name => name !== '.skills-proposed').sort(), before.filter(name => name !== '.skills-proposed'), 'no greeting.txt in the person\'s folder');

		const api = await extensionApi();
		const node = await waitFor('the skill\'s row', () => api.libraryTree.skillNode(skillFile()));
		const item = api.libraryTree.getTreeItem(node);
		assert.match(String(item.description), /apprentice ✓$/);
		const tooltip = api.libraryTree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString;
		// appendText escapes what it is given for Markdown; a person reads the text unescaped.
		assert.match(tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, ''), /\n\nApprentice test: a fresh agent passed its case on \d{4}-\d\d-\d\d(\n|$)/);
	});

	test('Promote to Stable with promote.requireApprentice refuses a draft whose cases were not passed as they are now, and shows the result when it promotes', async () => {
		await settings().update('promote.requireApprentice', true, vscode.ConfigurationTarget.Workspace);
		const casesFile = path.join(skillDir(), 'evals', 'cases.json');
		const original = fs.readFileSync(casesFile, 'utf8');
		fs.writeFileSync(casesFile, JSON.stringify({ cases: [greetingCase, { id: 'farewell', task: 'Write the farewell file.', check: 'test -f farewell.txt' }] }));
		const api = await extensionApi();
		await api.library.reloadSkill(skillFile());
		const refused = await shownWhile(() => vscode.commands.executeCommand<boolean>('skillDistiller.promoteToStable', vscode.Uri.file(skillFile()), { note: 'release 2' }));
		assert.equal(refused.result, false);
		assert.deepEqual(refused.shown, [{ severity: 'error', text: 'greeting-helper is not promoted: skillDistiller.promote.requireApprentice is on and the last apprentice run (' + new Date().toISOString().slice(0, 10) + ': 1 of 1 passed) tested an earlier version of greeting-helper or its cases.' }]);

		fs.writeFileSync(casesFile, original);
		await api.library.reloadSkill(skillFile());
		const promoted = await vscode.commands.executeCommand<boolean>('skillDistiller.promoteToStable', vscode.Uri.file(skillFile()), { note: 'release 2' });
		assert.equal(promoted, true);
		assert.match(fs.readFileSync(skillFile(), 'utf8'), /^validation_note: release 2$/m);
		fs.writeFileSync(skillFile(), skillText);
		await api.library.reloadSkill(skillFile());
	});

	test('Cancel stops the agent with everything it started', async () => {
		await settings().update('apprentice.agentCommand', agent('sleeper.js'), vscode.ConfigurationTarget.Global);
		const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apprentice-marker-')), 'outlived.txt');
		process.env.APPRENTICE_TEST_MARKER = marker;
		const window = vscode.window as unknown as { withProgress: typeof vscode.window.withProgress };
		const original = window.withProgress;
		// The person presses Cancel on the notification a second after it appears.
		window.withProgress = (options, task) => original(options, (progress, token) => {
			const cancel = new vscode.CancellationTokenSource();
			token.onCancellationRequested(() => cancel.cancel());
			setTimeout(() => cancel.cancel(), 1000);
			return task(progress, cancel.token);
		});
		try {
			const started = Date.now();
			const result = await vscode.commands.executeCommand<FreshAgentRun | undefined>('skillDistiller.testWithFreshAgent', vscode.Uri.file(skillFile()), { without: false });
			assert.equal(result, undefined);
			assert.ok(Date.now() - started < 8000, 'it did not wait for the timeout');
		} finally {
			window.withProgress = original;
			delete process.env.APPRENTICE_TEST_MARKER;
		}
		await new Promise(resolve => setTimeout(resolve, 3000));
		assert.ok(!fs.existsSync(marker), 'the agent\'s child was killed with it');
	});

	test('the review panel lists a proposal\'s apprentice cases and Edit cases opens its evals/cases.json, with diagnostics while it is edited', async () => {
		const staging = path.join(workspaceRoot(), '.skills-proposed');
		const dir = writeProposal(staging, {
			action: 'create', name: 'greeting-writer', target: null, session: { agent: 'claude-code', id: '4f2c1a9b', path: '/tmp/x.jsonl' },
			triggers: [], created: '2026-11-20T10:00:00.000Z', reason: 'A verified fix.', checks: [],
		}, skillText.replace(/greeting-helper/g, 'greeting-writer'), undefined, [{ ...greetingCase, note: 'From Claude Code session 4f2c1a9b: failed on line 3, passed on line 9.' }]);
		try {
			const api = await extensionApi();
			api.proposalsTree.refresh();
			const panel = await vscode.commands.executeCommand<ReviewPanel>('skillDistiller.reviewProposals', dir);
			const current = await waitFor('the proposal in the panel', () => panel.state?.current?.id === dir && panel.state.current);
			assert.deepEqual(current.cases, [{ ...greetingCase, note: 'From Claude Code session 4f2c1a9b: failed on line 3, passed on line 9.' }]);
			assert.deepEqual(current.casesProblems, []);

			await panel.handle({ type: 'editCases', id: dir });
			const editor = await waitFor('the cases file in an editor', () => vscode.window.visibleTextEditors.find(shown => shown.document.uri.fsPath === path.join(dir, 'evals', 'cases.json')));
			await editor.edit(builder => builder.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '{"cases": [{"id": "greeting", "task": "Write it."}]}\n'));
			const diagnostics = await waitFor('a diagnostic on the cases', () => {
				const found = vscode.languages.getDiagnostics(editor.document.uri);
				return found.length > 0 && found;
			});
			assert.deepEqual(diagnostics.map(diagnostic => diagnostic.message), ['case "greeting": a case needs "check" (a command that must exit 0 afterwards) or "expect" (a pattern the final answer must match), or both']);
			await waitFor('the panel to follow the edit', () => panel.state?.current?.casesProblems.length === 1);
			await vscode.commands.executeCommand('workbench.action.files.revert');
			panel.dispose();
		} finally {
			await closeAllEditors();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
