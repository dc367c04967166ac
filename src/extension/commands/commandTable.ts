import type * as vscode from 'vscode';
import type { ApprenticeResults } from '../apprentice/apprenticeResults';
import type { RuleDocumentation } from '../diagnostics/ruleDocumentation';
import type { DistilContext } from '../distil/runDistillation';
import { CommandId } from '../ids';
import type { LibraryService } from '../library/libraryService';
import type { ReviewDependencies } from '../review/reviewPanel';
import type { LibraryNode } from '../tree/libraryTree';
import type { SkillViews } from '../tree/skillViews';
import { archiveSkillCommand } from './archiveSkill';
import { checkLibraryCommand } from './checkLibrary';
import { checkRootCommand } from './checkRoot';
import { checkSkillCommand } from './checkSkill';
import { sessionCacheWithWorkers, type UsageService } from '../usage/usageService';
import { distilRecentSessionsCommand } from './distilRecentSessions';
import { deleteSkillCommand } from './deleteSkill';
import { distilSessionCommand } from './distilSession';
import { distilTranscriptFileCommand } from './distilTranscriptFile';
import { fixAllInLibraryCommand } from './fixAllInLibrary';
import { goToLineCommand } from './goToLine';
import { handSessionToAgentCommand } from './handSessionToAgent';
import { ignoreRuleInProjectCommand } from './ignoreRuleInProject';
import { makeVisibleToClaudeCodeCommand } from './makeVisibleToClaudeCode';
import { markDistinctCommand } from './markDistinct';
import { newSkillCommand } from './newSkill';
import { offloadToSidecarCommand } from './offloadToSidecar';
import { openProposalDraftCommand } from './openProposalDraft';
import { openRuleDocumentationCommand } from './openRuleDocumentation';
import { openSkillCommand } from './openSkill';
import { promoteToStableCommand } from './promoteToStable';
import { refreshLibraryCommand } from './refreshLibrary';
import { refreshRootCommand } from './refreshRoot';
import { refreshProposalsCommand } from './refreshProposals';
import { renameSkillCommand } from './renameSkill';
import { revealInExplorerCommand } from './revealInExplorer';
import { revealSkillCommand } from './revealSkill';
import { reviewProposalsCommand } from './reviewProposals';
import { clearFilterCommand, findSkillCommand, setLibraryFilterCommand } from './setLibraryFilter';
import { testWithFreshAgentCommand } from './testWithFreshAgent';
import { showListingBudgetCommand } from './showListingBudget';

/** What the commands act on. */
export interface CommandServices {
	library: LibraryService;
	views: SkillViews;
	docs: RuleDocumentation;
	log: vscode.LogOutputChannel;
	/** The extension's storage folder for this workspace, beside Copilot Chat's sessions. */
	storageUri: vscode.Uri | undefined;
	/** The extension's global state. */
	globalState: vscode.Memento;
	review: ReviewDependencies;
	/** Where each skill stands with the apprentice test. */
	apprentice: ApprenticeResults;
	/** How agents use the skills; Distil Recent Sessions shares its session cache. */
	usage: UsageService;
	/** The file session digests are cached in. */
	sessionCache: string;
	/** Where the extension is installed (its worker scripts). */
	extensionPath: string;
}

/** A command's handler; VS Code passes it whatever arguments its caller gave, and each handler checks them. */
export type CommandHandler = (...args: never[]) => unknown;

/** Every command the extension contributes, by id: the one place a command meets its handler. */
export function commandTable({ library, views, docs, log, storageUri, globalState, review, apprentice, usage, sessionCache, extensionPath }: CommandServices): Record<CommandId, CommandHandler> {
	const newSkill = newSkillCommand(library);
	const distil: DistilContext = { library, proposals: views.proposalsTree, proposalsView: views.proposalsView, log, state: globalState };
	return {
		[CommandId.RefreshLibrary]: refreshLibraryCommand(library),
		[CommandId.RefreshRoot]: refreshRootCommand(library),
		[CommandId.RefreshProposals]: refreshProposalsCommand(views.proposalsTree),
		[CommandId.CheckLibrary]: checkLibraryCommand(library),
		[CommandId.CheckSkill]: checkSkillCommand(library),
		[CommandId.NewSkill]: newSkill,
		[CommandId.NewSkillHere]: (node?: LibraryNode) => newSkill(node?.kind === 'root' && node.root.path ? { root: node.root.path } : {}),
		[CommandId.CheckRoot]: checkRootCommand(library),
		[CommandId.RenameSkill]: renameSkillCommand(library, log),
		[CommandId.ArchiveSkill]: archiveSkillCommand(library),
		[CommandId.DeleteSkill]: deleteSkillCommand(library),
		[CommandId.OpenSkill]: openSkillCommand(),
		[CommandId.RevealSkill]: revealSkillCommand(views.libraryTree, views.libraryView),
		[CommandId.RevealInExplorer]: revealInExplorerCommand(),
		[CommandId.OffloadToSidecar]: offloadToSidecarCommand(library),
		[CommandId.FixAllInLibrary]: fixAllInLibraryCommand(library),
		[CommandId.GoToLine]: goToLineCommand(),
		[CommandId.IgnoreRuleInProject]: ignoreRuleInProjectCommand(library),
		[CommandId.MarkDistinct]: markDistinctCommand(library),
		[CommandId.OpenRuleDocumentation]: openRuleDocumentationCommand(docs),
		[CommandId.ShowAllSkills]: setLibraryFilterCommand(views.libraryTree, 'all'),
		[CommandId.ShowDrafts]: setLibraryFilterCommand(views.libraryTree, 'drafts'),
		[CommandId.ShowSkillsWithProblems]: setLibraryFilterCommand(views.libraryTree, 'problems'),
		[CommandId.ShowSkillsWithFindings]: setLibraryFilterCommand(views.libraryTree, 'findings'),
		[CommandId.ShowSkillsNotUsed]: setLibraryFilterCommand(views.libraryTree, 'unused'),
		[CommandId.FindSkill]: findSkillCommand(views.libraryTree),
		[CommandId.ClearFilter]: clearFilterCommand(views.libraryTree),
		[CommandId.DistilSession]: distilSessionCommand(distil, storageUri),
		[CommandId.DistilTranscriptFile]: distilTranscriptFileCommand(distil),
		[CommandId.DistilRecentSessions]: distilRecentSessionsCommand(distil, storageUri, () => sessionCacheWithWorkers(sessionCache, extensionPath), () => void usage.refresh()),
		[CommandId.HandSessionToAgent]: handSessionToAgentCommand(distil, storageUri),
		[CommandId.ReviewProposals]: reviewProposalsCommand(review),
		[CommandId.OpenProposalDraft]: openProposalDraftCommand(),
		[CommandId.PromoteToStable]: promoteToStableCommand(library, apprentice, log),
		[CommandId.TestWithFreshAgent]: testWithFreshAgentCommand(library, apprentice, views.proposalsTree, log),
		[CommandId.ShowListingBudget]: showListingBudgetCommand(library),
		[CommandId.MakeVisibleToClaudeCode]: makeVisibleToClaudeCodeCommand(library),
	};
}
