import * as fs from 'node:fs';
import * as path from 'node:path';
import { claudeProjectSlug } from '../src/core/sessions/claudeCode';
import { ClaudeTranscript } from '../test/support/claudeTranscript';

/**
 * Sample agent sessions for the sample workspace, so **Distil This Session** has something to
 * offer in `npm start` and in the UI check: a Claude Code session that struggled (the same
 * error three times, a workaround, a correction) and a quiet one with nothing to keep.
 */
export function writeDemoSessions(claudeHome: string, workspace: string): string[] {
	const folder = path.join(claudeHome, 'projects', claudeProjectSlug(workspace));
	fs.mkdirSync(folder, { recursive: true });
	const struggle = new ClaudeTranscript('7d3e9a41-5b2c-4f18-9e07-2c6a1b8d4f30', workspace, '2026-11-20T14:02:11.000Z')
		.user('The release-notes skill fails on the new changelog. Fix the generator so `npm run release-notes` works again.');
	for (let attempt = 0; attempt < 3; attempt++) {
		struggle.bash('npm run release-notes', 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'\n    at Object.openSync (node:fs:573:3)', 1);
		struggle.assistant(attempt === 2 ? 'The script reads CHANGELOG.md from the current folder, but the changelog moved to docs/CHANGELOG.md.' : 'Let me look at how the script finds the changelog.');
	}
	struggle
		.bash('npm run release-notes -- --changelog docs/CHANGELOG.md', 'Wrote release-notes/2026-11.md (14 entries)')
		.user('No, don\'t pass the path every time: the changelog lives in docs/ now, make that the default in scripts/release-notes.mjs.')
		.tool('Edit', { file_path: path.join(workspace, 'scripts', 'release-notes.mjs'), old_string: '\'CHANGELOG.md\'', new_string: '\'docs/CHANGELOG.md\'' }, 'The file has been updated.')
		.bash('npm run release-notes', 'Wrote release-notes/2026-11.md (14 entries)');
	const quiet = new ClaudeTranscript('1c0b6f25-8e44-4d71-a3b9-5f2e7d0c9a12', workspace, '2026-11-19T09:30:00.000Z')
		.user('Which skills in this repository deal with testing?')
		.assistant('test-driven-development and handling-flaky-tests (a proposal).');
	const files: [string, ClaudeTranscript, Date][] = [
		[path.join(folder, '1c0b6f25-8e44-4d71-a3b9-5f2e7d0c9a12.jsonl'), quiet, new Date(Date.now() - 26 * 3600_000)],
		[path.join(folder, '7d3e9a41-5b2c-4f18-9e07-2c6a1b8d4f30.jsonl'), struggle, new Date(Date.now() - 40 * 60_000)],
	];
	for (const [file, transcript, modified] of files) {
		fs.writeFileSync(file, transcript.toString());
		fs.utimesSync(file, modified, modified);
	}
	return files.map(([file]) => file);
}
