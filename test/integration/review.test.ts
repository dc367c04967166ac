import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ledgerFileName, type ProposalRecord, readLedger, writeProposal } from '../../src/core/distil/proposalStore';
import { mergeLessons } from '../../src/core/distil/skillDraft';
import type { ReviewProposal } from '../../src/core/review/reviewProtocol';
import { writeDemoSessions } from '../../scripts/demoSessions';
import { closeAllEditors, extensionApi, waitFor, workspaceRoot } from './support';

const session = { agent: 'claude-code' as const, id: 'cccccccc-0000-4000-8000-000000000001', path: '/nowhere/session.jsonl' };
const evidence = [{ kind: 'repeated-error' as const, summary: 'The same error came back 3 times: "ECONNREFUSED"', evidence: [{ line: 3, quote: 'Error: connect ECONNREFUSED 127.0.0.1:5432' }] }];

function record(overrides: Partial<ProposalRecord>): ProposalRecord {
	return { action: 'create', name: 'x', target: null, session, triggers: evidence, created: '2026-11-21T09:00:00.000Z', reason: 'no library skill covers this', checks: [], ...overrides };
}

const newSkill = (name: string, body: string) => `---
name: ${name}
description: Use when the invoice export job cannot reach the database.
status: draft
priority: high
created_from: Claude Code session cccccccc (2026-11-21)
---

# Exporting Invoices

${body}

## Iteration Log

- 2026-11-21: proposed from Claude Code session cccccccc (repeated-error).

<!-- skill-distiller: proposed from claude-code session cccccccc-0000-4000-8000-000000000001 on 2026-11-21 -->
`;

function staging(...parts: string[]): string {
	return path.join(workspaceRoot(), '.skills-proposed', ...parts);
}

/** How many repositories VS Code's Git extension has open. */
function openGitRepositories(): number {
	const git = vscode.extensions.getExtension<{ getAPI(version: 1): { repositories: readonly unknown[] } }>('vscode.git');
	return git?.isActive ? git.exports.getAPI(1).repositories.length : 0;
}

function git(...args: string[]): string {
	return execFileSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8' });
}

suite('Review and promote', () => {
	let created: string;
	let update: string;
	let hostile: string;
	let rejected: string;
	let leaking: string;
	let episodic: string;
	let memory: string;
	let transcript: string;
	const target = () => path.join(workspaceRoot(), '.claude', 'skills', 'systematic-debugging', 'SKILL.md');
	let targetBefore: string;

	suiteSetup(async () => {
		const api = await extensionApi();
		await vscode.workspace.getConfiguration('skillDistiller').update('git.commit', 'always', vscode.ConfigurationTarget.Workspace);
		git('init', '-q');
		git('config', 'user.name', 'Skill Distiller Tests');
		git('config', 'user.email', 'tests@skill-distiller.invalid');
		git('add', '-A');
		git('commit', '-q', '-m', 'The sample library');
		targetBefore = fs.readFileSync(target(), 'utf8');
		created = writeProposal(staging(), record({ name: 'exporting-invoices' }), newSkill('exporting-invoices', '## Failure Modes\n\n- **Symptom:** `ECONNREFUSED 127.0.0.1:5432`. **Fix:** start the database with `docker compose up -d db` first.'));
		const merged = mergeLessons(targetBefore, [{ key: 'episode ci', section: 'Failure Modes', trigger: 'resolved-failure', text: '**Symptom:** a fix that passes locally fails in CI. **Fix:** reproduce with the CI image before changing code.', evidence: [], terms: [] }],
			{ agentLabel: 'Claude Code', agent: 'claude-code', sessionId: session.id, today: '2026-11-21', triggers: ['resolved-failure'] });
		update = writeProposal(staging(), record({ action: 'update', name: 'systematic-debugging', target: target(), reason: 'the lessons match its name and description' }), merged, targetBefore);
		hostile = writeProposal(staging(), record({ name: 'rendering-html', triggers: [{ kind: 'user-correction', summary: '<script>alert("summary")</script>', evidence: [{ line: 1, quote: '<img src=x onerror=alert(1)>' }] }] }),
			newSkill('rendering-html', '<script>alert(1)</script>\n\n[click](javascript:alert(2))'));
		rejected = writeProposal(staging(), record({ name: 'one-off-port' }), newSkill('one-off-port', '- Port 5433 today.'));
		const script = Array.from({ length: 22 }, (_, i) => `echo step ${i}`).join('\n');
		leaking = writeProposal(staging(), record({ name: 'pushing-releases' }), newSkill('pushing-releases', `Push with ghp_${'A1b2C3d4E5'.repeat(4)} as the token.\n\n\`\`\`bash\n${script}\n\`\`\``));
		const sessions = fs.mkdtempSync(path.join(os.tmpdir(), 'review-session-'));
		transcript = writeDemoSessions(sessions, workspaceRoot()).find(file => file.includes('7d3e9a41')) ?? assert.fail('the demo session');
		episodic = writeProposal(staging(), record({
			name: 'writing-release-notes', session: { ...session, path: transcript },
			triggers: [
				{ kind: 'resolved-failure', summary: '`npm run release-notes` failed, then passed', evidence: [{ line: 3, quote: 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'' }, { line: 17, quote: 'npm run release-notes' }] },
				{ kind: 'user-rule', summary: 'The person stated a rule: "Release notes go out on Mondays."', evidence: [{ line: 19, quote: 'Release notes go out on Mondays.' }] },
			],
			episodes: [{
				check: 'npm run release-notes',
				symptom: { line: 3, quote: 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'' },
				attempts: [{ line: 6, quote: 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'' }],
				rejected: { line: 13, quote: 'No, don\'t pass the path every time: the changelog lives in docs/ now.' },
				resolution: { steps: [{ line: 14, quote: 'Edit scripts/release-notes.mjs' }], passed: { line: 17, quote: 'npm run release-notes' } },
				personWords: [{ line: 13, quote: 'No, don\'t pass the path every time: the changelog lives in docs/ now.' }],
			}],
			noted: [{ summary: 'The person interrupted the agent', why: 'nothing the agent did after it was corrected', evidence: [{ line: 8, quote: '[Request interrupted by user]' }] }],
			lessons: [{ key: 'episode npm run release-notes enoent', section: 'Failure Modes', text: 'x' }],
		}), newSkill('writing-release-notes', '## Failure Modes\n\n- **Symptom:** `ENOENT CHANGELOG.md` from `npm run release-notes`. **Fix:** read `docs/CHANGELOG.md` by default.'));
		memory = writeProposal(staging(), record({ action: 'memory', name: 'project-memory', target: path.join(workspaceRoot(), 'CLAUDE.md'), reason: 'a fact about this project' }),
			'# Memory proposed from Claude Code session cccccccc\n\n- The changelog lives in docs/CHANGELOG.md.\n\n<!-- skill-distiller: proposed from claude-code session cccccccc-0000-4000-8000-000000000001 on 2026-11-21 -->\n');
		api.proposalsTree.refresh();
	});

	suiteTeardown(async () => {
		await closeAllEditors();
		panelNow()?.dispose();
		await vscode.workspace.getConfiguration('skillDistiller').update('git.commit', undefined, vscode.ConfigurationTarget.Workspace);
		// Removing .git under VS Code's Git extension while it still watches the repository breaks a later git call's pipe (EPIPE); turning it off first closes every repository it has open.
		await vscode.workspace.getConfiguration('git').update('enabled', false, vscode.ConfigurationTarget.Workspace);
		await waitFor('the Git extension to close the repository', () => openGitRepositories() === 0);
		fs.rmSync(path.join(workspaceRoot(), '.git'), { recursive: true, force: true });
		await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
		fs.writeFileSync(target(), targetBefore);
		for (const dir of [created, update, hostile, rejected, leaking, episodic, memory, path.dirname(path.dirname(path.dirname(transcript)))]) {
			fs.rmSync(dir, { recursive: true, force: true });
		}
		fs.rmSync(staging(ledgerFileName), { force: true });
		fs.rmSync(path.join(workspaceRoot(), 'CLAUDE.md'), { force: true });
		fs.rmSync(staging('.accepted'), { recursive: true, force: true });
		fs.rmSync(staging('.rejected'), { recursive: true, force: true });
		fs.rmSync(path.join(workspaceRoot(), '.claude', 'skills', 'exporting-invoices'), { recursive: true, force: true });
		fs.rmSync(path.join(workspaceRoot(), '.claude', 'skills', 'reconciling-ledgers'), { recursive: true, force: true });
		const library = (await extensionApi()).library;
		await library.rescan();
	});

	let extension: Awaited<ReturnType<typeof extensionApi>> | undefined;
	/** The review panel, while it is open. */
	function panelNow() {
		return extension?.reviewPanel();
	}

	/** Opens the panel as the Proposals view does and waits for what it sends the webview. */
	async function open(id?: string): Promise<ReviewProposal> {
		extension = await extensionApi();
		await vscode.commands.executeCommand('skillDistiller.reviewProposals', id);
		return waitFor('the proposal in the panel', () => {
			const current = panelNow()?.state?.current;
			return current && (id === undefined || current.id === id) ? current : undefined;
		});
	}

	test('Review Proposals opens a panel with a strict Content Security Policy and a fresh nonce each time', async () => {
		await open();
		const panel = panelNow();
		assert.ok(panel);
		const html = panel.panel.webview.html;
		const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
		assert.match(csp, /^default-src 'none'; /);
		const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
		assert.ok(nonce && nonce.length >= 16);
		assert.deepEqual([...html.matchAll(/<script ([^>]*)>/g)].map(match => match[1]), [`nonce="${nonce}" src="${panel.panel.webview.asWebviewUri(vscode.Uri.joinPath(vscode.Uri.file(path.resolve(__dirname, '..', '..', '..')), 'media', 'dist', 'review.js'))}"`]);
		assert.ok(!/<script>|\son[a-z]+=/.test(html), 'no inline script or handler');
		panel.dispose();
		await open();
		const again = /script-src 'nonce-([^']+)'/.exec(panelNow()?.panel.webview.html ?? '')?.[1];
		assert.ok(again && again !== nonce, 'a new render has a new nonce');
	});

	test('walks through a proposal: the evidence, the draft rendered with its HTML escaped, the checks', async () => {
		const proposal = await open(hostile);
		assert.deepEqual(proposal.triggers.map(trigger => [trigger.summary, trigger.evidence[0].quote]), [['<script>alert("summary")</script>', '<img src=x onerror=alert(1)>']], 'texts are passed as text');
		assert.ok(proposal.draft);
		assert.ok(!/<script|href="javascript:/.test(proposal.draft.html), proposal.draft.html);
		assert.match(proposal.draft.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
		assert.deepEqual(panelNow()?.state?.proposals.map(entry => entry.id).sort(), [created, hostile, rejected, update, leaking, episodic, memory, staging('handling-flaky-tests')].sort());
	});

	test('the Evidence step tells an episode (symptom → what did not help → resolution, the person\'s words) and what was left out, and opens the transcript at a line of it', async () => {
		const proposal = await open(episodic);
		assert.deepEqual(proposal.episodes.map(episode => [episode.check, episode.resolved, episode.lines.map(line => `${line.role} ${line.where}`)]), [
			['npm run release-notes', true, ['symptom line 3', 'attempt line 6', 'rejected line 13', 'resolution line 14', 'passed line 17']],
		]);
		assert.equal(proposal.episodes[0].lines[2].quote, 'No, don\'t pass the path every time: the changelog lives in docs/ now.');
		assert.deepEqual(proposal.triggers.map(trigger => [trigger.kind, trigger.inEpisode]), [['resolved-failure', true], ['user-rule', false]], 'the rule no episode tells is still shown as a trigger');
		assert.deepEqual(proposal.noted, [{ summary: 'The person interrupted the agent', why: 'nothing the agent did after it was corrected', evidence: [{ line: 8, quote: '[Request interrupted by user]', where: 'line 8' }] }]);
		const panel = panelNow();
		assert.ok(panel);
		await panel.handle({ type: 'openTranscript', id: episodic, list: 'episodes', item: 0, evidence: 0, raw: false });
		// The session is shown rendered, in a Markdown preview of a read-only document: the conversation, not its JSON records.
		const view = await waitFor('the rendered transcript', () => vscode.workspace.textDocuments.find(document => document.uri.scheme === 'skill-distiller-transcript'));
		await waitFor('its preview', () => vscode.window.tabGroups.all.flatMap(group => group.tabs).find(tab => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview')));
		const text = view.getText();
		assert.match(text, /#### line 1 · Person\n\n> The release-notes skill fails on the new changelog/);
		assert.match(text, /## ▶ Cited: line 3 · Tool result: failed \(exit 1\)\n\n```text\nExit code 1\nError: ENOENT/);
		assert.ok(!vscode.workspace.textDocuments.some(document => document.uri.fsPath === transcript), 'the raw file is not opened');
		await assert.rejects(async () => vscode.workspace.fs.writeFile(view.uri, new Uint8Array()), 'the view is read-only');
		// Raw keeps the way to the file itself, at the line.
		await panel.handle({ type: 'openTranscript', id: episodic, list: 'episodes', item: 0, evidence: 3, raw: true });
		const editor = await waitFor('the raw transcript at the resolution', () => vscode.window.activeTextEditor?.document.uri.fsPath === transcript && vscode.window.activeTextEditor);
		assert.equal(editor.selection.active.line, 13, 'line 14, where the fix was made');
		await closeAllEditors();
	});

	test('an update shows the diff against the skill as it is now', async () => {
		const proposal = await open(update);
		assert.equal(proposal.action, 'update');
		assert.ok(proposal.diff);
		assert.equal(proposal.diff.removed, 0);
		assert.ok(proposal.diff.hunks.some(hunk => hunk.lines.some(line => line.kind === 'add' && line.text.includes('reproduce with the CI image'))));
		assert.ok(proposal.diff.hunks.every(hunk => hunk.lines.every(line => !line.text.includes('skill-distiller: proposed'))), 'the provenance comment is not merged');
	});

	test('the checks step lists the engine\'s findings on the result, errors first, and Accept is refused while there are errors', async () => {
		const proposal = await open(leaking);
		assert.deepEqual(proposal.checks.map(check => [check.severity, check.rule]), [['error', 'secret'], ['warning', 'code-heavy'], ['warning', 'long-code-block']]);
		assert.match(proposal.checks[0].message, /a GitHub token is written here/);
		const panel = panelNow();
		assert.ok(panel);
		const roots = panel.state?.current?.roots ?? [];
		await panel.handle({ type: 'accept', id: leaking, root: roots.findIndex(root => root.path === path.join(workspaceRoot(), '.claude', 'skills')) });
		assert.ok(fs.existsSync(leaking), 'the proposal is still pending');
		assert.ok(!fs.existsSync(path.join(workspaceRoot(), '.claude', 'skills', 'pushing-releases')), 'nothing was written to the library');
	});

	test('the panel follows edits of the draft', async () => {
		await open(created);
		const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(created, 'SKILL.md')));
		await editor.edit(builder => builder.insert(new vscode.Position(10, 0), 'Added while reviewing.\n\n'));
		await waitFor('the edit to reach the panel', () => panelNow()?.state?.current?.draft?.html.includes('Added while reviewing.'));
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('messages outside the protocol are ignored: unknown ids, paths, out-of-range roots', async () => {
		await open(created);
		const panel = panelNow();
		assert.ok(panel);
		for (const message of [{ type: 'accept', id: '/etc', root: 0 }, { type: 'accept', id: created, root: 99 }, { type: 'reject', id: created, reason: '' }, { type: 'eval', code: 'x' }]) {
			await panel.handle(message);
		}
		assert.ok(fs.existsSync(path.join(created, 'SKILL.md')), 'the proposal is untouched');
		assert.ok(!fs.existsSync(staging('.rejected')));
	});

	test('Accept as draft writes the skill into the chosen root, archives the proposal and commits the skill', async () => {
		await open(created);
		const panel = panelNow();
		assert.ok(panel);
		const roots = panel.state?.current?.roots ?? [];
		const index = roots.findIndex(root => root.path === path.join(workspaceRoot(), '.claude', 'skills'));
		assert.ok(index >= 0, JSON.stringify(roots));
		await panel.handle({ type: 'accept', id: created, root: index });
		const file = path.join(workspaceRoot(), '.claude', 'skills', 'exporting-invoices', 'SKILL.md');
		const text = fs.readFileSync(file, 'utf8');
		assert.match(text, /^status: draft$/m);
		assert.ok(!text.includes('skill-distiller: proposed'));
		assert.ok(!fs.existsSync(created));
		assert.ok(fs.existsSync(staging('.accepted', 'exporting-invoices', 'proposal.json')));
		const api = await extensionApi();
		await waitFor('the new draft in the library', () => api.library.skill(file)?.status === 'draft');
		await waitFor('the commit', () => git('log', '-1', '--format=%s').trim() === 'skills: accept exporting-invoices as a draft', 15_000);
		assert.match(git('log', '-1', '--format=%b'), /From Claude Code session cccccccc-0000-4000-8000-000000000001 \(repeated-error\)\./);
		assert.deepEqual(git('show', '--name-only', '--format=', 'HEAD').trim().split('\n'), ['.claude/skills/exporting-invoices/SKILL.md']);
	});

	test('Merge applies the update as one edit that one undo takes back', async () => {
		await open(update);
		await panelNow()?.handle({ type: 'merge', id: update });
		const merged = fs.readFileSync(target(), 'utf8');
		assert.ok(merged.includes('reproduce with the CI image'));
		assert.match(merged, /- 2026-11-21: updated from Claude Code session cccccccc \(resolved-failure\)\.\n$/);
		assert.ok(fs.existsSync(staging('.accepted', 'systematic-debugging')));
		await waitFor('the merge commit', () => git('log', '-1', '--format=%s').trim() === 'skills: merge distilled lessons into systematic-debugging', 15_000);
		await vscode.window.showTextDocument(vscode.Uri.file(target()));
		await vscode.commands.executeCommand('undo');
		assert.equal(vscode.window.activeTextEditor?.document.getText(), targetBefore, 'one undo restores the skill');
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('Reject moves the proposal, with the reason, to .rejected; nothing is deleted', async () => {
		await open(rejected);
		await panelNow()?.handle({ type: 'reject', id: rejected, reason: 'A one-off fact about one afternoon.' });
		assert.ok(!fs.existsSync(rejected));
		const archived = JSON.parse(fs.readFileSync(staging('.rejected', 'one-off-port', 'proposal.json'), 'utf8')) as ProposalRecord;
		assert.equal(archived.outcome?.kind, 'rejected');
		assert.equal(archived.outcome?.reason, 'A one-off fact about one afternoon.');
		assert.ok(fs.existsSync(staging('.rejected', 'one-off-port', 'SKILL.md')));
		assert.ok(!panelNow()?.state?.proposals.some(entry => entry.id === rejected));
	});

	test('Reject records the proposal\'s lessons as rejected in the staging folder\'s ledger', async () => {
		await open(episodic);
		await panelNow()?.handle({ type: 'reject', id: episodic, reason: 'We keep passing the path.' });
		assert.ok(fs.existsSync(staging('.rejected', 'writing-release-notes', 'proposal.json')));
		assert.deepEqual(readLedger(staging()).lessons['episode npm run release-notes enoent'], { state: 'rejected', proposal: 'writing-release-notes', date: (await extensionApi()).library.config.today, reason: 'We keep passing the path.' });
	});

	test('a decision can be undone from the panel: an accepted skill leaves the library, a rejected proposal is pending again', async () => {
		const undoing = writeProposal(staging(), record({ name: 'undoing-accepts', lessons: [{ key: 'episode undo', section: 'Failure Modes', text: 'x' }] }), newSkill('undoing-accepts', '## Failure Modes\n\n- **Symptom:** an accept by mistake. **Fix:** Undo.'));
		const file = path.join(workspaceRoot(), '.claude', 'skills', 'undoing-accepts', 'SKILL.md');
		try {
			await (await extensionApi()).library.rescan();
			(await extensionApi()).proposalsTree.refresh();
			await open(undoing);
			const panel = panelNow();
			assert.ok(panel);
			const root = panel.state?.current?.roots.findIndex(candidate => candidate.path === path.dirname(path.dirname(file))) ?? -1;
			await panel.handle({ type: 'accept', id: undoing, root });
			assert.ok(fs.existsSync(file) && !fs.existsSync(undoing));
			await panel.handle({ type: 'undo' });
			assert.ok(!fs.existsSync(path.dirname(file)), 'the accepted skill is gone from the library, folder and all');
			assert.ok(fs.existsSync(path.join(undoing, 'SKILL.md')) && !fs.existsSync(staging('.accepted', 'undoing-accepts')), 'the proposal is pending again');
			assert.equal(readLedger(staging()).lessons['episode undo'].state, 'proposed');
			assert.ok(panel.state?.proposals.some(entry => entry.id === undoing), 'the panel lists it again');

			await panel.handle({ type: 'reject', id: undoing, reason: 'By mistake too.' });
			assert.ok(!fs.existsSync(undoing));
			await panel.handle({ type: 'undo' });
			assert.ok(fs.existsSync(path.join(undoing, 'SKILL.md')) && !fs.existsSync(staging('.rejected', 'undoing-accepts')));
			assert.equal(readLedger(staging()).lessons['episode undo'].state, 'proposed');
			assert.equal(panel.state?.current?.id, undoing, 'the panel shows the proposal again');
			await panel.handle({ type: 'undo' });
			assert.ok(fs.existsSync(path.join(undoing, 'SKILL.md')), 'a second undo has nothing to take back and changes nothing');
		} finally {
			fs.rmSync(undoing, { recursive: true, force: true });
			fs.rmSync(path.dirname(file), { recursive: true, force: true });
		}
	});

	test('a memory proposal adds its facts to the workspace\'s CLAUDE.md: the button names the file', async () => {
		const proposal = await open(memory);
		assert.equal(proposal.targetLabel, 'CLAUDE.md', 'the Decide step reads "Add to CLAUDE.md"');
		await panelNow()?.handle({ type: 'accept', id: memory, root: 0 });
		assert.equal(fs.readFileSync(path.join(workspaceRoot(), 'CLAUDE.md'), 'utf8'), '- The changelog lives in docs/CHANGELOG.md.\n');
		assert.ok(fs.existsSync(staging('.accepted', 'project-memory')));
		await waitFor('the memory commit', () => git('log', '-1', '--format=%s').trim() === 'skills: add distilled facts to CLAUDE.md', 15_000);
	});

	test('Promote to Stable records the validation as one edit; a skill with errors is refused', async () => {
		const file = path.join(workspaceRoot(), '.claude', 'skills', 'reconciling-ledgers', 'SKILL.md');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, newSkill('reconciling-ledgers', '## Key Workflows\n\n- Reconcile against the bank export first.').replace(/\n\n<!-- skill-distiller:.*-->\n$/, '\n'));
		git('add', '-A');
		git('commit', '-q', '-m', 'A draft to promote');
		await (await extensionApi()).library.reloadSkill(file);
		const promoted = await vscode.commands.executeCommand<boolean>('skillDistiller.promoteToStable', vscode.Uri.file(file), { note: 'the November invoice export' });
		assert.equal(promoted, true);
		const text = fs.readFileSync(file, 'utf8');
		assert.ok(!/^status:|^priority:/m.test(text));
		assert.match(text, /^validation_note: the November invoice export$/m);
		assert.match(text, /- \d{4}-\d\d-\d\d: validated on the November invoice export; promoted to stable\.\n$/);
		const api = await extensionApi();
		await waitFor('the skill to be stable', () => api.library.skill(file)?.status === 'stable');
		await waitFor('the promotion commit', () => git('log', '-1', '--format=%s').trim() === 'skills: promote reconciling-ledgers to stable', 15_000);
		const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
		await vscode.commands.executeCommand('undo');
		assert.match(editor.document.getText(), /^status: draft$/m, 'one undo takes the promotion back');
		assert.ok(!editor.document.getText().includes('validation_note'));
		await vscode.commands.executeCommand('workbench.action.files.revert');

		const broken = path.join(workspaceRoot(), '.claude', 'skills', 'broken-draft', 'SKILL.md');
		fs.mkdirSync(path.dirname(broken), { recursive: true });
		fs.writeFileSync(broken, `---\nname: broken-draft\ndescription: Use when testing refusals.\nstatus: draft\n---\n\nUse ghp_${'A1b2C3d4E5'.repeat(4)} to push.\n`);
		await api.library.reloadSkill(broken);
		const refused = await vscode.commands.executeCommand<boolean>('skillDistiller.promoteToStable', vscode.Uri.file(broken), { note: 'x' });
		assert.equal(refused, false);
		assert.match(fs.readFileSync(broken, 'utf8'), /^status: draft$/m);
		fs.rmSync(path.dirname(broken), { recursive: true, force: true });
		await api.library.removeSkill(broken);
	});
});
