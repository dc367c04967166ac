import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClaudeTranscript } from '../test/support/claudeTranscript';
import { mulberry32 } from './generateLibrary';
import { nouns, verbs } from './wordBank';

/**
 * A synthetic Claude Code session of a given size for the distillation benchmark: hundreds of
 * turns of prompts, reasoning, file reads with large outputs, edits, shell runs, bookkeeping
 * records, a few corrections and a recurring error, written line by line so the generator never
 * holds the file. Deterministic for a seed.
 */

export const transcriptGeneratorVersion = 'claude-transcript/2';

export interface GeneratedTranscript {
	file: string;
	bytes: number;
	lines: number;
	reused: boolean;
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

function sentence(random: Random, words: number): string {
	const parts = Array.from({ length: words }, () => (random() < 0.3 ? pick(random, verbs).third : pick(random, nouns)));
	return `${parts.join(' ')}.`.replace(/^./, first => first.toUpperCase());
}

/** A source file's worth of lines, as a Read tool returns it (numbered). */
function fileContent(random: Random, lines: number): string {
	return Array.from({ length: lines }, (_, index) => `${String(index + 1).padStart(6)}\t${'  '.repeat(Math.floor(random() * 4))}const ${pick(random, nouns)}${index} = ${pick(random, verbs).base}(${pick(random, nouns)}, ${Math.floor(random() * 1000)});`).join('\n');
}

export function transcriptFile(benchDir: string, megabytes: number, seed: number): string {
	return path.join(benchDir, 'transcripts', `claude-${megabytes}mb-seed${seed}.jsonl`);
}

/** The session a transcript records: its id, the folder the agent ran in and when. */
export interface GeneratedSession {
	id: string;
	cwd: string;
	timestamp: string;
}

const defaultSession: GeneratedSession = { id: '5e1a7c3d-2b4f-4e6a-8c9d-0f1e2a3b4c5d', cwd: '/work/monorepo', timestamp: '2026-11-20T09:00:00.000Z' };

/** Writes (or reuses, when the same generator made it) a transcript of at least `megabytes` MB. */
export function generateTranscript(file: string, megabytes: number, seed: number, recorded: GeneratedSession = defaultSession): GeneratedTranscript {
	const marker = `${file}.json`;
	const wanted = { version: transcriptGeneratorVersion, megabytes, seed, session: recorded };
	if (fs.existsSync(file) && fs.existsSync(marker)) {
		const known = JSON.parse(fs.readFileSync(marker, 'utf8')) as typeof wanted & { bytes: number; lines: number };
		if (known.version === wanted.version && known.megabytes === megabytes && known.seed === seed && JSON.stringify(known.session) === JSON.stringify(recorded)) {
			return { file, bytes: known.bytes, lines: known.lines, reused: true };
		}
	}
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const random = mulberry32(seed);
	const target = megabytes * 1e6;
	const fd = fs.openSync(file, 'w');
	let pending: string[] = [];
	let pendingBytes = 0;
	let bytes = 0;
	const flush = () => {
		fs.writeSync(fd, pending.join(''));
		pending = [];
		pendingBytes = 0;
	};
	const session = new ClaudeTranscript(recorded.id, recorded.cwd, recorded.timestamp, line => {
		pending.push(`${line}\n`);
		pendingBytes += line.length + 1;
		bytes += line.length + 1;
		if (pendingBytes > 1 << 20) {
			flush();
		}
	});
	try {
		session.user('Migrate the billing service to the new queue client and keep the tests green');
		for (let turn = 0; bytes < target; turn++) {
			session.raw(JSON.stringify({ type: 'file-history-snapshot', messageId: `m${turn}`, snapshot: { messageId: `m${turn}`, trackedFileBackups: {}, timestamp: '2026-11-20T09:00:00.000Z' }, isSnapshotUpdate: false }));
			if (turn % 25 === 24) {
				session.user(`No, don't ${pick(random, verbs).base} the ${pick(random, nouns)} directly; use the ${pick(random, nouns)} adapter instead.`);
			} else if (turn % 5 === 0) {
				session.user(`Now ${pick(random, verbs).base} the ${pick(random, nouns)} in packages/${pick(random, nouns)}.`);
			}
			session.assistant(Array.from({ length: 4 + Math.floor(random() * 8) }, () => sentence(random, 8 + Math.floor(random() * 10))).join(' '));
			const reads = 1 + Math.floor(random() * 3);
			for (let read = 0; read < reads; read++) {
				const name = `packages/${pick(random, nouns)}/src/${pick(random, nouns)}.ts`;
				session.tool('Read', { file_path: `${recorded.cwd}/${name}` }, fileContent(random, 20 + Math.floor(random() * 140)));
			}
			session.tool('Edit', { file_path: `${recorded.cwd}/packages/${pick(random, nouns)}/src/index.ts`, old_string: sentence(random, 6), new_string: sentence(random, 7) }, 'The file has been updated.');
			if (turn % 7 === 3) {
				// The recurring failure a distiller should find among everything else.
				session.bash('npm test -w billing', 'FAIL src/queue.test.ts\n  ● queue › retries\n    Error: connect ECONNREFUSED 127.0.0.1:6379\n      at TCPConnectWrap.afterConnect (node:net:1595:16)', 1);
			} else {
				session.bash(`npm run ${pick(random, ['build', 'lint', 'typecheck'])} -w ${pick(random, nouns)}`, Array.from({ length: 5 + Math.floor(random() * 60) }, () => sentence(random, 6)).join('\n'));
			}
			if (turn % 40 === 39) {
				session.raw(JSON.stringify({ type: 'progress', toolUseID: `toolu_${turn}`, data: { type: 'hook_progress', hookEvent: 'PostToolUse' } }));
			}
		}
		flush();
	} finally {
		fs.closeSync(fd);
	}
	fs.writeFileSync(marker, `${JSON.stringify({ ...wanted, bytes, lines: session.lineCount })}\n`);
	return { file, bytes, lines: session.lineCount, reused: false };
}
