import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SkillAnalysis } from '../../src/core/check/analyzeSkill';
import { ConfigError } from '../../src/core/check/config';
import type { Finding } from '../../src/core/check/findings';
import { compareVersions, type ListedSkill, type Listing, listingFactsFor, simulateListing } from '../../src/core/listing/listingBudget';
import { fixContext } from '../../src/core/fixes/fixContext';
import { fixesForFinding } from '../../src/core/fixes/fixesForFinding';
import { applyChanges } from '../../src/core/fixes/fixPlan';
import { checkLibrary } from '../../src/core/library/checkLibrary';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { seenBy, standardRootsFor } from '../../src/core/skill/standardRoots';
import { analyzeText, byRule, checkSkills, single, skill, temporaryFolder, testConfig, testToday, writeTree } from './support';

/**
 * The listing simulation against each client's documented rules (`clients-2026.md`), on generated
 * libraries of 50 to 500 skills: every invariant a client's documentation states is checked on
 * every size, so a change of the arithmetic that breaks one fails here.
 */

/** A deterministic pseudo-random sequence, so each library is the same on every run. */
function randomFrom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

/** `count` skills with descriptions of 40 to 1,900 characters, some with `when_to_use`, some hidden from the model, some personal. */
function generatedLibrary(count: number, seed = count): ListedSkill[] {
	const random = randomFrom(seed);
	return Array.from({ length: count }, (_, id) => {
		const name = `skill-${String(Math.floor(random() * 1e6)).padStart(6, '0')}-${id}`;
		const long = random() < 0.05;
		const description = 'Does one thing well. Use when that thing is needed. '.repeat(long ? 36 : 1 + Math.floor(random() * 6)).trim();
		return {
			id, name, description,
			...(random() < 0.3 ? { whenToUse: 'When the person asks for it by name or the task needs it.' } : {}),
			modelDisabled: random() < 0.1,
			file: `/work/project/.agents/skills/${name}/SKILL.md`,
			scope: random() < 0.2 ? 'user' : 'project',
		};
	});
}

const sizes = [50, 120, 250, 500];

/** Characters of the listed line of a skill as the simulation prices it. */
function lineLength(skill: ListedSkill, text: string, path: boolean): number {
	return [...`- ${skill.name}${text === '' ? '' : `: ${text}`}${path ? ` (file: ${skill.file})` : ''}`].length + 1;
}

function byState(listing: Listing, state: string): ListedSkill[] {
	return listing.entries.filter(entry => entry.state === state).map(entry => entry.skill);
}

describe('Claude Code\'s listing', () => {
	for (const count of sizes) {
		test(`${count} skills: 1% of the window, entries cut at 1,536, model-disabled skills left out, names kept`, () => {
			const skills = generatedLibrary(count);
			const listing = simulateListing('claude-code', skills, { contextTokens: 200_000 }) as Listing;
			assert.equal(listing.budget, 8_000, '1% of 200,000 tokens at 4 characters a token');
			assert.deepEqual(byState(listing, 'not-listed').map(s => s.id).sort((a, b) => a - b), skills.filter(s => s.modelDisabled).map(s => s.id));
			const listed = listing.entries.filter(entry => entry.state !== 'not-listed');
			assert.equal(listed.length, skills.filter(s => !s.modelDisabled).length, 'every name stays');
			assert.deepEqual(listed.map(entry => entry.skill.name), listed.map(entry => entry.skill.name).sort(), 'in name order');
			for (const entry of listed) {
				const text = entry.skill.description + (entry.skill.whenToUse ? ` ${entry.skill.whenToUse}` : '');
				assert.equal(entry.textLength, text.length);
				if (entry.state === 'name-only') {
					assert.equal(entry.cost, lineLength(entry.skill, '', false));
				} else {
					assert.equal(entry.cost, lineLength(entry.skill, text.slice(0, 1536), false));
					assert.equal(entry.lost, Math.max(0, text.length - 1536));
					assert.equal(entry.state === 'truncated', text.length > 1536);
				}
			}
			const used = listed.reduce((sum, entry) => sum + entry.cost, 0);
			assert.equal(listing.used, used);
			const namesOnly = listed.reduce((sum, entry) => sum + lineLength(entry.skill, '', false), 0);
			assert.ok(used <= listing.budget || used === namesOnly, 'within the budget, or nothing left to drop but names');
			// The skills that lost their descriptions are the last in name order (no usage known), and just enough of them.
			const dropped = listed.filter(entry => entry.state === 'name-only');
			const kept = listed.filter(entry => entry.state !== 'name-only');
			if (dropped.length > 0 && kept.length > 0) {
				assert.ok(kept[kept.length - 1].skill.name < dropped[0].skill.name, 'the last in name order lose first');
				const first = dropped[0];
				const withFirst = used - first.cost + lineLength(first.skill, (first.skill.description + (first.skill.whenToUse ? ` ${first.skill.whenToUse}` : '')).slice(0, 1536), false);
				assert.ok(withFirst > listing.budget, 'one description fewer dropped would not fit');
			}
		});
	}

	test('the least-used skills lose their descriptions first when usage is known', () => {
		const skills = generatedLibrary(200).map(s => ({ ...s, modelDisabled: false, uses: s.id % 7 }));
		const listing = simulateListing('claude-code', skills) as Listing;
		const dropped = byState(listing, 'name-only');
		const kept = listing.entries.filter(entry => entry.state === 'listed' || entry.state === 'truncated').map(entry => entry.skill);
		assert.ok(dropped.length > 0 && kept.length > 0);
		assert.ok(Math.max(...dropped.map(s => s.uses ?? 0)) <= Math.min(...kept.map(s => s.uses ?? 0)));
	});

	test('without a context window the budget is 8,000 characters; a million tokens give 40,000', () => {
		assert.equal(simulateListing('claude-code', [])?.budget, 8_000);
		assert.equal(simulateListing('claude-code', [], { contextTokens: 1_000_000 })?.budget, 40_000);
	});

	test('the client version picks the rules of its time', () => {
		assert.equal(simulateListing('claude-code', [], { version: '2.1.31' })?.budget, 15_000);
		assert.equal(simulateListing('claude-code', [], { version: '2.1.32', contextTokens: 200_000 })?.budget, 16_000);
		assert.equal(simulateListing('claude-code', [], { version: '2.1.218', contextTokens: 200_000 })?.budget, 8_000);
		assert.equal(simulateListing('claude-code', [], { version: '3.0' })?.facts.since, '2.1.218');
		assert.ok(compareVersions('2.1.32', '2.1.218') < 0 && compareVersions('2.1.218', '2.1.218') === 0);
		assert.equal(listingFactsFor('vscode-copilot'), undefined, 'VS Code documents no listing budget');
	});
});

describe('Codex\'s listing', () => {
	for (const count of sizes) {
		test(`${count} skills: 2% of the window, descriptions shortened to one length, then skills omitted from the end`, () => {
			const skills = generatedLibrary(count);
			const listing = simulateListing('codex', skills, { contextTokens: count < 200 ? 400_000 : 100_000 }) as Listing;
			assert.equal(listing.budget, Math.floor((count < 200 ? 400_000 : 100_000) * 0.02 * 4));
			const overLong = skills.filter(s => s.description.length > 1024);
			assert.deepEqual(byState(listing, 'not-listed').map(s => s.id).sort((a, b) => a - b), overLong.map(s => s.id).sort((a, b) => a - b), 'a description over 1,024 is a parse error; disable-model-invocation means nothing to Codex');
			const order = listing.entries.filter(entry => entry.state !== 'not-listed');
			const rank = (s: ListedSkill) => `${s.scope === 'user' ? 1 : 0}${s.name}`;
			assert.deepEqual(order.map(entry => rank(entry.skill)), order.map(entry => rank(entry.skill)).sort(), 'project skills first, then by name');
			assert.ok(listing.used <= listing.budget);
			const cap = listing.descriptionCap;
			const omitted = order.filter(entry => entry.state === 'omitted');
			if (cap === undefined) {
				assert.ok(order.every(entry => entry.state === 'listed'));
				return;
			}
			for (const entry of order.filter(e => e.state !== 'omitted')) {
				const shown = Math.min(entry.textLength, cap);
				assert.equal(entry.lost, entry.textLength - shown);
				assert.equal(entry.cost, lineLength(entry.skill, entry.skill.description.slice(0, shown), true));
			}
			if (omitted.length > 0) {
				assert.equal(cap, 0, 'skills are omitted only once descriptions are gone');
				const firstOmitted = order.indexOf(omitted[0]);
				assert.ok(order.slice(firstOmitted).every(entry => entry.state === 'omitted'), 'omitted from the end');
				assert.ok(listing.used + lineLength(omitted[0].skill, '', true) > listing.budget, 'the first omitted skill would not fit');
			} else {
				const longer = order.reduce((sum, entry) => sum + (entry.textLength > cap ? 1 : 0), 0);
				assert.ok(listing.used + longer > listing.budget, 'one more character for each shortened description would not fit');
			}
		});
	}
});

describe('Copilot CLI\'s listing', () => {
	for (const count of sizes) {
		test(`${count} skills: about 15,000 characters in name order, the rest cut`, () => {
			const skills = generatedLibrary(count);
			const listing = simulateListing('copilot-cli', skills) as Listing;
			assert.equal(listing.budget, 15_000);
			assert.deepEqual(byState(listing, 'not-listed'), [], 'every skill is a candidate');
			const names = listing.entries.map(entry => entry.skill.name);
			assert.deepEqual(names, [...names].sort());
			let offset = 0;
			for (const entry of listing.entries) {
				const full = lineLength(entry.skill, entry.skill.description, false);
				if (offset + full <= 15_000) {
					assert.equal(entry.state, 'listed', `${entry.skill.name} ends before the cut`);
				} else if (offset >= 15_000) {
					assert.equal(entry.state, 'omitted', `${entry.skill.name} starts after the cut`);
				} else {
					assert.ok(entry.state === 'truncated' || entry.state === 'omitted', 'the cut falls in this entry');
					assert.equal(entry.cost, 15_000 - offset);
				}
				offset += full;
			}
			assert.ok(listing.used <= 15_000);
			if (listing.wanted > 15_000) {
				assert.ok(byState(listing, 'omitted').length > 0 || byState(listing, 'truncated').length > 0);
			}
		});
	}
});

describe('the listing-budget rule', () => {
	const claudeOnly = testConfig({ targets: ['claude-code'] });
	const many = Array.from({ length: 60 }, (_, i) => ({
		folder: `skill-${String(i).padStart(2, '0')}`,
		text: skill('# Body\n', `name: skill-${String(i).padStart(2, '0')}\ndescription: ${'Handles one kind of task. Use when that task comes up. '.repeat(3).trim()}`),
	}));

	test('a skill reduced to its name in Claude Code is a warning naming the budget and why', () => {
		const findings = checkSkills(many, claudeOnly);
		const warned = findings.map(list => byRule(list, 'listing-budget')).filter(list => list.length > 0);
		assert.ok(warned.length > 0 && warned.length < many.length);
		const last = single(findings[findings.length - 1], 'listing-budget');
		assert.equal(last.severity, 'warning');
		assert.match(last.message, /^Claude Code lists only its name: its listing is over its 8,000-character budget, and the least-used skills lose their descriptions first \(no usage known: the last by name\) \(Skills: Show Listing Budget\)$/);
		assert.equal(byRule(findings[0], 'listing-budget').length, 0, 'the first in name order keeps its description');
	});

	test('a larger context window in the settings lists every description', () => {
		const findings = checkSkills(many, testConfig({ targets: ['claude-code'], listing: { contextTokens: { 'claude-code': 1_000_000 } } }));
		assert.ok(findings.every(list => byRule(list, 'listing-budget').length === 0));
	});

	test('an entry over 1,536 characters is information saying how much is cut', () => {
		const long = 'Converts documents between formats. Use when a document needs converting. '.repeat(22).trim();
		const [findings] = checkSkills([{ folder: 'convert', text: skill('# Body\n', `name: convert\ndescription: ${long}\nwhen_to_use: When asked.`) }], claudeOnly);
		const finding = single(findings, 'listing-budget');
		assert.equal(finding.severity, 'info');
		assert.match(finding.message, new RegExp(`Claude Code cuts each entry \\(description and \`when_to_use\`\\) at 1,536 characters: the last ${long.length + 12 - 1536} characters of this one's ${(long.length + 12).toLocaleString('en-US')} are not listed`));
	});

	test('a skill hidden from the model is not reported, and off means no simulation', () => {
		const hidden = many.map(spec => ({ ...spec, text: spec.text.replace('---\n#', 'disable-model-invocation: true\n---\n#') }));
		assert.ok(checkSkills(hidden, claudeOnly).every(list => byRule(list, 'listing-budget').length === 0));
		assert.ok(checkSkills(many, testConfig({ targets: ['claude-code'], rules: { 'listing-budget': 'off' } })).every(list => byRule(list, 'listing-budget').length === 0));
	});

	test('`when_to_use` and `disable-model-invocation` are read from the frontmatter', () => {
		const analysis = analyzeText({ text: skill('# Body\n', 'name: my-skill\ndescription: Does it.\nwhen_to_use: When it is needed.\ndisable-model-invocation: yes') });
		assert.equal(analysis.whenToUse, 'When it is needed.');
		assert.equal(analysis.modelDisabled, true);
	});

	test('bad listing settings are refused with what is expected', () => {
		assert.throws(() => testConfig({ listing: { contextTokens: { 'claude-code': -5 } } }), (error: Error) => error instanceof ConfigError && /"listing.contextTokens.claude-code" must be a whole number of tokens, not -5/.test(error.message));
		assert.throws(() => testConfig({ listing: { clientVersions: { cursor: '1.0' } } as never }), /names "cursor", which is no client/);
		assert.throws(() => testConfig({ listing: { clientVersions: { codex: 'latest' } } }), /must be a version such as "2.1.218", not "latest"/);
	});
});

describe('the listing-budget quick fix', () => {
	const description = 'Converts documents between formats. Use when a document needs converting to PDF, HTML or Markdown. Handles tables, images and footnotes. Keeps the headings and the links. Works offline with pandoc installed. Asks before overwriting a file.';
	const text = skill('# Convert\n\nBody.\n', `name: convert\ndescription: ${description}`);
	const finding: Finding = { file: '/library/convert/SKILL.md', rule: 'listing-budget', severity: 'warning', message: '', line: 3, column: 14, endLine: 3, endColumn: 14 + description.length, related: [] };

	test('moves the end of the description into when_to_use when Claude Code is a target, word for word', () => {
		const config = testConfig({ targets: ['claude-code', 'codex'], rules: { 'listing-budget': { shortLength: 100 } } });
		const plans = fixesForFinding(fixContext(text, 'convert', config, { read: () => undefined }), finding, testToday);
		assert.deepEqual(plans.map(plan => plan.title), ['Shorten the description to 100 characters, the rest to when_to_use', 'Shorten the description to 100 characters, the rest to "## When to use"']);
		const fixed = applyChanges(text, plans[0].changes);
		const data = analyzeText({ folder: 'convert', text: fixed }, config);
		assert.equal(data.description, 'Converts documents between formats. Use when a document needs converting to PDF, HTML or Markdown.');
		assert.equal(`${data.description} ${data.whenToUse}`, description, 'nothing is lost');
		const body = applyChanges(text, plans[1].changes);
		assert.match(body, /^# Convert\n\n## When to use\n\nHandles tables, images and footnotes\. Keeps the headings and the links\. Works offline with pandoc installed\. Asks before overwriting a file\.\n\nBody\.\n$/m);
	});

	test('when Claude Code is the client that cuts it, only the body helps (it lists when_to_use with the description)', () => {
		const config = testConfig({ targets: ['claude-code', 'codex'], rules: { 'listing-budget': { shortLength: 100 } } });
		const claudeCuts = { ...finding, message: 'Codex shortens every description to 80 characters …; Claude Code lists only its name …' };
		assert.deepEqual(fixesForFinding(fixContext(text, 'convert', config, { read: () => undefined }), claudeCuts, testToday).map(plan => plan.title), ['Shorten the description to 100 characters, the rest to "## When to use"']);
	});

	test('with Codex alone the overflow goes to the body only; a short description has no fix', () => {
		const config = testConfig({ targets: ['codex'], rules: { 'listing-budget': { shortLength: 100 } } });
		const plans = fixesForFinding(fixContext(text, 'convert', config, { read: () => undefined }), finding, testToday);
		assert.deepEqual(plans.map(plan => plan.title), ['Shorten the description to 100 characters, the rest to "## When to use"']);
		const short = skill('# Convert\n', 'name: convert\ndescription: Converts documents. Use when converting.');
		assert.deepEqual(fixesForFinding(fixContext(short, 'convert', config, { read: () => undefined }), finding, testToday), []);
	});
});

describe('the listing in the library index', () => {
	test('an edit that grows one description re-reports the skills whose listing it changes, and only those', () => {
		// The descriptions are alike on purpose; the duplicate rules, which would tie every skill to every other, are off.
		const config = testConfig({ targets: ['copilot-cli'], rules: { 'duplicate-description': 'off', 'duplicate-content': 'off' } });
		const index = new LibraryIndex(config);
		const specs = Array.from({ length: 90 }, (_, i) => ({
			folder: `skill-${String(i).padStart(2, '0')}`,
			text: skill('# Body\n', `name: skill-${String(i).padStart(2, '0')}\ndescription: ${'Handles one kind of task well. Use when that task comes up. '.repeat(3).trim()}`),
		}));
		const analyses = specs.map(spec => analyzeText(spec, config));
		analyses.forEach(analysis => index.add(analysis));
		const cutBefore = analyses.filter(analysis => byRule(index.findings(analysis.file), 'listing-budget').length > 0).map(analysis => analysis.folderName);
		assert.deepEqual(cutBefore.slice(0, 2), ['skill-78', 'skill-79']);
		const longer = analyzeText({ ...specs[0], text: specs[0].text.replace('description: ', `description: ${'More words. '.repeat(20)}`) }, config);
		const changed = index.update(longer).map(file => file.split('/').at(-2)).sort();
		assert.deepEqual(changed, ['skill-00', 'skill-76', 'skill-77', 'skill-78'], 'the skill itself, the one the cut now falls in, and the two now left out');
		assert.equal(index.listings()[0].entries.find(entry => entry.skill.name === 'skill-76')?.state, 'truncated');
		assert.deepEqual(index.remove(longer.file).map(file => file.split('/').at(-2)).sort(), ['skill-00', 'skill-76', 'skill-77', 'skill-78', 'skill-79'], 'without it, the cut falls a skill later than at first');
	});
});

describe('which clients see a skill', () => {
	function workspace(linked: boolean): string {
		const dir = temporaryFolder('seen-');
		writeTree(dir, {
			'.agents/skills/shared/SKILL.md': skill('# Shared\n', 'name: shared\ndescription: Shared by every agent. Use when sharing.'),
			'.claude/skills/own/SKILL.md': skill('# Own\n', 'name: own\ndescription: Claude Code\'s own. Use when owning.'),
		});
		if (linked) {
			fs.symlinkSync(path.join('..', '..', '.agents', 'skills', 'shared'), path.join(dir, '.claude', 'skills', 'shared'));
		}
		return dir;
	}

	async function check(dir: string, config = testConfig({ targets: ['claude-code', 'codex'] })) {
		const result = await checkLibrary({ roots: standardRootsFor([dir], undefined), config, discovery: { home: undefined } });
		return { result, findings: result.index.allFindings() };
	}

	test('a skill linked from .claude/skills into .agents/skills is one skill, seen by both roots\' clients', async () => {
		const { result, findings } = await check(workspace(true));
		assert.equal(result.index.skills().length, 2, 'the linked folder is not a second skill');
		assert.deepEqual(byRule(findings, 'duplicate-name'), []);
		assert.deepEqual(byRule(findings, 'unseen-by-claude-code'), []);
		const shared = result.index.skills().find(s => s.folderName === 'shared') as SkillAnalysis;
		assert.ok(result.index.seenBy(shared, 'claude-code') && result.index.seenBy(shared, 'codex'));
		const names = (client: string) => result.index.listings().find(listing => listing.client === client)?.entries.map(entry => entry.skill.name).sort();
		assert.deepEqual(names('claude-code'), ['own', 'shared']);
		assert.deepEqual(names('codex'), ['shared']);
		assert.equal(seenBy(shared.root, result.index.aliasesOf(shared.file).map(alias => alias.root)).startsWith('Seen by '), true);
	});

	test('without the link, the skill in .agents/skills is information for Claude Code, and not for Codex alone', async () => {
		const dir = workspace(false);
		const { findings } = await check(dir);
		const finding = single(findings, 'unseen-by-claude-code');
		assert.equal(finding.severity, 'info');
		assert.equal(finding.file, path.join(dir, '.agents', 'skills', 'shared', 'SKILL.md'));
		assert.match(finding.message, /^Claude Code does not read \.agents\/skills, so it never sees this skill \(seen by Codex, VS Code, Copilot CLI\): link the skill folder into \.claude\/skills$/);
		assert.deepEqual(byRule((await check(dir, testConfig({ targets: ['codex'] }))).findings, 'unseen-by-claude-code'), []);
	});
});
