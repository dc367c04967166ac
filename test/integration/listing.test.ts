import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, diagnosticsOf, extensionApi, rulesOf, shownWhile, waitFor, workspaceFile, workspaceRoot } from './support';

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
	return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range) ?? [];
}

const longDescription = 'Converts documents between formats. Use when a document needs converting to PDF, HTML or Markdown. '.repeat(18).trim();

suite('Listing budget', () => {
	const convert = () => workspaceFile('.claude', 'skills', 'convert-docs', 'SKILL.md');
	const link = () => path.join(workspaceRoot(), '.claude', 'skills', 'api-client');
	teardown(async () => {
		await closeAllEditors();
		fs.rmSync(path.dirname(convert().fsPath), { recursive: true, force: true });
		fs.rmSync(link(), { force: true });
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
	});

	test('Skills: Show Listing Budget… shows a client\'s listing rendered: its skills in order, their cost, the skills it never lists', async () => {
		await extensionApi();
		const uri = await vscode.commands.executeCommand<vscode.Uri>('skillDistiller.showListingBudget', 'claude-code');
		const text = (await vscode.workspace.openTextDocument(uri)).getText();
		assert.match(text, /^# Claude Code: listing budget\n\n\*\*Budget:\*\* 8,000 characters \(1% of the context window, which is not set: the default\)\./);
		assert.match(text, /\| 1 \| Deploy\\_Helper<br>\.claude\/skills\/Deploy\\_Helper\/SKILL\.md \| listed \| \d+ \| \d+ \| {2}\| {2}\|/);
		assert.ok(text.includes('brainstorming<br>.claude/skills/brainstorming/SKILL.md'));
		assert.ok(!text.includes('api-client'), 'Claude Code does not read .agents/skills');
		const copilot = (await vscode.workspace.openTextDocument(await vscode.commands.executeCommand<vscode.Uri>('skillDistiller.showListingBudget', 'copilot-cli'))).getText();
		assert.ok(copilot.includes('api-client<br>.agents/skills/api-client/SKILL.md'), 'Copilot CLI reads .agents/skills');
	});

	test('an entry Claude Code cuts at 1,536 characters is reported, and moving the end of the description to the body fixes it in one undoable edit', async () => {
		await extensionApi();
		const uri = convert();
		fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
		const original = `---\nname: convert-docs\ndescription: ${longDescription}\n---\n# Convert docs\n\nRun pandoc.\n`;
		fs.writeFileSync(uri.fsPath, original);
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		await vscode.window.showTextDocument(uri);
		const diagnostic = await waitFor('the listing-budget finding', () => diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'listing-budget'));
		assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
		assert.match(diagnostic.message, /^Claude Code cuts each entry \(description and `when_to_use`\) at 1,536 characters: the last \d+ characters of this one's 1,\d{3} are not listed/);
		const listing = await vscode.workspace.openTextDocument(await vscode.commands.executeCommand<vscode.Uri>('skillDistiller.showListingBudget', 'claude-code'));
		await waitFor('the open listing to follow the library', () => /convert-docs<br>\.claude\/skills\/convert-docs\/SKILL\.md \| cut short \|/.test(listing.getText()));
		await vscode.window.showTextDocument(uri);
		const actions = await codeActions(uri, diagnostic.range);
		assert.ok(!actions.some(action => action.title === 'Shorten the description to 250 characters, the rest to when_to_use'), 'Claude Code lists when_to_use too: moving text there would not help');
		const move = actions.find(action => action.title === 'Shorten the description to 250 characters, the rest to "## When to use"');
		assert.ok(move?.edit, actions.map(action => action.title).join(' | '));
		assert.ok(await vscode.workspace.applyEdit(move.edit));
		const document = await vscode.workspace.openTextDocument(uri);
		assert.match(document.getText(), /^---\nname: convert-docs\ndescription: Converts documents between formats\. Use when [^\n]{100,235}\.\n---\n# Convert docs\n\n## When to use\n\n[^\n]{1300,}\n\nRun pandoc\.\n$/);
		await waitFor('the listing-budget finding to go', () => !rulesOf(uri).includes('listing-budget'));
		await vscode.window.showTextDocument(uri);
		await vscode.commands.executeCommand('undo');
		assert.equal(document.getText(), original, 'one undo restores the description');
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('a skill in .agents/skills is information for Claude Code, and "Make visible to Claude Code" links it into .claude/skills as the same skill', async () => {
		const api = await extensionApi();
		const uri = workspaceFile('.agents', 'skills', 'api-client', 'SKILL.md');
		await vscode.window.showTextDocument(uri);
		const diagnostic = await waitFor('the unseen-by-claude-code finding', () => diagnosticsOf(uri).find(candidate => codeOf(candidate) === 'unseen-by-claude-code'));
		assert.match(diagnostic.message, /^Claude Code does not read \.agents\/skills, so it never sees this skill \(seen by Codex, VS Code, Copilot CLI\)/);
		const action = (await codeActions(uri, diagnostic.range)).find(candidate => candidate.title === 'Make visible to Claude Code');
		assert.ok(action?.command);
		const { shown } = await shownWhile(() => vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? [])));
		assert.equal(fs.readlinkSync(link()), path.join('..', '..', '.agents', 'skills', 'api-client'), 'a relative link');
		assert.match(shown[0].text, /^Linked \.claude\/skills\/api-client → \.\.\/\.\.\/\.agents\/skills\/api-client: Claude Code now sees "api-client"\.$/);
		await waitFor('the finding to go', () => !rulesOf(uri).includes('unseen-by-claude-code'));
		// The file watcher reports the linked folder: it stays one skill, not a second one named api-client.
		await new Promise(resolve => setTimeout(resolve, 2000));
		assert.equal(api.library.skill(path.join(link(), 'SKILL.md')), undefined);
		assert.ok(!rulesOf(uri).includes('duplicate-name'));
		const claude = await vscode.workspace.openTextDocument(await vscode.commands.executeCommand<vscode.Uri>('skillDistiller.showListingBudget', 'claude-code'));
		await waitFor('Claude Code\'s listing to have it now', () => claude.getText().includes('api-client<br>'));

		const again = await shownWhile(() => vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? [])));
		assert.match(again.shown[0].text, /^Make visible to Claude Code: .*\.claude\/skills\/api-client already exists \(a symbolic link\); nothing was changed\.$/);

		fs.rmSync(link());
		await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
		await waitFor('the finding to come back', () => rulesOf(uri).includes('unseen-by-claude-code'));
		await shownWhile(() => vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? [])), () => 'Undo');
		await waitFor('Undo to remove the link', () => !fs.existsSync(link()));
		await waitFor('the finding to come back after Undo', () => rulesOf(uri).includes('unseen-by-claude-code'));
	});
});
