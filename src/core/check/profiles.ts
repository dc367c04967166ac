import type { LifecyclePlacement } from '../skill/scaffold';
import { type ClientId, clientIds } from './clients';
import type { SeveritySetting } from './findings';

export const profileIds = ['default', 'claude-code', 'codex', 'vscode-copilot', 'strict'] as const;
export type ProfileId = typeof profileIds[number];

interface Profile {
	description: string;
	/** The clients whose fields the profile accepts; none is the spec alone. */
	targets: readonly ClientId[];
	/** Whether lifecycle keys are only accepted under `metadata`. */
	lifecycleUnderMetadata: boolean;
	severities: Record<string, SeveritySetting>;
}

/** What differs between target clients; everything else is the catalog's default. */
export const profiles: Record<ProfileId, Profile> = {
	'default': {
		description: 'Portable: the spec\'s rules, accepting the fields of every known client.',
		targets: clientIds, lifecycleUnderMetadata: false, severities: {},
	},
	'claude-code': {
		description: 'Claude Code: `name` is optional (it defaults to the folder name), a missing `description` is a warning (the first body line stands in), and Claude Code\'s own fields are known.',
		targets: ['claude-code'], lifecycleUnderMetadata: false, severities: { 'name-missing': 'off', 'description-missing': 'warning' },
	},
	'codex': {
		description: 'Codex: the spec\'s fields only; a description over 1,024 characters makes Codex skip the skill.',
		targets: ['codex'], lifecycleUnderMetadata: false, severities: {},
	},
	'vscode-copilot': {
		description: 'VS Code Copilot: VS Code\'s own fields are known; a missing name is a warning, as VS Code reports it.',
		targets: ['vscode-copilot'], lifecycleUnderMetadata: false, severities: { 'name-missing': 'warning' },
	},
	'strict': {
		description: 'The Agent Skills spec to the letter: unknown top-level keys are warnings and lifecycle keys belong under `metadata`.',
		targets: [], lifecycleUnderMetadata: true, severities: { 'unknown-field': 'warning' },
	},
};

/** Where lifecycle keys are written: the `lifecycle.placement` setting, or under `metadata` when the profile requires it. */
export function lifecyclePlacementFor(profile: ProfileId, setting: 'auto' | LifecyclePlacement = 'auto'): LifecyclePlacement {
	if (setting !== 'auto') {
		return setting;
	}
	return profiles[profile].lifecycleUnderMetadata ? 'metadata' : 'topLevel';
}
