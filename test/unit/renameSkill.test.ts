import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyChanges } from '../../src/core/fixes/fixPlan';
import { fixContext } from '../../src/core/fixes/fixContext';
import { newNameProblem, renamedNameChange, skillReferences } from '../../src/core/fixes/renameSkill';
import { archiveDestination } from '../../src/core/library/skillArchive';
import type { SkillRoot } from '../../src/core/skill/standardRoots';
import { testConfig } from './support';

const claude: SkillRoot = { path: '/w/.claude/skills', label: '.claude/skills', scope: 'project' };
const folderOf = (name: string) => path.join(claude.path, name);

test('a new name is checked as New Skill checks one: spec-valid, and no folder of that name beside it', () => {
	const taken = (name: string) => ['release-notes', 'Deploy_Helper'].includes(name);
	assert.match(newNameProblem('Bad Name', '.claude/skills', taken) ?? '', /^The name may only contain lower-case letters/);
	assert.match(newNameProblem('../escape', '.claude/skills', taken) ?? '', /path separator/);
	assert.equal(newNameProblem('release-notes', '.claude/skills', taken, 'Deploy_Helper'), '.claude/skills already has a skill named release-notes.');
	assert.equal(newNameProblem('deploy-helper', '.claude/skills', taken, 'Deploy_Helper'), undefined, 'a change of case is not a clash with the folder itself');
	assert.equal(newNameProblem('release-notes', '.claude/skills', taken, 'release-notes'), 'The skill\'s folder is already named release-notes.');
	assert.equal(newNameProblem('deploy-staging', '.claude/skills', taken), undefined);
});

test('renaming sets the frontmatter name, adds it when missing, and leaves a broken frontmatter alone', () => {
	const set = (text: string) => {
		const change = renamedNameChange(fixContext(text, 'old-name', testConfig(), { read: () => undefined }), 'new-name');
		return change && applyChanges(text, [change]);
	};
	assert.equal(set('---\nname: old-name\ndescription: D.\n---\n\n# T\n'), '---\nname: new-name\ndescription: D.\n---\n\n# T\n');
	assert.equal(set('---\ndescription: D.\n---\n'), '---\nname: new-name\ndescription: D.\n---\n');
	assert.equal(set('---\nname: new-name\ndescription: D.\n---\n'), undefined, 'nothing to change');
	assert.equal(set('---\nname: old-name\ndescription: D.\n'), undefined, 'an unclosed frontmatter is not edited');
});

test('references in another skill: links into the folder and "the old-name skill" change; other mentions are listed', () => {
	const other = path.join(folderOf('release-notes'), 'SKILL.md');
	const text = [
		'---', 'name: release-notes', 'description: Writes release notes. Use after the old-name skill deployed.', '---', '',
		'Use the `old-name` skill to deploy first.',
		'See [its checks](../old-name/SKILL.md#checks) and ![diagram](../old-name/diagram.png).',
		'Run `../old-name/scripts/deploy.sh` by hand if needed.',
		'[ref]: <../old-name/reference.md>',
		'Then run old-name --dry-run, or the /old-name command.',
		'Not these: old-names, my-old-name, old-name.md, ../other/old-name/x.md, https://example.com/old-name/',
		'```', 'old-name skill inside a fence is still text about the skill', '```',
	].join('\n');
	const { changes, mentions } = skillReferences(text, other, folderOf('old-name'), 'old-name', 'new-name');
	const after = applyChanges(text, changes).split('\n');
	assert.equal(after[2], 'description: Writes release notes. Use after the new-name skill deployed.');
	assert.equal(after[5], 'Use the `new-name` skill to deploy first.');
	assert.equal(after[6], 'See [its checks](../new-name/SKILL.md#checks) and ![diagram](../new-name/diagram.png).');
	assert.equal(after[7], 'Run `../new-name/scripts/deploy.sh` by hand if needed.');
	assert.equal(after[8], '[ref]: <../new-name/reference.md>');
	assert.equal(after[9], 'Then run old-name --dry-run, or the /old-name command.', 'a mention that may mean a command is not changed');
	assert.equal(after[10], text.split('\n')[10]);
	assert.equal(after[12], 'new-name skill inside a fence is still text about the skill');
	assert.deepEqual(mentions.map(mention => [mention.line, mention.column]), [[10, 10], [10, 38], [11, 58], [11, 93]]);
	assert.equal(mentions[0].text, 'Then run old-name --dry-run, or the /old-name command.');
});

test('a skill that never names the renamed one is not changed', () => {
	assert.deepEqual(skillReferences('---\nname: x\n---\nNothing here.\n', '/w/.claude/skills/x/SKILL.md', folderOf('old-name'), 'old-name', 'new-name'), { changes: [], mentions: [] });
});

test('a skill is archived beside its root, outside every root, never over an archived copy', () => {
	const collection: SkillRoot = { path: '/w/skills', label: 'skills', scope: 'project' };
	const existing = new Set(['/w/.claude/.skills-archive/deploy', '/w/.claude/.skills-archive/deploy-2']);
	assert.deepEqual(archiveDestination(claude, folderOf('deploy'), [claude, collection], folder => existing.has(folder)), { folder: '/w/.claude/.skills-archive/deploy-3' });
	assert.deepEqual(archiveDestination(collection, '/w/skills/alice/buzz', [claude, collection], () => false), { folder: '/w/.skills-archive/alice/buzz' });
	const wide: SkillRoot = { path: '/w/.claude', label: '.claude', scope: 'project' };
	assert.match((archiveDestination(claude, folderOf('deploy'), [claude, wide], () => false) as { problem: string }).problem, /inside the skills folder \.claude/);
});
