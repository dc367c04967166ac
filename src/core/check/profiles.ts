import type { LifecyclePlacement } from '../skill/scaffold';
import type { SeveritySetting } from './findings';

export const profileIds = ['default', 'claude-code', 'codex', 'vscode-copilot', 'strict'] as const;
export type ProfileId = typeof profileIds[number];

/** The fields the Agent Skills spec allows at the top level. */
export const specFields = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'];
const claudeCodeFields = ['disable-model-invocation', 'user-invocable', 'argument-hint', 'arguments', 'model', 'effort', 'context', 'agent', 'hooks', 'when_to_use', 'paths', 'version'];
const vscodeFields = ['argument-hint', 'user-invocable', 'disable-model-invocation', 'context'];

interface Profile {
	description: string;
	knownFields: readonly string[];
	/** Whether lifecycle keys are only accepted under `metadata`. */
	lifecycleUnderMetadata: boolean;
	severities: Record<string, SeveritySetting>;
}

/** What differs between target clients; everything else is the catalog's default. */
export const profiles: Record<ProfileId, Profile> = {
	'default': {
		description: 'Portable: the spec\'s rules, accepting the fields of every known client.',
		knownFields: [...specFields, ...claudeCodeFields, ...vscodeFields], lifecycleUnderMetadata: false, severities: {},
	},
	'claude-code': {
		description: 'Claude Code: `name` is optional (it defaults to the folder name) and Claude Code\'s own fields are known.',
		knownFields: [...specFields, ...claudeCodeFields], lifecycleUnderMetadata: false, severities: { 'name-missing': 'off' },
	},
	'codex': {
		description: 'Codex: the spec\'s fields only; a description over 1,024 characters makes Codex skip the skill.',
		knownFields: specFields, lifecycleUnderMetadata: false, severities: {},
	},
	'vscode-copilot': {
		description: 'VS Code Copilot: VS Code\'s own fields are known; a missing name is a warning, as VS Code reports it.',
		knownFields: [...specFields, ...vscodeFields], lifecycleUnderMetadata: false, severities: { 'name-missing': 'warning' },
	},
	'strict': {
		description: 'The Agent Skills spec to the letter: unknown top-level keys are warnings and lifecycle keys belong under `metadata`.',
		knownFields: specFields, lifecycleUnderMetadata: true, severities: { 'unknown-field': 'warning' },
	},
};

/** Where lifecycle keys are written: the `lifecycle.placement` setting, or under `metadata` when the profile requires it. */
export function lifecyclePlacementFor(profile: ProfileId, setting: 'auto' | LifecyclePlacement = 'auto'): LifecyclePlacement {
	if (setting !== 'auto') {
		return setting;
	}
	return profiles[profile].lifecycleUnderMetadata ? 'metadata' : 'topLevel';
}
