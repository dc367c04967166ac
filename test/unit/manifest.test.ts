import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import packageJson from '../../package.json';
import { repositoryRoot } from '../../scripts/repository';
import { standardRoots } from '../../src/core/skill/standardRoots';
import { CommandId, configurationSection, ContextKey, SettingKey, ViewId } from '../../src/extension/ids';

const contributes = packageJson.contributes;

test('package.json contributes exactly the commands the extension registers', () => {
	assert.deepEqual(contributes.commands.map(command => command.command).sort(), Object.values(CommandId).sort());
});

test('package.json declares exactly the settings the extension reads', () => {
	assert.deepEqual(Object.keys(contributes.configuration.properties).sort(), Object.values(SettingKey).map(key => `${configurationSection}.${key}`).sort());
});

test('the views, the review panel and the filter context key are the ones package.json names', () => {
	assert.deepEqual(contributes.views.skillDistiller.map(view => view.id), [ViewId.Library, ViewId.Proposals]);
	assert.ok(packageJson.activationEvents.includes(`onWebviewPanel:${ViewId.ReviewPanel}`));
	const toggled = contributes.commands.flatMap(command => ('toggled' in command && command.toggled ? [command.toggled.condition] : []));
	assert.deepEqual(toggled, [...['all', 'drafts', 'problems', 'findings', 'unused'].map(filter => `${ContextKey.Filter} == '${filter}'`), ContextKey.NameFiltered]);
});

test('the extension activates on every project skill folder by its name, which a search that files.exclude hides cannot miss', () => {
	const named = packageJson.activationEvents.filter(event => event.startsWith('workspaceContains:') && !event.includes('*')).map(event => event.slice('workspaceContains:'.length));
	assert.deepEqual(named.sort(), standardRoots.filter(root => root.scope === 'project').map(root => root.relative).sort());
});

test('until the first scan ends, the Library view says it is scanning, not that there are no skills', () => {
	const welcome = contributes.viewsWelcome.filter(entry => entry.view === ViewId.Library && entry.when.includes('workspaceFolderCount > 0'));
	assert.deepEqual(welcome.map(entry => [entry.contents.split(' ')[0], entry.when.includes(`!${ContextKey.Scanned}`) ? 'scanning' : entry.when.includes(ContextKey.Scanned) ? 'scanned' : 'always']), [
		['Scanning', 'scanning'], ['No', 'scanned'], ['No', 'scanned'],
	]);
});

test('activation loads a few kilobytes: the entry bundle holds none of the services, the engine or a package', () => {
	// The build that runs the tests writes source maps: the bundle's sources are listed there.
	const { sources } = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'dist', 'extension.js.map'), 'utf8')) as { sources: string[] };
	const entry = ['src/extension.ts', 'src/extension/lazyWorkbench.ts', 'src/extension/ids.ts', 'src/extension/fixes/codeActionKinds.ts'];
	assert.deepEqual(sources.map(source => path.relative(repositoryRoot, path.resolve(repositoryRoot, 'dist', source)).split(path.sep).join('/')).sort(), entry.sort());
});

test('the packaged extension holds every bundle it loads at run time', () => {
	const allowed = fs.readFileSync(path.join(repositoryRoot, '.vscodeignore'), 'utf8').split('\n').filter(line => line.startsWith('!')).map(line => line.slice(1));
	// The command line's bundle is the npm package's, not the extension's.
	const bundles = fs.readdirSync(path.join(repositoryRoot, 'dist')).filter(name => name.endsWith('.js') && name !== 'cli.js').map(name => `dist/${name}`);
	assert.deepEqual(bundles.filter(bundle => !allowed.includes(bundle)), []);
	assert.ok(allowed.includes(packageJson.main.replace(/^\.\//, '')));
});
