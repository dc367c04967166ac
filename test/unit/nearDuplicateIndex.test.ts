import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mulberry32 } from '../../bench/generateLibrary';
import type { SkillAnalysis } from '../../src/core/check/analyzeSkill';
import { NearDuplicateIndex } from '../../src/core/duplicates/nearDuplicateIndex';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { analyzeText, byRule, testConfig } from './support';

const words = ['deploy', 'schema', 'invoice', 'latency', 'rollback', 'cluster', 'review', 'token', 'budget', 'queue', 'mirror', 'ledger', 'branch',
	'cache', 'tenant', 'report', 'shard', 'metric', 'window', 'replica', 'archive', 'payload', 'session', 'gateway', 'policy', 'digest', 'signal',
	'vendor', 'bundle', 'ticket', 'channel', 'profile', 'export', 'import', 'release', 'patch', 'script', 'folder', 'service', 'module'];

describe('the passage index at scale', () => {
	const config = testConfig();

	/**
	 * A library whose skills mix unique paragraphs, exact copies (a few held by ten skills or more,
	 * which makes them boilerplate) and `variants` variants of one footer differing by a word, in
	 * two versions per skill, so edits move passages between all of these.
	 */
	function library(next: () => number, variants: number): { versions: SkillAnalysis[][] } {
		const pick = () => words[Math.floor(next() * words.length)];
		const sentence = (length: number) => Array.from({ length }, pick).join(' ');
		const shared = Array.from({ length: 30 }, () => `${sentence(36)}.`);
		const popular = Array.from({ length: 2 }, () => `${sentence(40)}.`);
		const footer = (variant: number) => `This skill is maintained by the platform team under licence ${variant} and may be copied, changed and shared within the company, provided that this notice stays at the end of every copy and that changes are recorded in the changelog of the repository it came from.`;
		const paragraph = () => {
			const kind = next();
			return kind < 0.3 ? `${sentence(34)}.` : kind < 0.55 ? shared[Math.floor(next() * shared.length)] : kind < 0.75 ? popular[Math.floor(next() * popular.length)] : footer(Math.floor(next() * variants));
		};
		const versions = Array.from({ length: 140 }, (_, i) => Array.from({ length: 2 }, (_, version) => {
			const folder = `skill-${i}`;
			const paragraphs = Array.from({ length: 1 + Math.floor(next() * 4) }, paragraph);
			return analyzeText({ folder, text: `---\nname: ${folder}\ndescription: Handles ${folder} chores, version ${version}. Use when ${folder} comes up.\n---\n# ${folder}\n\n${paragraphs.join('\n\n')}\n` }, config);
		}));
		return { versions };
	}

	function fresh(analyses: readonly SkillAnalysis[]): LibraryIndex {
		const index = new LibraryIndex(config);
		analyses.forEach(analysis => index.add(analysis));
		return index;
	}

	/** Edits, removes and adds back skills at random, comparing every skill's findings with a fresh index's every ten steps. */
	function editAtRandom(seed: number, variants: number, crowded: boolean): void {
		// Seeded, so a failure names a sequence that can be replayed.
		const next = mulberry32(seed);
		const { versions } = library(next, variants);
		const current = new Map<number, SkillAnalysis>(versions.map((both, i) => [i, both[0]]));
		const passages = new NearDuplicateIndex(0.8, (a, b) => a < b);
		versions.forEach((both, i) => passages.replace(i, both[0].passages));
		const groups = versions.flatMap((_, i) => passages.groupsOf(i));
		assert.equal(groups.some(group => passages.crowded(group)), crowded, crowded ? 'the footer\'s variants form a crowd' : 'no text is crowded');
		const index = fresh([...current.values()]);
		const check = (step: string) => {
			const expected = fresh([...current.values()]);
			for (const analysis of current.values()) {
				assert.deepEqual(index.findings(analysis.file), expected.findings(analysis.file), `${step}: ${analysis.file}`);
			}
			assert.equal(index.size, current.size, step);
		};
		check('loaded');
		const all = [...current.values()].flatMap(analysis => index.findings(analysis.file));
		assert.ok(byRule(all, 'duplicate-content').some(finding => finding.severity === 'warning'), 'some passages are duplicates');
		assert.ok(byRule(all, 'duplicate-content').some(finding => finding.severity === 'info'), 'some passages are boilerplate');
		for (let step = 1; step <= 120; step++) {
			const skill = Math.floor(next() * versions.length);
			const action = next();
			if (!current.has(skill)) {
				current.set(skill, versions[skill][Math.floor(next() * 2)]);
				index.update(current.get(skill) as SkillAnalysis);
			} else if (action < 0.25) {
				index.remove((current.get(skill) as SkillAnalysis).file);
				current.delete(skill);
			} else {
				const other = versions[skill].find(version => version !== current.get(skill)) as SkillAnalysis;
				current.set(skill, other);
				index.update(other);
			}
			if (step % 10 === 0) {
				check(`after step ${step}`);
			}
		}
	}

	test('skills edited, removed and added back in any order give the findings of a fresh check', () => {
		// Fewer footer variants than a crowd takes (`bucketCap`): they are near-duplicates of each other, compared one by one.
		editAtRandom(17, 30, false);
	});

	test('so do they when the footer has so many variants that they form a crowd', () => {
		editAtRandom(23, 60, true);
	});
});
