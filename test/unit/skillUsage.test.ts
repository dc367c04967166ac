import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DigestCache } from '../../src/core/recent/digestCache';
import { recentDigests } from '../../src/core/recent/distilRecent';
import { claudeProjectSlug } from '../../src/core/sessions/claudeCode';
import { describeUsage, notUsedFor, shortUsage, skillUsage } from '../../src/core/usage/skillUsage';
import { ClaudeTranscript } from '../support/claudeTranscript';
import { codexRollout, copilotEvents, emptyHome, type FixtureHome } from './recentHomes';
import { runCli, writeTree } from './support';

const refused = 'Error: connect ECONNREFUSED 127.0.0.1:5432';
const ids = { claude: '55555555-aaaa-4bbb-8ccc-000000000001', codex: '019aaaaa-1111-7222-8333-000000000002', copilot: '66666666-aaaa-4bbb-8ccc-000000000003' };

/** A workspace with three skills, and sessions of three agents that load two of them. */
function usageHome(): FixtureHome {
	const fixture = emptyHome('usage-');
	const { home, workspace } = fixture;
	const skill = (name: string) => `---\nname: ${name}\ndescription: Does ${name}. Use when ${name} is asked for.\n---\n\n# ${name}\n`;
	writeTree(workspace, {
		'.claude/skills/db-backed-tests/SKILL.md': skill('db-backed-tests'),
		'.claude/skills/release-notes/SKILL.md': skill('release-notes'),
		'.claude/skills/never-used/SKILL.md': skill('never-used'),
	});
	// Claude Code loads db-backed-tests, the same check fails twice, and the person corrects the agent; then it reads release-notes.
	const claude = new ClaudeTranscript(ids.claude, workspace, '2026-11-20T08:00:00.000Z')
		.user('Run the checkout tests')
		.tool('Skill', { skill: 'db-backed-tests' }, 'Launching skill: db-backed-tests')
		.bash('npm test -- checkout', refused, 1)
		.bash('npm test -- checkout', refused, 1)
		.user('No, that is wrong: start the database with docker compose up -d db first, never mock it')
		.bash('docker compose up -d db', 'Container db Started')
		.bash('npm test -- checkout', 'Tests: 4 passed')
		.user('Now write the release notes')
		.tool('Read', { file_path: path.join(workspace, '.claude/skills/release-notes/SKILL.md') }, '# release-notes')
		.user('Thanks, that is all');
	const claudeFile = path.join(home, '.claude', 'projects', claudeProjectSlug(workspace), `${ids.claude}.jsonl`);
	writeTree(path.dirname(claudeFile), { [path.basename(claudeFile)]: claude.toString() });
	// Codex reads the skill with cat in a shell call.
	const codexFile = path.join(home, '.codex', 'sessions', '2026', '11', '21', `rollout-2026-11-21T09-00-00-${ids.codex}.jsonl`);
	writeTree(path.dirname(codexFile), { [path.basename(codexFile)]: codexRollout(ids.codex, workspace, 'Run the db tests', [{ command: 'cat .claude/skills/db-backed-tests/SKILL.md', output: '# db-backed-tests' }, { command: 'npm test', output: 'Tests: 4 passed' }]) });
	// Copilot CLI loads release-notes through its skill tool.
	const copilotFile = path.join(home, '.copilot', 'session-state', ids.copilot, 'events.jsonl');
	writeTree(path.dirname(copilotFile), { [path.basename(copilotFile)]: copilotEvents(ids.copilot, workspace, 'Draft the release notes', [{ name: 'skill', arguments: { skill: 'release-notes' }, result: 'Skill release-notes loaded' }]) });
	const times: [string, string][] = [[claudeFile, '2026-11-20T09:00:00Z'], [codexFile, '2026-11-21T09:05:00Z'], [copilotFile, '2026-11-21T10:05:00Z']];
	for (const [file, time] of times) {
		fs.utimesSync(file, new Date(time), new Date(time));
	}
	return fixture;
}

describe('skill usage', () => {
	test('counts each agent\'s loads per skill, with the sessions, the last use and the corrections and repeated failures that followed', async () => {
		const fixture = usageHome();
		const problems: string[] = [];
		const { digests } = await recentDigests({ workspace: fixture.workspace, homes: { claude: path.join(fixture.home, '.claude'), codex: path.join(fixture.home, '.codex'), copilot: path.join(fixture.home, '.copilot'), vscodeWorkspaceStorage: [] }, count: 100, cache: DigestCache.load(undefined) }, problems);
		assert.deepEqual(problems, []);
		assert.equal(digests.length, 3);
		const library = ['db-backed-tests', 'release-notes', 'never-used'].map(name => ({ name, file: path.join(fixture.workspace, '.claude/skills', name, 'SKILL.md') }));
		const usage = skillUsage(digests, library);
		assert.deepEqual(usage.map(entry => [entry.skill, entry.loads, entry.sessions.map(session => session.agent), entry.correctionsAfter, entry.repeatedFailuresAfter]), [
			['release-notes', 2, ['copilot-cli', 'claude-code'], 0, 0],
			['db-backed-tests', 2, ['codex', 'claude-code'], 1, 1],
			['never-used', 0, [], 0, 0],
		]);
		const db = usage[1];
		assert.deepEqual(db.via, { 'skill-tool': 1, 'read': 0, 'shell': 1 });
		assert.equal(db.lastUsed, '2026-11-21T09:00:03.000Z');
		assert.equal(describeUsage(db, Date.parse('2026-11-24T09:00:00Z')), 'used 2× · 3 days ago · 1 correction after use · 1 repeated failure after use');
		assert.equal(shortUsage(db), '2× · 1 corrected · 1 failed again');
		assert.equal(describeUsage(usage[2]), 'no use recorded');
		assert.equal(shortUsage(usage[2]), undefined);
		assert.equal(notUsedFor(usage[2], 30), true);
		assert.equal(notUsedFor(db, 30, Date.parse('2026-11-24T09:00:00Z')), false);
		assert.equal(notUsedFor(db, 30, Date.parse('2027-01-24T09:00:00Z')), true);
		// --since leaves out older loads.
		assert.deepEqual(skillUsage(digests, library, Date.parse('2026-11-21T00:00:00Z')).map(entry => [entry.skill, entry.loads]), [['release-notes', 1], ['db-backed-tests', 1], ['never-used', 0]]);
	});

	test('skill-distiller usage prints it, says that Claude Code deletes old sessions, and gives the same in JSON', () => {
		const fixture = usageHome();
		const run = runCli(['usage', '--workspace', fixture.workspace], fixture.workspace, fixture.env);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /^Skill use in 3 sessions of /);
		assert.match(run.stdout, /^ {2}db-backed-tests {14}used 2× · [^·]+ · 1 correction after use · 1 repeated failure after use {2}\.claude\/skills\/db-backed-tests\/SKILL\.md$/m);
		assert.match(run.stdout, /^ {31}in Codex 019aaaaa, Claude Code 55555555$/m);
		assert.match(run.stdout, /^ {2}never-used {19}no use recorded/m);
		assert.match(run.stdout, /Claude Code deletes sessions older than 30 days by default \(cleanupPeriodDays/);
		const json = JSON.parse(runCli(['usage', '--workspace', fixture.workspace, '--format', 'json'], fixture.workspace, fixture.env).stdout) as { sessions: number; skills: { skill: string; loads: number; sessions: { id: string }[] }[]; note: string };
		assert.equal(json.sessions, 3);
		assert.deepEqual(json.skills.map(entry => [entry.skill, entry.loads, entry.sessions.map(session => session.id)]), [
			['release-notes', 2, [ids.copilot, ids.claude]], ['db-backed-tests', 2, [ids.codex, ids.claude]], ['never-used', 0, []],
		]);
		assert.match(json.note, /cleanupPeriodDays/);
		const bad = runCli(['usage', 'x'], fixture.workspace, fixture.env);
		assert.equal(bad.status, 2);
	});
});
