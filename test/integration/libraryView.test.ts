import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryNode, LibraryTreeProvider } from '../../src/extension/tree/libraryTree';
import { closeAllEditors, extensionApi, rulesOf, unwatched, waitFor, watcherDelay, workspaceFile, workspaceRoot } from './support';

function label(item: vscode.TreeItem): string {
	return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** The rows of a node as a person reads them: "label — description". */
function rows(tree: LibraryTreeProvider, parent?: LibraryNode): string[] {
	return tree.getChildren(parent).map(node => {
		const item = tree.getTreeItem(node);
		return item.description ? `${label(item)} — ${String(item.description)}` : label(item);
	});
}

function rootNamed(tree: LibraryTreeProvider, rootLabel: string): LibraryNode | undefined {
	return tree.getChildren().find(node => node.kind === 'root' && node.root.label === rootLabel);
}

function childNamed(tree: LibraryTreeProvider, parent: LibraryNode, childLabel: string): LibraryNode | undefined {
	return tree.getChildren(parent).find(node => label(tree.getTreeItem(node)) === childLabel);
}

/**
 * Writes skills (folder relative to the workspace → frontmatter name) and returns a function that
 * deletes them. The file watcher is not what these tests are about (and is slow on a busy
 * machine): the library is refreshed after each.
 */
async function writeSkills(skills: Record<string, string>, body = '# A skill\n\nUse it when testing the Library view.\n'): Promise<() => Promise<void>> {
	for (const [folder, name] of Object.entries(skills)) {
		fs.mkdirSync(path.join(workspaceRoot(), folder), { recursive: true });
		fs.writeFileSync(path.join(workspaceRoot(), folder, 'SKILL.md'), `---\nname: ${name}\ndescription: The ${name} skill of ${folder}. Use when testing the Library view.\n---\n\n${body}`);
	}
	await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
	return async () => {
		for (const folder of Object.keys(skills)) {
			fs.rmSync(path.join(workspaceRoot(), folder), { recursive: true, force: true });
		}
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
	};
}

suite('Library view', () => {
	teardown(async () => {
		const api = await extensionApi();
		await vscode.commands.executeCommand('skillDistiller.filter.all');
		assert.equal(api.libraryTree.currentFilter, 'all');
		await closeAllEditors();
	});

	test('groups skills by the folder agents load them from, with the clients that load it', async () => {
		const { libraryTree } = await extensionApi();
		const roots = libraryTree.getChildren().map(node => libraryTree.getTreeItem(node));
		assert.deepEqual(roots.map(label), ['.claude/skills', '.github/skills', '.agents/skills']);
		assert.equal(roots[0].description, 'project · Claude Code, VS Code, Copilot CLI · 8 skills');
		assert.equal(roots[2].description, 'project · Codex, VS Code, Copilot CLI · 2 skills');
	});

	test('lists the skills of a root with their lifecycle status and problem count', async () => {
		const { libraryTree } = await extensionApi();
		const [claude] = libraryTree.getChildren();
		const rows = () => libraryTree.getChildren(claude).map(node => libraryTree.getTreeItem(node));
		const names = ['Deploy_Helper', 'brainstorming', 'dispatching-parallel-agents', 'release-notes', 'subagent-driven-development', 'systematic-debugging', 'test-driven-development', 'verification-before-completion'];
		// The suites before this one edit, undo and save these skills, the file watcher reporting some of
		// it after they end: the rows are read once the library has caught up (or ten seconds have passed,
		// and the assertions below say what differs).
		await waitFor('the rows of the edited skills to settle', () => {
			const settled = rows();
			return JSON.stringify(settled.map(label)) === JSON.stringify(names)
				&& settled.find(item => label(item) === 'release-notes')?.description === 'draft · 2 info'
				&& (settled.find(item => label(item) === 'Deploy_Helper')?.iconPath as vscode.ThemeIcon | undefined)?.id === 'error';
		}).catch(() => undefined);
		const items = rows();
		assert.deepEqual(items.map(label), names);
		const draft = items.find(item => label(item) === 'release-notes');
		assert.equal(draft?.contextValue, 'skill.draft');
		assert.equal(draft?.description, 'draft · 2 info', 'errors and warnings are VS Code\'s badge on the row, not repeated in the description');
		assert.equal((draft?.iconPath as vscode.ThemeIcon).id, 'edit');
		const stable = items.find(item => label(item) === 'systematic-debugging');
		assert.equal(stable?.contextValue, 'skill.stable');
		assert.equal(stable?.description, undefined, 'a stable skill without problems has no description');
		const broken = items.find(item => label(item) === 'Deploy_Helper');
		assert.equal((broken?.iconPath as vscode.ThemeIcon).id, 'error', 'a skill with errors does not show the green "verified"');
		assert.match(String(libraryTree.getTreeItem(claude).tooltip), /^.*\.claude\/skills\nSeen by Claude Code, VS Code, Copilot CLI$/, 'the root\'s tooltip says which clients see it');
		const systematic = libraryTree.getChildren(claude).find(node => node.kind === 'skill' && node.skill.folderName === 'systematic-debugging') as LibraryNode;
		const hovered = libraryTree.resolveTreeItem(libraryTree.getTreeItem(systematic), systematic);
		assert.match((hovered.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Use when encountering any bug/);
	});

	test('clicking a skill opens its SKILL.md', async () => {
		const { libraryTree } = await extensionApi();
		const [claude] = libraryTree.getChildren();
		const node = libraryTree.getChildren(claude).find(child => child.kind === 'skill' && child.skill.folderName === 'brainstorming') as LibraryNode;
		const command = libraryTree.getTreeItem(node).command;
		assert.ok(command, 'a skill item has a command');
		await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
		assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, workspaceFile('.claude', 'skills', 'brainstorming', 'SKILL.md').fsPath);
	});

	test('shows a skill\'s sidecar files under it', async () => {
		const { libraryTree } = await extensionApi();
		const roots = libraryTree.getChildren();
		const agents = roots.find(root => root.kind === 'root' && root.root.label === '.agents/skills') as LibraryNode;
		const apiClient = libraryTree.getChildren(agents).find(node => node.kind === 'skill' && node.skill.folderName === 'api-client') as LibraryNode;
		assert.equal(libraryTree.getTreeItem(apiClient).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
		assert.deepEqual(libraryTree.getChildren(apiClient).map(node => label(libraryTree.getTreeItem(node))), ['references/errors.md']);
	});

	test('the drafts filter shows only drafts; "with problems" counts errors and warnings, "any finding" info too', async () => {
		const { libraryTree } = await extensionApi();
		const remove = await writeSkills({ '.claude/skills/home-paths': 'home-paths' }, '# Home paths\n\nThe cache lives in /home/alice/.cache/tool between runs.\n');
		try {
			const claude = rootNamed(libraryTree, '.claude/skills') as LibraryNode;
			assert.ok(rows(libraryTree, claude).includes('home-paths — 1 info'));
			await vscode.commands.executeCommand('skillDistiller.filter.drafts');
			const drafts = libraryTree.getChildren().flatMap(root => libraryTree.getChildren(root));
			assert.deepEqual(drafts.map(node => node.kind === 'skill' && node.skill.folderName), ['release-notes']);
			assert.equal(libraryTree.getTreeItem(libraryTree.getChildren()[0]).description, 'project · Claude Code, VS Code, Copilot CLI · 1 of 9 skills');
			await vscode.commands.executeCommand('skillDistiller.filter.problems');
			const withProblems = libraryTree.getChildren().flatMap(root => libraryTree.getChildren(root)).map(node => node.kind === 'skill' && node.skill.folderName);
			assert.ok(withProblems.includes('api-client') && withProblems.includes('Deploy_Helper'));
			assert.ok(!withProblems.includes('systematic-debugging'), 'a skill without findings is hidden');
			assert.ok(!withProblems.includes('home-paths'), 'a skill with info findings only is hidden');
			await vscode.commands.executeCommand('skillDistiller.filter.findings');
			const withFindings = libraryTree.getChildren().flatMap(root => libraryTree.getChildren(root)).map(node => node.kind === 'skill' && node.skill.folderName);
			assert.ok(withFindings.includes('home-paths') && withFindings.includes('Deploy_Helper'));
			assert.ok(!withFindings.includes('systematic-debugging'));
		} finally {
			await remove();
		}
		assert.equal(libraryTree.skillNode(workspaceFile('.claude', 'skills', 'home-paths', 'SKILL.md').fsPath), undefined);
	});

	test('skills in owner folders are grouped by owner, with counts; namesakes show their folder', async () => {
		const { libraryTree } = await extensionApi();
		const remove = await writeSkills({ 'skills/alice/buzz': 'buzz', 'skills/bob/buzz': 'buzz', 'skills/bob/fizz': 'fizz' });
		try {
			const root = rootNamed(libraryTree, 'skills') as LibraryNode;
			assert.match(String(libraryTree.getTreeItem(root).description), /· 3 skills$/);
			assert.deepEqual(rows(libraryTree, root), ['alice — 1 skill', 'bob — 2 skills']);
			const [alice, bob] = libraryTree.getChildren(root);
			assert.equal(libraryTree.getTreeItem(alice).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
			assert.deepEqual(rows(libraryTree, bob), ['buzz — bob/buzz', 'fizz']);
			assert.deepEqual(rows(libraryTree, alice), ['buzz — alice/buzz']);
			await vscode.commands.executeCommand('skillDistiller.filter.problems');
			const filtered = rootNamed(libraryTree, 'skills') as LibraryNode;
			assert.match(String(libraryTree.getTreeItem(filtered).description), /· 2 of 3 skills$/);
			assert.deepEqual(rows(libraryTree, filtered), ['alice — 1 of 1 skill', 'bob — 1 of 2 skills']);
			assert.deepEqual(rows(libraryTree, childNamed(libraryTree, filtered, 'bob')), ['buzz — bob/buzz']);
		} finally {
			await remove();
		}
		assert.equal(rootNamed(libraryTree, 'skills'), undefined);
	});

	test('a full scan shows how far it is, fills the view as it reads, and then filters thousands of skills in milliseconds', async function () {
		// Writing and scanning 2,000 skills twice takes longer than a test usually may.
		this.timeout(60_000);
		const { libraryTree, libraryView, statusBar } = await extensionApi();
		const bulk = path.join(workspaceRoot(), 'skills');
		await unwatched('**/skills/**', async () => {
			for (let index = 0; index < 2000; index++) {
				const folder = path.join(bulk, `owner-${String(index % 60).padStart(2, '0')}`, `bulk-${String(index).padStart(4, '0')}`);
				fs.mkdirSync(folder, { recursive: true });
				fs.writeFileSync(path.join(folder, 'SKILL.md'), `---\nname: bulk-${index}\ndescription: Bulk skill number ${index}. Use when testing a long scan.\n---\n\n# Bulk ${index}\n\n${'Text of the skill. '.repeat(40)}\n`);
			}
			try {
				let ended = false;
				const scanning = Promise.resolve(vscode.commands.executeCommand('skillDistiller.refreshLibrary')).then(() => {
					ended = true;
				});
				const seen = { statusBar: '', message: '', rowsBeforeTheEnd: 0 };
				while (!ended) {
					seen.statusBar = /so far/.test(statusBar.text) ? statusBar.text : seen.statusBar;
					seen.message = /so far/.test(libraryView.message ?? '') ? libraryView.message ?? '' : seen.message;
					const root = rootNamed(libraryTree, 'skills');
					if (root && !ended) {
						seen.rowsBeforeTheEnd = libraryTree.getChildren(root).length;
					}
					await new Promise(resolve => setTimeout(resolve, 20));
				}
				await scanning;
				assert.match(seen.statusBar, /^\$\(sync~spin\) Scanning skills… [\d,]+ so far$/);
				assert.match(seen.message, /^Scanning… [\d,]+ skills? so far$/);
				assert.ok(seen.rowsBeforeTheEnd > 0, 'owner folders were shown before the scan ended');
				await waitFor('the counts in the status bar', () => statusBar.text.startsWith('$(book)') && statusBar.text);
				assert.equal(libraryView.message, undefined);

				const root = rootNamed(libraryTree, 'skills') as LibraryNode;
				assert.match(String(libraryTree.getTreeItem(root).description), /· 2,000 skills · not watched$/);
				assert.equal(libraryTree.getChildren(root).length, 60);
				assert.deepEqual(rows(libraryTree, libraryTree.getChildren(root)[0]).slice(0, 2).map(row => row.split(' — ')[0]), ['bulk-0', 'bulk-60']);
				// What a filter change costs the extension: the rows VS Code asks for again, roots and owner
				// folders. The fastest of five, so a pause of the busy host is not taken for the filter's cost.
				for (const filter of ['problems', 'findings', 'drafts', 'all'] as const) {
					const times = Array.from({ length: 5 }, () => {
						const started = performance.now();
						libraryTree.setFilter(filter);
						for (const top of libraryTree.getChildren()) {
							rows(libraryTree, top);
						}
						return performance.now() - started;
					});
					assert.ok(Math.min(...times) < 20, `the ${filter} filter took ${Math.round(Math.min(...times))} ms`);
				}
			} finally {
				fs.rmSync(bulk, { recursive: true, force: true });
				await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			}
		});
	});

	test('the library lives in a process of its own: if it stops, the extension hears why, the problems shown stay, and Refresh starts it again with the library whole', async () => {
		const { library } = await extensionApi();
		const file = workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md');
		const before = { skills: library.totals().skills, rules: rulesOf(file) };
		const pid = library.processId;
		assert.ok(pid !== undefined && pid !== process.pid, 'the library is not in the extension host');
		const stopped = new Promise<string>(resolve => {
			const listener = library.onDidStopProcess(why => {
				listener.dispose();
				resolve(why);
			});
		});
		process.kill(pid, 'SIGKILL');
		assert.equal(await stopped, 'it was stopped by SIGKILL');
		assert.deepEqual(rulesOf(file), before.rules);
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		assert.notEqual(library.processId, pid);
		assert.equal(library.totals().skills, before.skills);
		assert.deepEqual(rulesOf(file), before.rules);
	});

	test('a rescan reuses the analysis cache kept in the workspace storage: nothing unchanged is analysed again, and the problems stay the same', async () => {
		const { library } = await extensionApi();
		const file = workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md');
		const before = rulesOf(file);
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		const warm = library.lastScan;
		assert.ok(warm?.cache, 'the editor scans with the cache');
		assert.equal(warm.cache.analysed, 0, library.scanSummary());
		assert.equal(warm.cache.reused, warm.skills, library.scanSummary());
		assert.ok(warm.cache.crossReused, library.scanSummary());
		assert.deepEqual(rulesOf(file), before);
		// A stamp vouches only for what had not changed for two seconds when it was read; once everything has, a rescan walks no folder.
		await new Promise(resolve => setTimeout(resolve, 2100));
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		assert.ok(library.lastScan?.cache?.walkReplayed, `${library.scanSummary()} ${JSON.stringify(library.scanProblems().map(problem => [problem.file, problem.message]))}`);
		assert.match(library.scanSummary(), /no folder walked again/);
		assert.deepEqual(rulesOf(file), before);
		const text = fs.readFileSync(file.fsPath, 'utf8');
		try {
			fs.writeFileSync(file.fsPath, `${text}\nThe token is ghp_R8x2Kq9LmZ4vT7nW1pY6sD3fH5jB0cE8gA2u for now.\n`);
			await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			assert.equal(library.lastScan?.cache?.analysed, 1, library.scanSummary());
			assert.ok(rulesOf(file).includes('secret'), `the edited skill was checked again: ${rulesOf(file).join(', ')}`);
		} finally {
			fs.writeFileSync(file.fsPath, text);
			await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		}
		assert.deepEqual(rulesOf(file), before);
	});

	test('a root VS Code does not watch says so, and Refresh Folder reads what changed there', async () => {
		const { libraryTree } = await extensionApi();
		const remove = await writeSkills({ 'skills/alpha': 'alpha' });
		try {
			await unwatched('skills/**', async () => {
				const root = rootNamed(libraryTree, 'skills') as LibraryNode;
				const item = libraryTree.getTreeItem(root);
				assert.match(String(item.description), /· 1 skill · not watched$/);
				assert.equal(item.contextValue, 'root.unwatched');
				assert.match((item.tooltip as vscode.MarkdownString).value, /not watched \(`files.watcherExclude`: skills\/\\\*\\\*\)/);
				fs.rmSync(path.join(workspaceRoot(), 'skills', 'alpha'), { recursive: true });
				fs.mkdirSync(path.join(workspaceRoot(), 'skills', 'beta'));
				fs.writeFileSync(path.join(workspaceRoot(), 'skills', 'beta', 'SKILL.md'), '---\nname: beta\ndescription: The beta skill. Use when testing the Library view.\n---\n\n# Beta\n');
				await watcherDelay();
				assert.deepEqual(rows(libraryTree, rootNamed(libraryTree, 'skills')), ['alpha'], 'nothing noticed the changes on disk');
				await vscode.commands.executeCommand('skillDistiller.refreshRoot', rootNamed(libraryTree, 'skills'));
				assert.deepEqual(rows(libraryTree, rootNamed(libraryTree, 'skills')), ['beta']);
			});
			await waitFor('the note to go with the setting', () => {
				const root = rootNamed(libraryTree, 'skills');
				return root && !String(libraryTree.getTreeItem(root).description).includes('not watched');
			});
		} finally {
			fs.rmSync(path.join(workspaceRoot(), 'skills'), { recursive: true, force: true });
			await remove();
		}
	});

	test('the Proposals view lists the proposals in the staging folder', async () => {
		const { proposalsTree } = await extensionApi();
		const entries = proposalsTree.getChildren();
		const items = entries.map(entry => proposalsTree.getTreeItem(entry));
		assert.deepEqual(items.map(label), ['handling-flaky-tests']);
		assert.equal(items[0].description, 'proposed by hand', 'a proposal without proposal.json says it was written by hand');
		assert.equal(items[0].contextValue, 'proposal.manual');
		assert.deepEqual(items[0].command?.arguments, [entries[0].dir], 'clicking it opens the review panel on it');
		assert.equal(items[0].command?.command, 'skillDistiller.reviewProposals');
	});

	test('Reveal Skill in Library selects the skill of the active editor', async () => {
		const { libraryView } = await extensionApi();
		await vscode.window.showTextDocument(workspaceFile('.agents', 'skills', 'http-client', 'SKILL.md'));
		await vscode.commands.executeCommand('skillDistiller.revealSkill');
		const selected = await waitFor('the selection', () => libraryView.selection[0]);
		assert.equal(selected.kind === 'skill' && selected.skill.folderName, 'http-client');
	});
});
