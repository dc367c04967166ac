import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { writeDemoSessions } from '../../scripts/demoSessions';
import { eventsAround, transcriptMarkdown } from '../../src/core/review/transcriptView';
import { openSession } from '../../src/core/sessions/adapters';
import type { SessionEvent } from '../../src/core/sessions/sessionEvents';
import { temporaryFolder } from './support';

async function* streamOf(events: SessionEvent[]): AsyncIterable<SessionEvent> {
	yield* events;
}

const options = { title: 'Claude Code session 7d3e9a41', line: 3, file: '/s/session.jsonl' };

describe('the transcript around a cited line', () => {
	test('reads the session and tells who said what, the cited line marked, naming the raw file', async () => {
		const workspace = temporaryFolder('transcript-');
		const transcript = writeDemoSessions(path.join(workspace, '.claude-home'), workspace).find(file => file.includes('7d3e9a41')) ?? assert.fail();
		const reader = await openSession(transcript);
		const markdown = transcriptMarkdown(await eventsAround(reader.events(), 3, undefined), { ...options, file: transcript });
		assert.match(markdown, /^# Claude Code session 7d3e9a41, around line 3\n/);
		assert.ok(markdown.includes(`The raw records are in \`${transcript}\``));
		assert.match(markdown, /#### line 1 · Person\n\n> The release-notes skill fails on the new changelog\./);
		assert.match(markdown, /#### line 2 · Tool call `Bash`\n\n`npm run release-notes`/);
		assert.match(markdown, /## ▶ Cited: line 3 · Tool result: failed \(exit 1\)\n\n```text\nExit code 1\nError: ENOENT: no such file or directory, open 'CHANGELOG\.md'\n/);
		assert.match(markdown, /· Agent\n\n> The script reads CHANGELOG\.md from the current folder/);
		assert.doesNotMatch(markdown, /"type":|"message":/, 'no raw JSON record');
		assert.equal(markdown.split('▶ Cited').length, 2, 'one line is marked');
	});

	test('keeps a window around the line and says the session goes on', async () => {
		const events: SessionEvent[] = Array.from({ length: 60 }, (_, i) => ({ kind: 'assistant', text: `step ${i + 1}`, line: i + 1 }));
		const excerpt = await eventsAround(streamOf(events), 30, undefined, 5, 5);
		assert.deepEqual(excerpt.events.map(event => event.line), [25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
		assert.deepEqual([excerpt.earlier, excerpt.later], [true, true]);
		const markdown = transcriptMarkdown(excerpt, { ...options, line: 30 });
		assert.match(markdown, /\*… earlier in the session\*[\s\S]*## ▶ Cited: line 30 · Agent[\s\S]*\*… later in the session\*/);
	});

	test('shortens long outputs, leaves subagent events out, and shows markup as text', async () => {
		const output = Array.from({ length: 40 }, (_, i) => `line ${i} \`\`\`x`).join('\n');
		const excerpt = await eventsAround(streamOf([
			{ kind: 'user', text: '<img src=x onerror=alert(1)> please', line: 1 },
			{ kind: 'assistant', text: 'in a subagent', line: 2, file: '/s/subagents/agent-1.jsonl' },
			{ kind: 'tool-result', result: { isError: true, exitCode: 2, output }, line: 3 },
		]), 3, undefined);
		const markdown = transcriptMarkdown(excerpt, options);
		assert.ok(markdown.includes('> &lt;img src=x onerror=alert(1)&gt; please'));
		assert.doesNotMatch(markdown, /in a subagent/);
		assert.match(markdown, /Tool result: failed \(exit 2\)\n\n````text\nline 0 ```x\n[\s\S]*line 11 ```x\n… 28 more lines\n````/);
	});
});
