import * as path from 'node:path';
import * as vscode from 'vscode';
import { proposeRevision, type Revision } from '../../core/apprentice/apprenticeLoop';
import { casesPath, readCases, type SkillCase } from '../../core/apprentice/cases';
import { ApprenticeCancelled, type ApprenticeReport, runApprentice } from '../../core/apprentice/runApprentice';
import { skillFileName } from '../../core/skill/skillText';
import { isSameOrInside } from '../../core/util/paths';
import { errorMessage, plural } from '../../core/util/text';
import { type ApprenticeResults, apprenticeSkillOf, openCasesFile } from '../apprentice/apprenticeResults';
import { BuiltinCommand, CommandId } from '../ids';
import type { LibraryService } from '../library/libraryService';
import { lifecyclePlacement, readApprenticeSettings, saveAgentCommand } from '../settings';
import type { LibraryNode } from '../tree/libraryTree';
import type { ProposalsTreeProvider } from '../tree/proposalsTree';
import { skillFileOf } from './promoteToStable';

/** What a caller (a test, another command) may answer in advance. */
export interface FreshAgentOptions {
	/** Run the cases again without the skill. */
	without?: boolean;
	/** Only this case. */
	caseId?: string;
}

export interface FreshAgentRun {
	report: ApprenticeReport;
	revisions: Revision[];
}

async function pickSkill(library: LibraryService): Promise<string | undefined> {
	const skills = library.groups().flatMap(group => group.skills).filter(skill => !skill.inStaging);
	const withCases = skills.filter(skill => readCases(skill.dir).exists);
	if (skills.length === 0) {
		void vscode.window.showInformationMessage('There is no skill in the library to test.');
		return undefined;
	}
	const items = (withCases.length > 0 ? withCases : skills).map(skill => ({ label: skill.name ?? skill.folderName, description: skill.root.label, file: skill.file }));
	return (await vscode.window.showQuickPick(items, { title: withCases.length > 0 ? 'Test with a Fresh Agent: which skill?' : 'Test with a Fresh Agent: which skill? (none has evals/cases.json yet)' }))?.file;
}

async function agentCommand(): Promise<string | undefined> {
	const configured = readApprenticeSettings().agentCommand;
	if (configured) {
		return configured;
	}
	const given = await vscode.window.showInputBox({
		title: 'Test with a Fresh Agent: which agent?',
		prompt: 'A command that reads the task on its standard input, run in a temporary copy of the workspace (claude -p, codex exec -). Saved in your user settings (skillDistiller.apprentice.agentCommand).',
		value: 'claude -p',
		validateInput: value => (value.trim() === '' ? 'Give the command that runs the agent.' : undefined),
	});
	if (given?.trim()) {
		await saveAgentCommand(given.trim());
		return given.trim();
	}
	return undefined;
}

function summaryOf(report: ApprenticeReport): string {
	const withouts = report.cases.filter(item => item.without);
	const difference = withouts.filter(item => item.passed && !item.without?.passed).length;
	const without = withouts.length > 0 ? ` Without the skill: ${withouts.filter(item => item.without?.passed).length} of ${withouts.length} passed${difference > 0 ? ` (the skill made the difference in ${plural(difference, 'case')})` : ''}.` : '';
	return report.summary.failed === 0
		? `${report.skill}: a fresh agent passed ${report.cases.length === 1 ? 'the case' : `all ${report.cases.length} cases`}.${without}`
		: `${report.skill}: a fresh agent failed ${report.summary.failed} of ${plural(report.cases.length, 'case')} (${report.cases.filter(item => !item.passed).map(item => `${item.id}: ${item.reason}`).join('; ')}).${without}`;
}

/**
 * Skills: Test with a Fresh Agent… — hands each case of a skill's evals/cases.json to the agent
 * command in a temporary copy of its workspace with only that skill installed (progress shown;
 * Cancel kills the agent), grades it, keeps the transcripts in the staging folder's `.apprentice`,
 * proposes an update for each failed case, and shows the result in the Library view.
 */
export function testWithFreshAgentCommand(library: LibraryService, results: ApprenticeResults, proposals: ProposalsTreeProvider, log: vscode.LogOutputChannel): (target?: LibraryNode | vscode.Uri | string, options?: FreshAgentOptions) => Promise<FreshAgentRun | undefined> {
	return async (target, options) => {
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage('Skill Distiller runs no agent in an untrusted workspace.');
			return undefined;
		}
		await library.scanned;
		const given = skillFileOf(target);
		const file = given === undefined ? await pickSkill(library) : path.basename(given) === skillFileName ? given : path.join(given, skillFileName);
		if (!file) {
			return undefined;
		}
		const skill = apprenticeSkillOf(file);
		const parsed = readCases(skill.dir);
		if (!parsed.exists) {
			const create = 'Create Cases File';
			if (await vscode.window.showInformationMessage(`${skill.name} has no apprentice cases yet: write them in ${casesPath} beside its SKILL.md (a task, and a check command or an expected answer).`, create) === create) {
				await openCasesFile(skill.dir);
			}
			return undefined;
		}
		const cases = options?.caseId ? parsed.cases.filter(item => item.id === options.caseId) : parsed.cases;
		if (cases.length === 0) {
			const open = 'Open Cases File';
			const why = parsed.problems.length > 0 ? parsed.problems.map(problem => problem.message).join('; ') : options?.caseId ? `it has no case "${options.caseId}"` : 'it lists no case';
			if (await vscode.window.showErrorMessage(`${skill.name} cannot be tested: ${why}.`, open) === open) {
				await vscode.window.showTextDocument(vscode.Uri.file(parsed.file));
			}
			return undefined;
		}
		let without = options?.without;
		if (without === undefined) {
			const picked = await vscode.window.showQuickPick([
				{ label: 'With the skill', description: plural(cases.length, 'case'), without: false },
				{ label: 'With and without the skill', description: 'shows whether the skill made the difference; twice as long', without: true },
			], { title: `Test ${skill.name} with a Fresh Agent` });
			if (!picked) {
				return undefined;
			}
			without = picked.without;
		}
		const command = await agentCommand();
		if (!command) {
			return undefined;
		}
		const folders = vscode.workspace.workspaceFolders ?? [];
		const folder = folders.find(candidate => isSameOrInside(candidate.uri.fsPath, file)) ?? folders[0];
		if (!folder) {
			void vscode.window.showWarningMessage('Open a folder first: the apprentice works in a copy of it.');
			return undefined;
		}
		const stagingDir = path.join(folder.uri.fsPath, library.stagingFolder);
		const { timeoutMs } = readApprenticeSettings();
		let run: FreshAgentRun;
		try {
			run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Testing ${skill.name} with a fresh agent`, cancellable: true }, async (progress, token) => {
				const abort = new AbortController();
				token.onCancellationRequested(() => abort.abort());
				const report = await runApprentice({
					skill, cases, project: folder.uri.fsPath, agentCommand: command, timeoutMs, without,
					resultsRoot: results.resultsRootFor(file) ?? stagingDir, excluded: [stagingDir], signal: abort.signal,
					onProgress: message => progress.report({ message }),
				});
				const revisions: Revision[] = [];
				for (const item of report.cases.filter(candidate => !candidate.passed)) {
					progress.report({ message: `proposing what ${item.id} was missing` });
					const revision = await proposeRevision({
						skill, item: cases.find(candidate => candidate.id === item.id) as SkillCase, result: item, agentCommand: command, stagingDir,
						today: library.config.today, placement: lifecyclePlacement(library.config.profile), library: library.distilLibrary(), fingerprint: report.fingerprint, signal: abort.signal,
					});
					if (revision) {
						revisions.push(revision);
					}
				}
				return { report, revisions };
			});
		} catch (error) {
			if (error instanceof ApprenticeCancelled) {
				log.info(`The apprentice test of ${skill.name} was cancelled; the agent was stopped.`);
				return undefined;
			}
			log.error(`The apprentice test of ${skill.name} failed: ${errorMessage(error)}`);
			void vscode.window.showErrorMessage(`${skill.name} could not be tested: ${errorMessage(error)}`);
			return undefined;
		}
		results.invalidate(file);
		proposals.refresh();
		const { report, revisions } = run;
		log.info(`Apprentice test of ${file} with \`${command}\`: ${report.summary.passed} passed, ${report.summary.failed} failed; results in ${report.folder}.`);
		for (const item of report.cases) {
			log.info(`  ${item.passed ? 'passed' : 'failed'} ${item.id} (${Math.round(item.durationMs / 1000)} s): ${item.reason} — ${item.transcript}`);
		}
		for (const revision of revisions) {
			log.info(`  proposed (${revision.kind}): ${revision.dir}`);
		}
		const openTranscript = 'Open Transcript';
		const review = 'Review Proposal';
		const buttons = [openTranscript, ...revisions.length > 0 ? [review] : []];
		const show = report.summary.failed === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
		void show(summaryOf(report), ...buttons).then(async choice => {
			if (choice === openTranscript) {
				const shown = report.cases.find(item => !item.passed) ?? report.cases[0];
				await vscode.commands.executeCommand(BuiltinCommand.Open, vscode.Uri.file(shown.transcript));
			} else if (choice === review) {
				await vscode.commands.executeCommand(CommandId.ReviewProposals, revisions[0].dir);
			}
		});
		return run;
	};
}
