/**
 * Every id the extension shares with VS Code: its commands, views, context keys and settings
 * (package.json contributes the same, and a unit test holds the two together), and the built-in
 * commands it calls. Nothing else in the extension spells one.
 */

export const CommandId = {
	RefreshLibrary: 'skillDistiller.refreshLibrary',
	RefreshRoot: 'skillDistiller.refreshRoot',
	RefreshProposals: 'skillDistiller.refreshProposals',
	CheckLibrary: 'skillDistiller.checkLibrary',
	NewSkill: 'skillDistiller.newSkill',
	RevealSkill: 'skillDistiller.revealSkill',
	OpenRuleDocumentation: 'skillDistiller.openRuleDocumentation',
	CheckSkill: 'skillDistiller.checkSkill',
	OpenSkill: 'skillDistiller.openSkill',
	OffloadToSidecar: 'skillDistiller.offloadToSidecar',
	FixAllInLibrary: 'skillDistiller.fixAllInLibrary',
	GoToLine: 'skillDistiller.goToLine',
	IgnoreRuleInProject: 'skillDistiller.ignoreRuleInProject',
	MarkDistinct: 'skillDistiller.markDistinct',
	RevealInExplorer: 'skillDistiller.revealInExplorer',
	ShowAllSkills: 'skillDistiller.filter.all',
	ShowDrafts: 'skillDistiller.filter.drafts',
	ShowSkillsWithProblems: 'skillDistiller.filter.problems',
	ShowSkillsWithFindings: 'skillDistiller.filter.findings',
	ShowSkillsNotUsed: 'skillDistiller.filter.unused',
	DistilSession: 'skillDistiller.distilSession',
	DistilTranscriptFile: 'skillDistiller.distilTranscriptFile',
	DistilRecentSessions: 'skillDistiller.distilRecentSessions',
	HandSessionToAgent: 'skillDistiller.handSessionToAgent',
	ReviewProposals: 'skillDistiller.reviewProposals',
	PromoteToStable: 'skillDistiller.promoteToStable',
	OpenProposalDraft: 'skillDistiller.openProposalDraft',
	TestWithFreshAgent: 'skillDistiller.testWithFreshAgent',
	RenameSkill: 'skillDistiller.renameSkill',
	ArchiveSkill: 'skillDistiller.archiveSkill',
	DeleteSkill: 'skillDistiller.deleteSkill',
	FindSkill: 'skillDistiller.findSkill',
	ClearFilter: 'skillDistiller.clearFilter',
	NewSkillHere: 'skillDistiller.newSkillHere',
	CheckRoot: 'skillDistiller.checkRoot',
	ShowListingBudget: 'skillDistiller.showListingBudget',
	MakeVisibleToClaudeCode: 'skillDistiller.makeVisibleToClaudeCode',
} as const;
export type CommandId = typeof CommandId[keyof typeof CommandId];

export const ViewId = {
	Library: 'skillDistiller.library',
	Proposals: 'skillDistiller.proposals',
	/** The review panel's webview type. */
	ReviewPanel: 'skillDistiller.review',
	StatusBar: 'skillDistiller.status',
} as const;

export const ContextKey = {
	Filter: 'skillDistiller.filter',
	/** The Library view shows only skills whose name matches what Find Skill… was given. */
	NameFiltered: 'skillDistiller.nameFiltered',
	/** Any filter hides skills from the Library view (Clear Filter is offered). */
	Filtered: 'skillDistiller.filtered',
	/** Set once the first scan of the library has ended: until then, "no skills" would be untrue. */
	Scanned: 'skillDistiller.scanned',
} as const;

/** The extension's settings section; `SettingKey`s are relative to it. */
export const configurationSection = 'skillDistiller';

export const SettingKey = {
	StandardRoots: 'roots.standard',
	ExtraRoots: 'roots.extra',
	Profile: 'profile',
	Targets: 'targets',
	Rules: 'rules',
	Markdownlint: 'markdownlint',
	ProposalsFolder: 'proposals.folder',
	LifecyclePlacement: 'lifecycle.placement',
	CheckDelay: 'check.delay',
	ListingContextTokens: 'listing.contextTokens',
	ListingClientVersions: 'listing.clientVersions',
	LanguageModel: 'distil.languageModel',
	LanguageModelFamily: 'distil.languageModelFamily',
	MemoryFile: 'distil.memoryFile',
	GitCommit: 'git.commit',
	AgentCommand: 'apprentice.agentCommand',
	AgentTimeout: 'apprentice.timeout',
	RequireApprentice: 'promote.requireApprentice',
} as const;
export type SettingKey = typeof SettingKey[keyof typeof SettingKey];

/**
 * Settings the extension no longer declares but still reads once, from the user's settings, so
 * an earlier choice carries over. They cannot stay declared: VS Code keeps settings as a tree, and
 * `distil.languageModel` now holds a value where these would be its children.
 */
export const LegacySettingKey = {
	/** `true` reads as `distil.languageModel: always`. */
	LanguageModelEnabled: 'distil.languageModel.enabled',
	/** Read when `distil.languageModelFamily` is empty. */
	LanguageModelFamily: 'distil.languageModel.family',
} as const;

/** Keys of what the extension remembers in its global state. */
export const StateKey = {
	/** The person answered "Use the Model" when asked whether distillation may use a language model. */
	LanguageModelConsent: 'skillDistiller.distil.languageModelConsent',
} as const;

/** VS Code's own setting of extra skill folders, which the library honours. */
export const chatSkillLocationsSetting = { section: 'chat', key: 'agentSkillsLocations' } as const;

/** VS Code's setting of the paths its file watcher skips, which the Library view points out. */
export const watcherExcludeSetting = { section: 'files', key: 'watcherExclude' } as const;

/** Built-in commands the extension runs. */
export const BuiltinCommand = {
	Open: 'vscode.open',
	SetContext: 'setContext',
	RevealInExplorer: 'revealInExplorer',
	RevealInOS: 'revealFileInOS',
	ShowProblems: 'workbench.actions.view.problems',
	/** The Markdown preview of a document; a fragment in its URI scrolls to that heading. */
	MarkdownPreview: 'markdown.showPreview',
	MarkdownPreviewToSide: 'markdown.showPreviewToSide',
	/** The chat view; VS Code 1.100 takes `{ query, isPartialQuery? }`. */
	OpenChat: 'workbench.action.chat.open',
} as const;

/** The schemes of the read-only documents the extension provides. */
export const DocumentScheme = {
	RuleDocumentation: 'skill-distiller-docs',
	Transcript: 'skill-distiller-transcript',
	Listing: 'skill-distiller-listing',
} as const;

/** The `source` of every diagnostic the extension publishes. */
export const diagnosticSource = 'skill-distiller';
