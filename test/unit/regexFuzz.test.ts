import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { repositoryRoot } from '../../scripts/repository';
import { distilSession } from '../../src/core/distil/distilSession';
import { indexedLibrary } from '../../src/core/library/distilLibrary';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { redactSecrets } from '../../src/core/secrets/redact';
import { analyzeText, temporaryFolder, testConfig, testToday } from './support';

/**
 * A fuzz-style check of every regular expression the product runs: the patterns are not listed
 * by hand (a new one would be missed) but recorded while the rules check the fixture libraries,
 * the distiller reads the fixture sessions of all four agents and redaction runs; then each
 * pattern on its own is fed long adversarial strings — generic shapes and runs of its own
 * literal fragments, the inputs that make a backtracking pattern quadratic — under a time budget.
 */

const size = 40_000;
/** A linear pass over 40,000 characters takes milliseconds even on a busy machine; a quadratic one, seconds. */
const budgetMs = 1000;

/** Records the source and flags of every pattern executed while `run` runs (every RegExp method goes through `exec`). */
async function patternsRunBy(run: () => Promise<void>): Promise<Map<string, RegExp>> {
	const seen = new Map<string, RegExp>();
	const exec = RegExp.prototype.exec;
	RegExp.prototype.exec = function (this: RegExp, input: string) {
		const key = `/${this.source}/${this.flags}`;
		if (!seen.has(key)) {
			seen.set(key, new RegExp(this.source, this.flags));
		}
		return exec.call(this, input);
	};
	try {
		await run();
	} finally {
		RegExp.prototype.exec = exec;
	}
	return seen;
}

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full, keep) : keep(full) ? [full] : [];
	});
}

/** Literal fragments of a pattern's source: the words and punctuation runs an adversary would repeat. */
function fragmentsOf(source: string): string[] {
	const literal = source.replace(/\\[dDwWsSbB]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\[[^\]]*\]|\{\d+(?:,\d*)?\}|\(\?[:=!<]+/g, ' ').replace(/\\(.)/g, '$1');
	const fragments = new Set<string>();
	for (const piece of literal.split(/[|()?*+^$]/)) {
		const trimmed = piece.trim();
		if (trimmed.length >= 2 && trimmed.length <= 40) {
			fragments.add(trimmed);
		}
	}
	return [...fragments].slice(0, 40);
}

const repeat = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const genericShapes = [' ', '\t', '`', 'a', '0', '-', '/', '\\', '.', '"', "'", '[', '(', '#', '*', '_', ':', '=', '|', '<', '\u200d', 'a ', 'a.', 'a-', 'a/', '\n'];

/** Runs a pattern over the whole input, as the product's loops do. */
function runOver(pattern: RegExp, input: string): void {
	const global = new RegExp(pattern.source, pattern.flags.includes('g') || pattern.flags.includes('y') ? pattern.flags : `${pattern.flags}g`);
	let guard = 0;
	for (let match = global.exec(input); match && guard < size; match = global.exec(input), guard++) {
		if (match[0] === '') {
			global.lastIndex++;
		}
	}
}

describe('every regular expression the product runs is linear on adversarial input', async () => {
	const patterns = await patternsRunBy(async () => {
		const skills = filesUnder(path.join(repositoryRoot, 'test', 'fixtures'), file => path.basename(file) === 'SKILL.md');
		for (const file of skills) {
			analyzeText({ text: fs.readFileSync(file) });
		}
		const sessions = filesUnder(path.join(repositoryRoot, 'test', 'fixtures', 'transcripts'), file => /\.jsonl(\.zst)?$|\.json$/.test(file) && !file.endsWith('.meta.json'));
		const library = indexedLibrary(new LibraryIndex(testConfig()), testConfig(), { markdownlint: () => [], exists: () => false, modifiedDate: () => undefined });
		for (const transcript of sessions) {
			try {
				await distilSession({ transcript, library, stagingDir: path.join(temporaryFolder(), '.skills-proposed'), today: testToday, placement: 'topLevel', dryRun: true });
			} catch {
				// A fixture that is not a whole session (an excerpt) still ran the readers' patterns.
			}
			redactSecrets(fs.readFileSync(transcript, 'latin1'));
		}
	});

	test('the recording saw the rules, the triggers, the distiller and redaction', () => {
		assert.ok(patterns.size > 100, `only ${patterns.size} patterns were recorded`);
	});

	for (const [key, pattern] of patterns) {
		test(key.length > 120 ? `${key.slice(0, 117)}…` : key, () => {
			const inputs = [...genericShapes, ...fragmentsOf(pattern.source).flatMap(fragment => [fragment, `${fragment} `])].map(repeat);
			for (const input of inputs) {
				const started = performance.now();
				runOver(pattern, input);
				const elapsed = performance.now() - started;
				assert.ok(elapsed < budgetMs, `${elapsed.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 24))}… (${size.toLocaleString('en-US')} characters)`);
			}
		});
	}
});

describe('a 10 MB single line', () => {
	for (const [name, unit] of [['spaces', ' '], ['backticks', '`'], ['repeated "as of"', 'as of '], ['a secret-looking run', 'ghp_'], ['a word', 'a'], ['base64 (an image pasted into a session)', 'Zm9v'], ['random-looking characters', 'A1b2C3d4']] as const) {
		test(`of ${name} is checked and redacted in linear time`, () => {
			const line = unit.repeat(Math.ceil(10_000_000 / unit.length));
			const started = performance.now();
			analyzeText({ text: `---\nname: my-skill\ndescription: Processes things. Use when things need processing.\n---\n\n# Shape\n\n${line}\n` });
			redactSecrets(line);
			const elapsed = performance.now() - started;
			assert.ok(elapsed < 30_000, `${(elapsed / 1000).toFixed(1)} s`);
		});
	}
});
