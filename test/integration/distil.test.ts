import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeDemoSessions } from '../../scripts/demoSessions';
import type { DistilOutcome } from '../../src/core/distil/distilSession';
import { parseProposalRecord } from '../../src/core/distil/proposalStore';
import type { RecentOutcome } from '../../src/core/recent/distilRecent';
import { claudeProjectSlug } from '../../src/core/sessions/claudeCode';
import type { HandedBrief } from '../../src/extension/commands/handSessionToAgent';
import { ClaudeTranscript } from '../support/claudeTranscript';
import { closeAllEditors, diagnosticsOf, extensionApi, shownWhile, waitFor, workspaceRoot } from './support';

/** The fixture `~/.claude` tree: the runner points CLAUDE_CONFIG_DIR at an empty temporary folder. */
function claudeProjects(): string {
	const home = process.env.CLAUDE_CONFIG_DIR;
	assert.ok(home && home.includes('agent-home'), 'the runner gives the extension host a temporary agent home, never the real ~/.claude');
	return path.join(home, 'projects');
}

function writeSession(cwd: string, id: string, transcript: ClaudeTranscript, modified: Date): string {
	const file = path.join(claudeProjects(), claudeProjectSlug(cwd), `${id}.jsonl`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, transcript.toString());
	fs.utimesSync(file, modified, modified);
	return file;
}

/** A path in the workspace's staging folder. */
function staging(...parts: string[]): string {
	return path.join(workspaceRoot(), '.skills-proposed', ...parts);
}

/** A session that failed the same way three times, found the way, and was corrected. */
function strugglingSession(id: string, cwd: string): ClaudeTranscript {
	const transcript = new ClaudeTranscript(id, cwd).user('Fix the failing invoice export job');
	for (let attempt = 0; attempt < 3; attempt++) {
		transcript.bash('node jobs/export-invoices.js', `Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)`, 1);
	}
	return transcript
		.assistant('The job cannot reach Postgres because the database container is not running.')
		.bash('docker compose up -d db && node jobs/export-invoices.js', 'exported 42 invoices')
		.user('No, never start containers yourself; ask me first.');
}

/** Runs a command that shows a Quick Pick, accepting its first item once it is open. */
async function acceptFirstPick<T>(command: string): Promise<T> {
	let settled = false;
	const pending = Promise.resolve(vscode.commands.executeCommand<T>(command)).finally(() => {
		settled = true;
	});
	const deadline = Date.now() + 15_000;
	while (!settled && Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 250));
		if (!settled) {
			await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		}
	}
	return pending;
}

/** Removes what a suite proposed, even when a test failed before it could say what it wrote. */
async function removeProposalsSince(pendingBefore: readonly string[]): Promise<void> {
	const api = await extensionApi();
	for (const name of fs.readdirSync(staging()).filter(name => !pendingBefore.includes(name))) {
		fs.rmSync(staging(name), { recursive: true, force: true });
		await api.library.removeSkill(staging(name, 'SKILL.md'));
	}
	api.proposalsTree.refresh();
}

suite('Distil This Session', () => {
	let pendingBefore: string[] = [];
	let quiet: string;
	let struggling: string;

	suiteSetup(async () => {
		const workspace = workspaceRoot();
		pendingBefore = fs.readdirSync(staging());
		quiet = writeSession(workspace, 'aaaaaaaa-0000-4000-8000-000000000001', new ClaudeTranscript('aaaaaaaa-0000-4000-8000-000000000001', workspace).user('What does the release-notes skill do?').assistant('It drafts release notes.'), new Date(Date.now() - 3 * 3600_000));
		struggling = writeSession(workspace, 'aaaaaaaa-0000-4000-8000-000000000002', strugglingSession('aaaaaaaa-0000-4000-8000-000000000002', workspace), new Date(Date.now() - 60_000));
		// A session of another folder whose slug starts the same way must not be offered.
		writeSession(`${workspace}-other`, 'aaaaaaaa-0000-4000-8000-000000000003', strugglingSession('aaaaaaaa-0000-4000-8000-000000000003', `${workspace}-other`), new Date());
		await extensionApi();
		// These tests are about the distiller itself; the language-model step has a suite of its own.
		await vscode.workspace.getConfiguration('skillDistiller').update('distil.languageModel', 'never', vscode.ConfigurationTarget.Global);
	});

	suiteTeardown(async () => {
		await vscode.workspace.getConfiguration('skillDistiller').update('distil.languageModel', undefined, vscode.ConfigurationTarget.Global);
		await closeAllEditors();
		await removeProposalsSince(pendingBefore);
	});

	test('lists the workspace\'s sessions newest first and distils the one picked into a proposal shown in the Proposals view', async () => {
		const api = await extensionApi();
		const { result: outcome, shown } = await shownWhile(() => acceptFirstPick<DistilOutcome | undefined>('skillDistiller.distilSession'));
		assert.ok(outcome, 'the command returns what it distilled');
		assert.deepEqual(shown.map(message => [message.severity, message.text]), [['information', `Proposed the new skill ${outcome.proposals[0]?.name} and a memory entry from 2 triggers.`]]);
		assert.deepEqual(outcome.session, { agent: 'claude-code', id: 'aaaaaaaa-0000-4000-8000-000000000002', path: struggling });
		assert.deepEqual(outcome.triggers.map(trigger => `${trigger.kind}@${trigger.evidence[0].line}`), ['resolved-failure@3', 'user-correction@11']);
		const created = outcome.proposals.find(proposal => proposal.action === 'create');
		assert.ok(created?.dir, `a new skill is proposed: ${JSON.stringify(outcome.proposals.map(proposal => proposal.action))}`);
		assert.equal(path.dirname(created.dir), staging());
		assert.equal(outcome.proposals.find(proposal => proposal.action === 'memory')?.target, path.join(workspaceRoot(), 'CLAUDE.md'), 'the rule goes to the memory file Claude Code reads');

		const record = parseProposalRecord(fs.readFileSync(path.join(created.dir, 'proposal.json'), 'utf8'));
		assert.deepEqual(record.episodes?.map(episode => [episode.check, episode.symptom.line, episode.symptom.quote, episode.attempts.map(attempt => attempt.line), episode.resolution?.passed.line]), [
			['node export-invoices.js', 3, 'Error: connect ECONNREFUSED 127.0.0.1:5432', [5, 7], 10],
		]);
		const skill = fs.readFileSync(path.join(created.dir, 'SKILL.md'), 'utf8');
		assert.match(skill, /^status: draft$/m);
		assert.match(skill, /\*\*Symptom:\*\* `Error: connect ECONNREFUSED 127\.0\.0\.1:5432`/);

		const listed = await waitFor('the proposal in the Proposals view', () => api.proposalsTree.getChildren().find(entry => entry.dir === created.dir));
		const item = api.proposalsTree.getTreeItem(listed);
		assert.equal(item.label, created.name);
		assert.match(String(item.description), /^create · Claude Code/);
		assert.deepEqual(api.proposalsView.selection.map(entry => entry.dir), [created.dir], 'the new proposal is revealed and selected');
		await waitFor('the proposal to be checked', () => api.library.proposals().some(proposal => proposal.file === path.join(created.dir as string, 'SKILL.md')));
		assert.ok(diagnosticsOf(vscode.Uri.file(path.join(created.dir, 'SKILL.md'))).every(diagnostic => diagnostic.severity !== vscode.DiagnosticSeverity.Error), 'the draft is spec-clean');
	});

	test('a session with nothing worth keeping writes nothing and says so', async () => {
		const before = fs.readdirSync(staging());
		const { result: outcome, shown } = await shownWhile(() => vscode.commands.executeCommand<DistilOutcome | undefined>('skillDistiller.distilSession', { session: quiet }));
		assert.ok(outcome);
		assert.deepEqual(outcome.proposals, []);
		assert.deepEqual(shown.map(message => message.severity), ['information']);
		assert.equal(shown[0].text, 'Nothing to learn in this session: no fix that a passing run verified, no rule the person stated, no correction the agent acted on. Nothing was written.');
		assert.deepEqual(fs.readdirSync(staging()), before);
	});

	test('Distil Transcript File distils any transcript, recognising the agent from its content', async () => {
		const file = path.join(path.dirname(claudeProjects()), 'exported', 'session.jsonl');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, new ClaudeTranscript('bbbbbbbb-0000-4000-8000-000000000001', workspaceRoot())
			.user('Regenerate the API client')
			.bash('npm run generate', 'Error: openapi.yaml not found', 1)
			.bash('npm run generate -- --spec api/openapi.yaml', 'generated 12 files')
			.toString());
		const { result: outcome, shown } = await shownWhile(() => vscode.commands.executeCommand<DistilOutcome | undefined>('skillDistiller.distilTranscriptFile', vscode.Uri.file(file)));
		assert.ok(outcome);
		assert.deepEqual(shown.map(message => message.text), [`Proposed the new skill ${outcome.proposals[0]?.name} from 1 trigger.`]);
		assert.deepEqual(outcome.triggers.map(trigger => [trigger.kind, trigger.summary]), [
			['resolved-failure', '`npm run generate` failed ("Error: openapi.yaml not found") and later passed'],
		]);
		assert.equal(outcome.proposals.length, 1);
	});

	test('a file that is not a transcript is refused with the reason and nothing is written', async () => {
		const file = path.join(path.dirname(claudeProjects()), 'exported', 'notes.jsonl');
		fs.writeFileSync(file, '{"title":"shopping list"}\n');
		const before = fs.readdirSync(staging());
		const { result: outcome, shown } = await shownWhile(() => vscode.commands.executeCommand<DistilOutcome | undefined>('skillDistiller.distilTranscriptFile', vscode.Uri.file(file)));
		assert.equal(outcome, undefined);
		assert.deepEqual(shown, [{ severity: 'error', text: `${file} is not a transcript of a supported agent (claude-code, codex, copilot-chat, copilot-cli)` }]);
		assert.deepEqual(fs.readdirSync(staging()), before);
	});
});

/**
 * Runs `action` with `vscode.lm` offering one chat model (the test VS Code has none) that records
 * each prompt it is sent and answers something that is not a draft, so the distiller keeps its own.
 */
async function withChatModel<T>(action: () => Promise<T>): Promise<{ result: T; prompts: string[] }> {
	const lm = vscode.lm as { selectChatModels: typeof vscode.lm.selectChatModels };
	const original = lm.selectChatModels;
	const prompts: string[] = [];
	const model: Pick<vscode.LanguageModelChat, 'name' | 'id' | 'vendor' | 'family' | 'sendRequest'> = {
		name: 'Test Model', id: 'test-model', vendor: 'copilot', family: 'test-family',
		sendRequest: async messages => {
			prompts.push(messages.map(message => message.content.map(part => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('')).join('\n'));
			return { text: (async function* () {
				yield 'Nothing to add.';
			})(), stream: (async function* () {})() };
		},
	};
	lm.selectChatModels = async () => [model as vscode.LanguageModelChat];
	try {
		return { result: await action(), prompts };
	} finally {
		lm.selectChatModels = original;
	}
}

suite('The language-model setting', () => {
	const noModel = 'No language model is available (is GitHub Copilot Chat installed and signed in?); the lessons were written without one.';
	const question = 'Let copilot/test-family write the lessons of this session?';
	const settings = () => vscode.workspace.getConfiguration('skillDistiller');
	const setUse = (use: string | undefined) => settings().update('distil.languageModel', use, vscode.ConfigurationTarget.Global);
	let pendingBefore: string[] = [];
	let sessions = 0;

	/** A new transcript file whose one command failed, then passed with a flag: a lesson to propose. */
	function failedThenFixed(command: string, error: string, flag: string): string {
		const index = ++sessions;
		const file = path.join(path.dirname(claudeProjects()), 'exported', `model-${index}.jsonl`);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, new ClaudeTranscript(`cccccccc-0000-4000-8000-${String(index).padStart(12, '0')}`, workspaceRoot())
			.user(`Run ${command}`)
			.bash(command, error, 1)
			// The agent says why: other arguments alone teach nothing without it.
			.assistant(`It fails because of this: ${error.replace(/^Error: /, '')}, and ${flag} gets past it.`)
			.bash(`${command} -- ${flag}`, 'done')
			.toString());
		return file;
	}

	/** Distils a transcript file, clicking `answer` on whatever asks for it. */
	function distil(file: string, answer?: string) {
		return shownWhile(() => vscode.commands.executeCommand<DistilOutcome | undefined>('skillDistiller.distilTranscriptFile', vscode.Uri.file(file)), () => answer);
	}

	const proposedMessage = (outcome: DistilOutcome) => `Proposed the new skill ${outcome.proposals[0]?.name} from ${outcome.triggers.length} trigger${outcome.triggers.length === 1 ? '' : 's'}.`;

	suiteSetup(async () => {
		await extensionApi();
		pendingBefore = fs.readdirSync(staging());
	});

	teardown(() => setUse(undefined));

	suiteTeardown(() => removeProposalsSince(pendingBefore));

	test('is ask by default', () => {
		assert.equal(settings().inspect('distil.languageModel')?.defaultValue, 'ask');
		assert.equal(settings().get('distil.languageModel'), 'ask');
	});

	test('never: no question is asked and nothing is sent, even with a model available', async () => {
		await setUse('never');
		const { result: { result: outcome, shown }, prompts } = await withChatModel(() => distil(failedThenFixed('npm run build', 'Error: output folder is read-only', '--out-dir build')));
		assert.ok(outcome);
		assert.equal(outcome.proposals.length, 1);
		assert.deepEqual(shown.map(message => [message.severity, message.text]), [['information', proposedMessage(outcome)]]);
		assert.deepEqual(prompts, []);
	});

	test('ask with no model available: nothing is asked or said about it, and distilling goes on', async () => {
		await setUse('ask');
		const { result: outcome, shown } = await distil(failedThenFixed('npm run migrate', 'Error: migration table is locked', '--unlock'));
		assert.ok(outcome);
		assert.equal(outcome.proposals.length, 1);
		assert.ok(!outcome.notes.includes(noModel), outcome.notes.join(' '));
		assert.deepEqual(shown.map(message => [message.severity, message.text]), [['information', proposedMessage(outcome)]]);
	});

	test('always with no model available: the deterministic draft is kept and the person told', async () => {
		await setUse('always');
		const { result: outcome, shown } = await distil(failedThenFixed('npm run seed', 'Error: seed data is stale', '--refresh'));
		assert.ok(outcome);
		assert.deepEqual(shown.map(message => message.text), [`${proposedMessage(outcome)} ${noModel}`]);
		assert.match(outcome.proposals[0].document, /`npm run seed -- --refresh`/);
	});

	test('ask with a model available: the first distillation says what would be sent and asks; "Not Now" sends nothing and asks again next time', async () => {
		for (const command of ['npm run lint', 'npm run typecheck']) {
			const { result: { result: outcome, shown }, prompts } = await withChatModel(() => distil(failedThenFixed(command, 'Error: cache is stale', '--no-cache'), 'Not Now'));
			assert.ok(outcome);
			assert.equal(outcome.proposals.length, 1, 'distilling goes on without the model');
			assert.deepEqual(shown.map(message => message.text), [question, proposedMessage(outcome)]);
			assert.match(shown[0].detail ?? '', /the condensed episodes of the session .*redacted: never the whole transcript\. For an update of a skill, the skill's text is sent too\./);
			assert.deepEqual(prompts, [], 'nothing was sent');
		}
	});

	test('"Use the Model" is remembered and the session goes to the model condensed; "never" forgets it, and "Never" sets the setting', async () => {
		const first = await withChatModel(() => distil(failedThenFixed('npm run bundle', 'Error: ENOSPC: no space left on device', '--clean'), 'Use the Model'));
		assert.deepEqual(first.result.shown.map(message => message.text).slice(0, 1), [question]);
		assert.ok(first.prompts.length > 0, 'the model was asked');
		assert.match(first.prompts[0], /Error: ENOSPC: no space left on device/);
		assert.doesNotMatch(first.prompts[0], /"parentUuid"|"tool_use_id"|"sessionId"/, 'no raw transcript');

		const later = await withChatModel(() => distil(failedThenFixed('npm run docs', 'Error: template not found', '--theme default')));
		assert.ok(!later.result.shown.some(message => message.text === question), 'the remembered answer is used');
		assert.ok(later.prompts.length > 0, 'the model was asked without a question');

		// "never" forgets the earlier consent: back to "ask", the person is asked again.
		await setUse('never');
		await withChatModel(() => distil(failedThenFixed('npm run e2e', 'Error: browser not installed', '--install'), 'Use the Model'));
		await setUse('ask');
		const refused = await withChatModel(() => distil(failedThenFixed('npm run deploy', 'Error: credentials expired', '--login'), 'Never'));
		assert.equal(refused.result.shown[0]?.text, question);
		assert.deepEqual(refused.prompts, []);
		assert.equal(settings().inspect('distil.languageModel')?.globalValue, 'never', 'Never is kept in the user settings');
	});
});

suite('Hand Session to My Agent', () => {
	let pendingBefore: string[] = [];
	let demo: string[] = [];

	suiteSetup(async () => {
		await extensionApi();
		pendingBefore = fs.readdirSync(staging());
		// The sample sessions `npm start` offers: one that struggled, and a quiet one.
		demo = writeDemoSessions(path.dirname(claudeProjects()), workspaceRoot());
	});

	suiteTeardown(async () => {
		await closeAllEditors();
		for (const file of demo) {
			fs.rmSync(file, { force: true });
		}
		await removeProposalsSince(pendingBefore);
	});

	test('with no chat available, opens the brief in an untitled Markdown editor and on the clipboard, and writes nothing', async () => {
		const struggle = demo.find(file => path.basename(file).startsWith('7d3e9a41'));
		assert.ok(struggle);
		const stagingBefore = fs.readdirSync(staging());
		const { result, shown } = await shownWhile(() => vscode.commands.executeCommand<HandedBrief | undefined>('skillDistiller.handSessionToAgent', { session: struggle }));
		assert.ok(result, 'the command returns the brief it handed over');
		assert.equal(result.to, 'editor', 'the test VS Code has no chat');
		assert.deepEqual(shown, [{ severity: 'information', text: 'No chat is available: the brief is open in an editor and on the clipboard; paste it into your agent, e.g. `claude`.' }]);

		const editor = vscode.window.activeTextEditor;
		assert.ok(editor, 'the brief is in the active editor');
		assert.equal(editor.document.uri.scheme, 'untitled');
		assert.equal(editor.document.languageId, 'markdown');
		const brief = editor.document.getText();
		assert.equal(brief, result.brief);
		assert.match(brief, /^# Distil a session into skills$/m);
		assert.ok(brief.includes(staging()), 'the brief names the staging folder the agent writes to');
		assert.ok(brief.includes('Error: ENOENT'), 'the episode\'s symptom');
		assert.ok(brief.includes('don\'t pass the path every time'), 'the person\'s words');
		assert.doesNotMatch(brief, /"parentUuid"|"sessionId"|"tool_use_id"|^\{"/m, 'no raw transcript JSON');

		assert.deepEqual(fs.readdirSync(staging()), stagingBefore, 'a dry run: no proposal folder, no ledger entry');
		assert.equal(await vscode.env.clipboard.readText(), brief);
	});

	test('with a chat available, the brief waits in the chat\'s input for the person to send it', async () => {
		const struggle = demo.find(file => path.basename(file).startsWith('7d3e9a41'));
		assert.ok(struggle);
		const commands = vscode.commands as { executeCommand: typeof vscode.commands.executeCommand };
		const original = commands.executeCommand;
		const opened: unknown[] = [];
		// The chat command exists in VS Code 1.100 without a chat; what it is given is what matters here.
		commands.executeCommand = async <T>(id: string, ...args: unknown[]): Promise<T> => {
			if (id === 'workbench.action.chat.open') {
				opened.push(args[0]);
				return undefined as T;
			}
			return original<T>(id, ...args);
		};
		try {
			const { result: { result, shown } } = await withChatModel(() => shownWhile(() => vscode.commands.executeCommand<HandedBrief | undefined>('skillDistiller.handSessionToAgent', { session: struggle })));
			assert.equal(result?.to, 'chat');
			assert.deepEqual(opened, [{ query: result.brief, isPartialQuery: true }], 'a partial query is not sent until the person sends it');
			assert.deepEqual(shown, []);
		} finally {
			commands.executeCommand = original;
		}
	});
});

/** A session that loads the release-notes skill, then fails `npm run migrate` until the workspaces are built, as two sessions did. */
function migrateSession(id: string, cwd: string): ClaudeTranscript {
	const transcript = new ClaudeTranscript(id, cwd, new Date().toISOString()).user('Run the migrations')
		.tool('Skill', { skill: 'release-notes' }, 'Launching skill: release-notes');
	for (let attempt = 0; attempt < 2; attempt++) {
		transcript.bash('npm run migrate', 'Error: Cannot find module \'@shop/db-schema\'', 1);
	}
	return transcript.bash('npm run migrate --workspaces', 'migrated 3 packages');
}

suite('Distil Recent Sessions', () => {
	let pendingBefore: string[] = [];
	let sessions: string[] = [];
	const ids = ['bbbbbbbb-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002'];

	suiteSetup(async () => {
		const workspace = workspaceRoot();
		pendingBefore = fs.readdirSync(staging());
		sessions = ids.map((id, index) => writeSession(workspace, id, migrateSession(id, workspace), new Date(Date.now() - (2 - index) * 30_000)));
		await extensionApi();
	});

	suiteTeardown(async () => {
		await closeAllEditors();
		await removeProposalsSince(pendingBefore);
		// The skills' rows in other suites show no usage: the sessions that loaded them go, and usage is read again.
		sessions.forEach(file => fs.rmSync(file, { force: true }));
		await (await extensionApi()).usage.refresh();
	});

	test('reads the recent sessions together and proposes the lesson two sessions share once, citing both; the Proposals view says "2 sessions"', async function () {
		// Usage is read again in the background after the run, on worker threads that a loaded machine starts slowly.
		this.timeout(90_000);
		const api = await extensionApi();
		const { result: outcome, shown } = await shownWhile(() => vscode.commands.executeCommand<RecentOutcome | undefined>('skillDistiller.distilRecentSessions', { count: 20 }));
		assert.ok(outcome, 'the command returns what it distilled');
		const shared = outcome.proposals.filter(proposal => proposal.sessions.length > 1);
		assert.deepEqual(shared.map(proposal => [proposal.action, proposal.sessions]), [['create', [ids[1], ids[0]]]]);
		assert.ok(shown.some(message => message.severity === 'information' && /seen in several sessions/.test(message.text)), JSON.stringify(shown));
		const dir = shared[0].dir;
		assert.ok(dir);
		const listed = await waitFor('the proposal in the Proposals view', () => api.proposalsTree.getChildren().find(entry => entry.dir === dir));
		assert.match(String(api.proposalsTree.getTreeItem(listed).description), /^create · 2 sessions/);

		// Usage, read again after the run: the release-notes skill was loaded in both sessions.
		const skill = path.join(workspaceRoot(), '.claude', 'skills', 'release-notes', 'SKILL.md');
		const usage = await waitFor('the release-notes skill\'s usage', () => api.usage.describe(skill)?.startsWith('used 2×') ? api.usage.describe(skill) : undefined, 60_000);
		assert.match(usage, /^used 2× · (?:just now|\d+ minutes? ago) · 2 repeated failures after use$/);
		const node = api.libraryTree.skillNode(skill);
		assert.ok(node);
		const item = api.libraryTree.resolveTreeItem(api.libraryTree.getTreeItem(node), node);
		const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
		assert.match(tooltip, /used 2×/);
		assert.match(tooltip, /cleanupPeriodDays/);
		assert.match(String(item.description), /2× · 2 failed again$/);
	});
});
