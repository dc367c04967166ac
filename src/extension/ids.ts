/** Command ids: the single place they are spelled (package.json contributes the same). */
export const enum CommandId {
	RefreshLibrary = 'skillDistiller.refreshLibrary',
	CheckLibrary = 'skillDistiller.checkLibrary',
	NewSkill = 'skillDistiller.newSkill',
	RevealSkill = 'skillDistiller.revealSkill',
	OpenRuleDocumentation = 'skillDistiller.openRuleDocumentation',
	CheckSkill = 'skillDistiller.checkSkill',
	OpenSkill = 'skillDistiller.openSkill',
	OffloadToSidecar = 'skillDistiller.offloadToSidecar',
	FixAllInLibrary = 'skillDistiller.fixAllInLibrary',
	GoToLine = 'skillDistiller.goToLine',
	RevealInExplorer = 'skillDistiller.revealInExplorer',
	ShowAllSkills = 'skillDistiller.filter.all',
	ShowDrafts = 'skillDistiller.filter.drafts',
	ShowSkillsWithProblems = 'skillDistiller.filter.problems',
	DistilSession = 'skillDistiller.distilSession',
	DistilTranscriptFile = 'skillDistiller.distilTranscriptFile',
	ReviewProposals = 'skillDistiller.reviewProposals',
	PromoteToStable = 'skillDistiller.promoteToStable',
	OpenProposalDraft = 'skillDistiller.openProposalDraft',
}

export const enum ViewId {
	Library = 'skillDistiller.library',
	Proposals = 'skillDistiller.proposals',
}

export const enum ContextKey {
	Filter = 'skillDistiller.filter',
}

export const diagnosticSource = 'skill-distiller';
export const configurationSection = 'skillDistiller';
