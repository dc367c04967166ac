import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { describeFilter, describeTally, LibraryOutline, type OutlineChild, type OutlineContainer, type OutlineRedraw, type OutlineSkillInfo, tallyOf } from '../../src/core/library/libraryOutline';
import type { SkillRoot } from '../../src/core/skill/standardRoots';

const collection: SkillRoot = { path: '/w/skills', label: 'skills', scope: 'project' };
const claude: SkillRoot = { path: '/w/.claude/skills', label: '.claude/skills', scope: 'project' };

function info(root: SkillRoot, relative: string, options: { name?: string; status?: OutlineSkillInfo['status'] } = {}): OutlineSkillInfo {
	const dir = path.join(root.path, relative);
	return { file: path.join(dir, 'SKILL.md'), dir, folderName: path.basename(dir), name: options.name ?? path.basename(dir), status: options.status ?? 'stable', hasSidecars: false };
}

const clean = { errors: 0, warnings: 0, infos: 0 };
const warned = { errors: 0, warnings: 2, infos: 0 };
const infoOnly = { errors: 0, warnings: 0, infos: 1 };

/** The outline's rows as a person reads them: indented labels, counts on roots and groups. */
function rows(outline: LibraryOutline): string[] {
	const lines: string[] = [];
	const walk = (container: OutlineContainer, depth: number) => {
		for (const child of outline.children(container)) {
			lines.push(`${'  '.repeat(depth)}${describeChild(outline, child)}`);
			if (child.kind === 'group') {
				walk(child, depth + 1);
			}
		}
	};
	for (const root of outline.roots()) {
		lines.push(`${root.root.label} (${outline.describe(root)})`);
		walk(root, 1);
	}
	return lines;
}

function describeChild(outline: LibraryOutline, child: OutlineChild): string {
	if (child.kind === 'group') {
		return `${child.label}/ (${outline.describe(child)})`;
	}
	return outline.hasNamesake(child) ? `${child.skill.name} [${outline.folderOf(child)}]` : child.skill.name ?? '';
}

function ids(redraw: OutlineRedraw): string[] | 'all' {
	return redraw === 'all' ? 'all' : redraw.map(node => node.id);
}

function ownersOutline(): LibraryOutline {
	const outline = new LibraryOutline([claude, collection]);
	outline.put(collection, info(collection, 'bob/buzz'), tallyOf('stable', clean));
	outline.put(collection, info(collection, 'alice/buzz'), tallyOf('stable', warned));
	outline.put(collection, info(collection, 'alice/fizz', { status: 'draft' }), tallyOf('draft', infoOnly));
	outline.put(collection, info(collection, 'top-level'), tallyOf('stable', clean));
	outline.put(claude, info(claude, 'deploy'), tallyOf('stable', clean));
	return outline;
}

describe('the Library outline', () => {
	test('groups skills by the folder between the root and them, in path order, with counts on roots and groups', () => {
		assert.deepEqual(rows(ownersOutline()), [
			'.claude/skills (1 skill)',
			'  deploy',
			'skills (4 skills)',
			'  alice/ (2 skills)',
			'    buzz [alice/buzz]',
			'    fizz',
			'  bob/ (1 skill)',
			'    buzz [bob/buzz]',
			'  top-level',
		]);
	});

	test('a root whose skills sit right below it has no groups', () => {
		const outline = new LibraryOutline([claude]);
		outline.put(claude, info(claude, 'b'), tallyOf('stable', clean));
		outline.put(claude, info(claude, 'a'), tallyOf('stable', clean));
		assert.deepEqual(rows(outline), ['.claude/skills (2 skills)', '  a', '  b']);
	});

	test('"with problems" counts errors and warnings; info findings have a filter of their own', () => {
		const outline = ownersOutline();
		outline.filter = 'problems';
		assert.deepEqual(rows(outline), ['skills (1 of 4 skills)', '  alice/ (1 of 2 skills)', '    buzz [alice/buzz]']);
		outline.filter = 'findings';
		assert.deepEqual(rows(outline), ['skills (2 of 4 skills)', '  alice/ (2 of 2 skills)', '    buzz [alice/buzz]', '    fizz']);
		outline.filter = 'drafts';
		assert.deepEqual(rows(outline), ['skills (1 of 4 skills)', '  alice/ (1 of 2 skills)', '    fizz']);
	});

	test('a change of findings redraws the skill alone unless it appears or disappears under the filter', () => {
		const outline = ownersOutline();
		const bobBuzz = info(collection, 'bob/buzz');
		assert.deepEqual(ids(outline.put(collection, bobBuzz, tallyOf('stable', infoOnly))), [`skill:${bobBuzz.file}`]);
		outline.filter = 'problems';
		assert.deepEqual(ids(outline.put(collection, bobBuzz, tallyOf('stable', infoOnly))), [`skill:${bobBuzz.file}`]);
		assert.deepEqual(ids(outline.put(collection, bobBuzz, tallyOf('stable', warned))), ['root:/w/skills'], 'the root redraws its counts and the rows below it');
		assert.deepEqual(rows(outline), ['skills (2 of 4 skills)', '  alice/ (1 of 2 skills)', '    buzz [alice/buzz]', '  bob/ (1 of 1 skill)', '    buzz [bob/buzz]']);
		const deploy = info(claude, 'deploy');
		assert.equal(outline.put(claude, deploy, tallyOf('stable', warned)), 'all', 'a root that appears redraws the whole view');
		assert.equal(outline.put(claude, deploy, tallyOf('stable', clean)), 'all');
	});

	test('a renamed skill that now shares a name, or no longer does, redraws the other row too', () => {
		const outline = ownersOutline();
		const fizz = info(collection, 'alice/fizz', { status: 'draft' });
		const renamed = { ...fizz, name: 'deploy' };
		assert.deepEqual(ids(outline.put(collection, renamed, tallyOf('draft', infoOnly))), [`skill:${fizz.file}`, `skill:${info(claude, 'deploy').file}`]);
		assert.ok(rows(outline).includes('  deploy [deploy]'));
		assert.deepEqual(ids(outline.put(collection, fizz, tallyOf('draft', infoOnly))), [`skill:${fizz.file}`, `skill:${info(claude, 'deploy').file}`]);
		assert.ok(rows(outline).includes('  deploy'));
	});

	test('removing the last skill of a group removes the group; of a root, the root', () => {
		const outline = ownersOutline();
		assert.deepEqual(ids(outline.remove(info(collection, 'bob/buzz').file)), ['root:/w/skills', `skill:${info(collection, 'alice/buzz').file}`]);
		assert.deepEqual(rows(outline).slice(2), ['skills (3 skills)', '  alice/ (2 skills)', '    buzz', '    fizz', '  top-level']);
		assert.equal(outline.remove(info(claude, 'deploy').file), 'all');
		assert.equal(outline.roots().length, 1);
		assert.deepEqual(outline.remove('/nowhere/SKILL.md'), []);
	});

	test('a skill under no known root is not shown', () => {
		const outline = new LibraryOutline([claude]);
		assert.deepEqual(outline.put(collection, info(collection, 'x'), tallyOf('stable', clean)), []);
		assert.deepEqual(outline.roots(), []);
	});

	test('a name filter shows the skills whose name or folder contains it, in any case, with counts of what each root and group shows', () => {
		const outline = ownersOutline();
		outline.setNameQuery(' BUZZ ');
		assert.equal(outline.nameQuery, 'BUZZ');
		assert.deepEqual(rows(outline), ['skills (2 of 4 skills)', '  alice/ (1 of 2 skills)', '    buzz [alice/buzz]', '  bob/ (1 of 1 skill)', '    buzz [bob/buzz]']);
		outline.filter = 'problems';
		assert.deepEqual(rows(outline), ['skills (1 of 4 skills)', '  alice/ (1 of 2 skills)', '    buzz [alice/buzz]'], 'the name filter and the status filter together');
		assert.equal(describeFilter(outline.filter, outline.nameQuery), 'Errors or warnings · Name: BUZZ');
		outline.filter = 'all';
		outline.setNameQuery('');
		assert.equal(rows(outline).length, 9);
		assert.equal(describeFilter('all', ''), undefined);
		assert.equal(describeFilter('drafts', ''), 'Drafts only');
		outline.setNameQuery('nothing-like-it');
		assert.deepEqual(outline.roots(), []);
	});

	test('under a name filter, a skill added, renamed, re-checked or removed keeps the counts true', () => {
		const outline = ownersOutline();
		outline.setNameQuery('deploy');
		assert.deepEqual(rows(outline), ['.claude/skills (1 of 1 skill)', '  deploy']);
		assert.equal(outline.put(collection, info(collection, 'carol/deploy-docs'), tallyOf('stable', clean)), 'all', 'a root that now has a match appears');
		assert.deepEqual(rows(outline).slice(2), ['skills (1 of 5 skills)', '  carol/ (1 of 1 skill)', '    deploy-docs']);
		const fizz = info(collection, 'alice/fizz', { status: 'draft' });
		assert.deepEqual(ids(outline.put(collection, { ...fizz, name: 'deploy-fizz' }, tallyOf('draft', infoOnly))), ['root:/w/skills'], 'a renamed skill that now matches redraws its root');
		assert.deepEqual(rows(outline).slice(2), ['skills (2 of 5 skills)', '  alice/ (1 of 2 skills)', '    deploy-fizz', '  carol/ (1 of 1 skill)', '    deploy-docs']);
		assert.deepEqual(ids(outline.put(collection, { ...fizz, name: 'deploy-fizz' }, tallyOf('draft', warned))), [`skill:${fizz.file}`], 'a re-check that changes nothing shown redraws the row alone');
		outline.filter = 'problems';
		assert.deepEqual(rows(outline), ['skills (1 of 5 skills)', '  alice/ (1 of 2 skills)', '    deploy-fizz']);
		outline.filter = 'all';
		outline.remove(info(collection, 'carol/deploy-docs').file);
		assert.deepEqual(rows(outline).slice(2), ['skills (1 of 4 skills)', '  alice/ (1 of 2 skills)', '    deploy-fizz']);
		assert.equal(outline.remove(info(claude, 'deploy').file), 'all');
		assert.deepEqual(rows(outline), ['skills (1 of 4 skills)', '  alice/ (1 of 2 skills)', '    deploy-fizz']);
	});

	test('large counts read with thousands separators', () => {
		assert.equal(describeTally({ all: 17_478, drafts: 0, problems: 1_204, findings: 0, unused: 0 }, 'problems'), '1,204 of 17,478 skills');
		assert.equal(describeTally({ all: 1, drafts: 0, problems: 0, findings: 0, unused: 0 }, 'all'), '1 skill');
	});

	test('filling 20,000 skills under 1,000 owners, switching filters, finding by name and emptying it again stays fast', () => {
		const outline = new LibraryOutline([collection]);
		const started = performance.now();
		for (let owner = 0; owner < 1000; owner++) {
			for (let skill = 0; skill < 20; skill++) {
				outline.put(collection, info(collection, `owner-${owner}/skill-${skill}`), tallyOf('stable', skill % 3 === 0 ? warned : clean));
			}
		}
		const [root] = outline.roots();
		assert.equal(root.tally.all, 20_000);
		assert.equal(outline.children(root).length, 1000);
		for (const filter of ['problems', 'findings', 'drafts', 'all'] as const) {
			outline.filter = filter;
			outline.roots().forEach(top => outline.children(top));
		}
		// A name filter is one pass over the skills, not a search per root or group.
		outline.setNameQuery('skill-1');
		assert.equal(outline.describe(root), '11,000 of 20,000 skills');
		assert.equal(outline.children(outline.children(root)[0] as OutlineContainer).length, 11);
		outline.setNameQuery('');
		for (let owner = 0; owner < 1000; owner++) {
			for (let skill = 0; skill < 20; skill++) {
				outline.remove(info(collection, `owner-${owner}/skill-${skill}`).file);
			}
		}
		assert.deepEqual(outline.roots(), []);
		assert.equal(root.children.length, 0);
		assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
	});
});
