import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { timeSensitiveSource } from '../../src/core/rules/freshnessRules';
import { findTriggeredLines, type TriggerFamily, triggeredLines, triggerSources } from '../../src/core/rules/lineTriggers';
import { lazyLineIndex } from '../../src/core/skill/lineIndex';
import { splitLines } from '../../src/core/skill/skillText';
import { alternativesOf, LeadFilter, leadsOf } from '../../src/core/util/leadFilter';
import { filesBelow, fixturesDir } from './support';

const ledFamilies: TriggerFamily[] = ['secret', 'risky', 'path'];

function textOf(text: string) {
	return { text, lines: splitLines(text), hasBom: false };
}

/** The lines each family's lead filter picks, and those its pattern finds searching the whole text: they must be the same. */
function bothWays(raw: string): { filtered: Record<string, number[]>; searched: Record<string, number[]> } {
	const text = textOf(raw);
	const lines = lazyLineIndex(raw);
	const triggered = triggeredLines(text, lines);
	const filtered: Record<string, number[]> = {};
	const searched: Record<string, number[]> = {};
	for (const family of ledFamilies) {
		filtered[family] = triggered(family).map(found => found.line);
		searched[family] = findTriggeredLines(text, family, lines).map(found => found.line);
	}
	return { filtered, searched };
}

/** A repeatable stream of whole numbers below a bound, for random texts that fail the same way every run. */
function seededRandom(seed: number): (below: number) => number {
	let state = seed;
	return below => {
		state = (Math.imul(state, 1103515245) + 12345) >>> 0;
		return state % below;
	};
}

const phraseFilter = new LeadFilter([timeSensitiveSource]);

/** The time-sensitive phrases the lead filter finds must be those the pattern finds searching the text; returns how many. */
function assertSamePhrases(raw: string, label: string): number {
	const filtered: string[] = [];
	phraseFilter.scan(raw, (_, match) => {
		filtered.push(`${match.index}:${match[0]}`);
		return match.index + match[0].length;
	});
	const searched = [...raw.matchAll(new RegExp(timeSensitiveSource, 'gi'))].map(match => `${match.index}:${match[0]}`);
	assert.deepEqual(filtered, searched, `${label}: the lead filter found other phrases than the pattern finds`);
	return filtered.length;
}

function assertSame(raw: string, label: string): void {
	const { filtered, searched } = bothWays(raw);
	assert.deepEqual(filtered, searched, `${label}: the lead filter picked other lines than the patterns find`);
}

/** Each alternative of a family as a person might write it: its lead with the rest filled in, in both cases. */
const samples = [
	'-----BEGIN RSA PRIVATE KEY-----', 'Bearer abc', 'Authorization: x', 'AKIAIOSFODNN7EXAMPLE', 'asia', 'abia', 'ACCA', 'ghp_x', 'gho_', 'ghu_', 'ghs_', 'ghr_',
	'github_pat_1', 'glpat-x', 'gldt-', 'glptt-', 'glrt-', 'glcbt-', 'glsoat-', 'glft-', 'glimt-', 'gloas-', 'npm_x', 'pypi-x', 'hf_x', 'api_org_x', 'sk-x', 'sk_x', 'rk_x',
	'xoxb', 'hooks.slack', 'AIzaX', 'SG.x', 'SK0123abcd', 'shpat', 'doo_v1', 'dop_v1', 'dor_v1', 'lin_api', 'dapi', 'PMAK', 'AGE-SECRET', 'eyJhbG', 'https://user:pw@host',
	'api-key', 'auth-token', 'access-token', 'private-token', 'SECRET', 'TOKEN', 'PASS', 'PWD', 'APIKEY', 'API_KEY', 'ACCESSKEY', 'PRIVATE_KEY', 'AUTH_KEY', 'SIGNING_KEY',
	'ENCRYPTION_KEY', 'MASTER_KEY', 'CREDENTIAL', 'mysql', 'mariadb', 'psql', 'pg_dump', 'mongo', 'redis-cli', 'Z2hwX', 'Z2l0aHViX3BhdF', 'c2st', 'eG94', 'QUtJQ', 'Z2xwYXQt',
	'bnBtX', 'aGZf', 'ZXlK', 'curl', 'wget', 'iwr', 'irm', 'invoke-', 'eval', 'rm', 'chmod', '--dangerously', '--yolo', 'NODE_TLS', 'GIT_SSL', 'verify', 'scp', 'nc', 'rsync',
	'ignore', 'disregard', 'nce', 'ncx', 'nc_', 'sh_', 'shy', 'rm-rf', 'rma', 'x!`', '----', '---\n', 'acc', 'accx', 'forget', 'do not', "don't", 'never', 'sh', '!`', '```!', '/home/', '/Users/', '/root/', 'C:\\Users\\', 'D:\\Documents and Settings\\',
];

describe('patterns found through their leads', () => {
	test('every alternative of the families found by their leads starts with at least two literal characters', () => {
		for (const family of ledFamilies) {
			for (const alternative of alternativesOf(triggerSources[family])) {
				assert.ok(leadsOf(alternative).every(lead => lead.text.length >= 2), `${family}: ${alternative}`);
			}
		}
		assert.deepEqual(alternativesOf('a(?:b|c)|[|]d|e\\|f'), ['a(?:b|c)', '[|]d', 'e\\|f']);
		assert.deepEqual(leadsOf('API_?KEY'), [{ text: 'API', thenWordEnds: false }]);
		assert.deepEqual(leadsOf('\\bsk_'), [{ text: 'sk_', thenWordEnds: false }]);
		assert.deepEqual(leadsOf('\\bnc\\b'), [{ text: 'nc', thenWordEnds: true }]);
		assert.deepEqual(leadsOf(':\\/\\/[^\\s:@/]+:'), [{ text: '://', thenWordEnds: false }]);
		assert.deepEqual(leadsOf('gh[pousr]_'), [{ text: 'gh', thenWordEnds: false }]);
		assert.deepEqual(leadsOf('\\b(?:the )?(?:latest|most recent) x').map(lead => lead.text), ['the ', 'latest x', 'most recent x']);
		assert.throws(() => new LeadFilter(['ab|[xy]z']), /fewer than two literal characters/);
	});

	test('each alternative is found where it stands: at the start, in the middle and at the very end of a text, in either case', () => {
		for (const sample of samples) {
			for (const variant of [sample, sample.toUpperCase(), sample.toLowerCase()]) {
				for (const raw of [variant, `x ${variant}`, `first line\n  ${variant} and more\nlast`, `é${variant}`, `${variant}é`, `a_${variant}`, `${variant}_b`, `${variant}\n${variant}`, `\r\n${variant}\r\n`]) {
					assertSame(raw, JSON.stringify(raw));
				}
			}
		}
		// A found line is reported once per family however many matches it holds, and a family looks on from the next line.
		const { filtered } = bothWays('token token sk-x curl\nnothing here\ncurl wget then /home/x');
		assert.deepEqual(filtered, { secret: [1], risky: [1, 3], path: [3] });
	});

	test('characters beyond ASCII that fold to ASCII letters do not make a match the patterns would not make', () => {
		// The Kelvin sign lowercases to "k"; without the u flag a case-insensitive pattern does not take it for one.
		for (const raw of ['s\u212A-x', 'to\u212Aen', '\u017Fk-x', 'ıgnore']) {
			assertSame(raw, JSON.stringify(raw));
		}
	});

	test('the filter picks the lines the patterns find, and finds the time-sensitive phrases they find, in every fixture skill and real collection', () => {
		const files = filesBelow(fixturesDir, name => name.endsWith('.md'));
		assert.ok(files.length > 100, `only ${files.length} Markdown files below the fixtures`);
		for (const file of files) {
			const raw = fs.readFileSync(file, 'utf8');
			assertSame(raw, path.relative(fixturesDir, file));
			assertSamePhrases(raw, path.relative(fixturesDir, file));
		}
	});

	test('the time-sensitive phrases are found as the pattern finds them, around them and in random text of their pieces', () => {
		const phrases = ['as of now', 'As of March 2024', 'as of v1.2', 'before June 2025', 'after Q3 2026', 'until the end of 2025', 'Currently the latest', 'the latest version is',
			'most recent stable release was', 'at the time of writing', 'recently released', 'Coming soon', 'will soon be', 'upcoming release', 'this week', 'next year', 'last month'];
		let found = 0;
		for (const phrase of phrases) {
			for (const raw of [phrase, `x ${phrase}.`, `${phrase} ${phrase}`, `a${phrase}`, `é${phrase}é`, phrase.toUpperCase(), `${phrase.slice(0, -1)}\n${phrase}`]) {
				found += assertSamePhrases(raw, JSON.stringify(raw));
			}
		}
		assert.ok(found > phrases.length * 4, `only ${found} phrases found`);
		const random = seededRandom(11);
		const pieces = [...phrases, ' ', '\n', 'the ', '2025', 'v2.1', 'x', '.', 'é', 'latest ', 'version ', 'is', 'this '];
		for (let round = 0; round < 2000; round++) {
			let raw = '';
			for (let i = random(10); i >= 0; i--) {
				const piece = pieces[random(pieces.length)];
				raw += random(3) === 0 ? piece.slice(random(piece.length)) : piece;
			}
			assertSamePhrases(raw, JSON.stringify(raw));
		}
	});

	test('the filter picks the lines the patterns find in random text made of the leads\' pieces', () => {
		const random = seededRandom(7);
		const pieces = [...samples, ' ', '\n', '_', '-', 'é', '\u212A', 'x', 'K', '\\', ':', '/', '`', '.', '\r\n'];
		for (let round = 0; round < 2000; round++) {
			let raw = '';
			for (let i = random(12); i >= 0; i--) {
				const piece = pieces[random(pieces.length)];
				raw += random(3) === 0 ? piece.slice(0, 1 + random(piece.length)) : piece;
			}
			assertSame(raw, JSON.stringify(raw));
		}
	});
});
