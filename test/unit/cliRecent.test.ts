import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseProposalRecord, readProposal } from '../../src/core/distil/proposalStore';
import { describeProposal } from '../../src/core/review/proposalText';
import { reviewProposal, sessionAt } from '../../src/core/review/reviewModel';
import { claudeProjectSlug } from '../../src/core/sessions/claudeCode';
import { ClaudeTranscript } from '../support/claudeTranscript';
import { addGitAuthorSessions, addShopSessions, emptyHome, type FixtureHome } from './recentHomes';
import { runCli } from './support';

interface RecentJson {
	sessions: { agent: string; id: string; distilledBefore: boolean }[];
	read: number;
	cached: number;
	proposals: { dir: string | null; action: string; name: string; target: string | null; sessions: string[]; lessons: { key: string; text: string }[] }[];
	groups: { sessions: string[]; summary: string; proposal?: string; why?: string }[];
	notes: string[];
	problems: string[];
}

const gitAuthor = { first: 'dc7e9081-a507-4c59-9c3b-f9b714e4a44c', second: '6dc88126-2048-43a9-b5c2-b9747d5a0301' };
const shop = { claude: '5f0c2a8e-3b1d-4c6e-9a7f-2d8e1b4c6a90', codex: '019a9c2e-7d41-7c3a-b8f2-5e6d7c8b9a01', copilot: '7c1e4b9a-2f3d-4e5a-8b6c-0d1e2f3a4b5c' };

function recent(fixture: FixtureHome, ...args: string[]): RecentJson {
	const run = runCli(['distil', '--recent', ...args, '--format', 'json', '--workspace', fixture.workspace, '--library', fixture.workspace], fixture.workspace, fixture.env);
	assert.equal(run.status, 0, run.stderr);
	return JSON.parse(run.stdout) as RecentJson;
}

/** A Claude Code session in the fixture's home, written with the transcript builder. */
function addClaudeSession(fixture: FixtureHome, id: string, build: (transcript: ClaudeTranscript) => ClaudeTranscript, modified: Date): string {
	const file = path.join(fixture.home, '.claude', 'projects', claudeProjectSlug(fixture.workspace), `${id}.jsonl`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, build(new ClaudeTranscript(id, fixture.workspace, modified.toISOString())).toString());
	fs.utimesSync(file, modified, modified);
	return file;
}

describe('skill-distiller distil --recent', () => {
	test('two sessions that chose the same wrong commit identity give one proposal citing both, with each session\'s lines', () => {
		const fixture = emptyHome();
		addGitAuthorSessions(fixture);
		const output = recent(fixture);
		// One proposal for the whole run: the lesson both sessions share, with the other words about it from the same session.
		assert.equal(output.proposals.length, 1, JSON.stringify(output.proposals, null, 1));
		const [proposal] = output.proposals;
		assert.deepEqual(proposal.sessions, [gitAuthor.second, gitAuthor.first]);
		assert.equal(proposal.action, 'memory');
		assert.equal(proposal.target, path.join(fixture.workspace, 'CLAUDE.md'));
		// The lesson a person keeps: the e-mail their commits must carry, in their own words.
		assert.equal(proposal.lessons[0].text, '"Thats not my email though its royce.birnbaum@gmail.com" — the person, correcting the agent.');
		assert.match(proposal.lessons[1].text, /I want all commits to be Durban-Designer since thats me\./);
		assert.equal(proposal.lessons.length, 2);

		const record = parseProposalRecord(fs.readFileSync(path.join(proposal.dir!, 'proposal.json'), 'utf8'));
		assert.deepEqual(record.sessions?.map(session => session.id), [gitAuthor.second, gitAuthor.first]);
		assert.equal(record.session.id, gitAuthor.second);
		// Each session's words are cited with their line: line 15 of the second session, line 56 of the first.
		assert.deepEqual(record.triggers.map(trigger => [trigger.session, trigger.evidence[0].line, trigger.kind]), [
			[gitAuthor.second, 2, 'user-correction'],
			[gitAuthor.second, 15, 'user-correction'],
			[gitAuthor.first, 56, 'user-correction'],
		]);
		const memory = fs.readFileSync(path.join(proposal.dir!, 'MEMORY.md'), 'utf8');
		assert.match(memory, /^# Memory proposed from Claude Code session 6dc88126 and 1 more session \(/);

		// The forced pushes recurred too, but no session verified a fix: said, not proposed.
		assert.ok(output.groups.some(group => group.sessions.length === 2 && /git push/.test(group.summary) && /no session verified a fix/.test(group.why ?? '')), JSON.stringify(output.groups, null, 1));
	});

	test('the same failure in three agents\' sessions is one skill citing all three; sessions distilled before are not proposed again', () => {
		const fixture = emptyHome();
		addShopSessions(fixture);
		const first = recent(fixture);
		assert.deepEqual(first.sessions.map(session => session.agent), ['copilot-cli', 'codex', 'claude-code']);
		assert.equal(first.read, 3);
		const skill = first.proposals.find(proposal => proposal.action === 'create');
		assert.ok(skill, JSON.stringify(first.proposals, null, 1));
		assert.equal(skill.name, 'npm-test-connection-refused');
		assert.deepEqual(skill.sessions, [shop.copilot, shop.codex, shop.claude]);
		assert.equal(skill.lessons.length, 1);
		assert.match(skill.lessons[0].text, /^\*\*Symptom:\*\* `Error: connect ECONNREFUSED 127\.0\.0\.1:5432` from `npm test`\./);
		const record = parseProposalRecord(fs.readFileSync(path.join(skill.dir!, 'proposal.json'), 'utf8'));
		assert.deepEqual(record.episodes?.filter(episode => episode.resolution).map(episode => [episode.session, episode.check]), [
			[shop.copilot, 'npm test'], [shop.codex, 'npm test'], [shop.claude, 'npm test'],
		]);
		assert.match(fs.readFileSync(path.join(skill.dir!, 'SKILL.md'), 'utf8'), /^created_from: Copilot CLI session 7c1e4b9a and 2 more sessions \(/m);

		// The Proposals view says how many sessions; the review panel's Evidence step shows each session's episode, and opens each in its own transcript.
		const entry = readProposal(skill.dir!)!;
		assert.equal(describeProposal(entry, undefined), 'create · 3 sessions');
		const review = reviewProposal({ entry, document: fs.readFileSync(entry.document, 'utf8'), checks: [], roots: [], displayPath: file => file });
		assert.equal(review.source.sessions, 3);
		assert.deepEqual(review.episodes.filter(episode => episode.resolved).map(episode => episode.sessionLabel), ['Copilot CLI session 7c1e4b9a', 'Codex session 019a9c2e', 'Claude Code session 5f0c2a8e']);
		const resolvedIndexes = record.episodes!.flatMap((episode, index) => episode.resolution ? [index] : []);
		assert.deepEqual(resolvedIndexes.map(index => sessionAt(record, 'episodes', index).path), [first.sessions.find(session => session.id === shop.copilot), first.sessions.find(session => session.id === shop.codex), first.sessions.find(session => session.id === shop.claude)].map(session => (session as unknown as { path: string }).path));

		const again = recent(fixture);
		assert.equal(again.read, 0);
		assert.equal(again.cached, 3);
		assert.deepEqual(again.proposals, []);
		assert.ok(again.sessions.every(session => session.distilledBefore));
		assert.match(again.notes.join('\n'), /3 sessions were distilled before \(the staging folder's ledger\) and are not proposed again/);
	});

	test('the cache is keyed by path, size and time: a second run reads only the new session, and a damaged cache is read again', () => {
		const fixture = emptyHome();
		addShopSessions(fixture);
		assert.equal(recent(fixture, '--dry-run').read, 3);
		assert.deepEqual([recent(fixture, '--dry-run').read, recent(fixture, '--dry-run').cached], [0, 3]);
		addClaudeSession(fixture, '33333333-aaaa-4bbb-8ccc-000000000001', transcript => transcript.user('What does this repo do?').assistant('It sells shoes.'), new Date('2026-11-21T08:00:00Z'));
		const withNew = recent(fixture, '--dry-run');
		assert.deepEqual([withNew.read, withNew.cached], [1, 3]);
		const cacheFile = path.join(fixture.home, '.cache', 'skill-distiller', 'sessions.json');
		fs.writeFileSync(cacheFile, '{"version": 1, "entries": {"broken');
		const afterDamage = recent(fixture, '--dry-run');
		assert.deepEqual([afterDamage.read, afterDamage.cached], [4, 0]);
		assert.doesNotThrow(() => JSON.parse(fs.readFileSync(cacheFile, 'utf8')));
		assert.deepEqual(recent(fixture, '--dry-run', '--no-cache').read, 4);
	});

	test('a problem of one session is proposed only when it passes the gate alone; N and --since choose the sessions', () => {
		const fixture = emptyHome();
		addClaudeSession(fixture, '44444444-aaaa-4bbb-8ccc-000000000001', transcript => {
			transcript.user('Build the ui package');
			for (let attempt = 0; attempt < 3; attempt++) {
				transcript.bash('npm run build', 'Error: Cannot find module \'@shop/ui\'', 1);
			}
			return transcript.bash('npm run build --workspaces', 'built 4 packages');
		}, new Date('2026-11-10T08:00:00Z'));
		addClaudeSession(fixture, '44444444-aaaa-4bbb-8ccc-000000000002', transcript => transcript.user('Lint it').bash('npm run lint', 'Error: ESLint configuration in .eslintrc is invalid', 1), new Date('2026-11-12T08:00:00Z'));
		const output = recent(fixture, '--dry-run');
		assert.deepEqual(output.proposals.map(proposal => [proposal.name, proposal.sessions]), [['npm-build-module-resolution', ['44444444-aaaa-4bbb-8ccc-000000000001']]]);
		assert.equal(output.groups.length, 1);

		assert.deepEqual(recent(fixture, '1', '--dry-run').sessions.map(session => session.id), ['44444444-aaaa-4bbb-8ccc-000000000002']);
		assert.deepEqual(recent(fixture, '--since', '2026-11-11', '--dry-run').sessions.map(session => session.id), ['44444444-aaaa-4bbb-8ccc-000000000002']);
		const text = runCli(['distil', '--recent', '--dry-run', '--workspace', fixture.workspace, '--library', fixture.workspace], fixture.workspace, fixture.env);
		assert.match(text.stdout, /^2 sessions of /);
		assert.match(text.stdout, /^ {2}create {2}npm-build-module-resolution {2}1 session {2}\(dry run: not written\)$/m);
	});

	test('bad arguments say what is wrong', () => {
		const fixture = emptyHome();
		const bad = (args: string[], message: RegExp) => {
			const run = runCli(['distil', '--recent', ...args], fixture.workspace, fixture.env);
			assert.equal(run.status, 2);
			assert.match(run.stderr, message);
		};
		bad(['many'], /--recent takes how many sessions to read \(a whole number\), not "many"/);
		bad(['--since', 'last week'], /--since takes a date \(2026-11-01\) or a number of days \(30d\), not "last week"/);
		bad(['--workspace', 'nowhere'], /--workspace nowhere: no such folder/);
		// A session file that is no transcript (binary, torn) is skipped with what was wrong; the others are read.
		addShopSessions(fixture);
		const garbage = path.join(fixture.home, '.claude', 'projects', claudeProjectSlug(fixture.workspace), '77777777-aaaa-4bbb-8ccc-000000000001.jsonl');
		fs.writeFileSync(garbage, Buffer.from([0, 1, 2, 255, 10, 123, 34, 116, 121, 112, 101]));
		const survived = recent(fixture, '--dry-run');
		assert.deepEqual(survived.proposals.filter(proposal => proposal.action === 'create').map(proposal => proposal.sessions.length), [3]);
		const empty = emptyHome();
		const none = runCli(['distil', '--recent', '--since', '30d', '--workspace', empty.workspace], empty.workspace, empty.env);
		assert.equal(none.status, 0, none.stderr);
		assert.match(none.stdout, /No agent sessions were found for this workspace/);
	});
});
