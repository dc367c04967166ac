import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type CheckConfig, ConfigError, resolveConfig, type RuleSetting, type UserConfig } from '../core/check/config';
import type { ClientId } from '../core/check/clients';
import { lifecyclePlacementFor, type ProfileId } from '../core/check/profiles';
import { loadUserConfig } from '../core/library/configFile';
import { defaultStagingFolder } from '../core/library/discovery';
import type { LifecyclePlacement } from '../core/skill/scaffold';
import { type SkillRoot, standardRootsFor } from '../core/skill/standardRoots';
import { expandHome } from '../core/util/paths';
import { chatSkillLocationsSetting, configurationSection, LegacySettingKey, SettingKey } from './ids';

/** What the library service needs from the settings: where to look and how to check. */
export interface LibrarySettings {
	config: CheckConfig;
	roots: SkillRoot[];
	/** Folders holding proposals (the staging folder of each workspace folder). */
	stagingRoots: SkillRoot[];
	stagingFolder: string;
	delayMs: number;
	/** A problem with the configuration, shown to the user; the defaults apply meanwhile. */
	configError?: string;
}

/** The CLI's configuration file that applies to the first workspace folder it applies to: the same lookup as `skill-distiller check` run there. */
function readConfigFile(folders: readonly string[]): UserConfig {
	for (const folder of folders) {
		const found = loadUserConfig(undefined, folder);
		if (found.file) {
			return found.config;
		}
	}
	return {};
}

function explicitly<T>(settings: vscode.WorkspaceConfiguration, key: SettingKey): T | undefined {
	const inspected = settings.inspect<T>(key);
	return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

/**
 * Skill folders from VS Code's own `chat.agentSkillsLocations` (path → enabled): extra folders
 * to scan, and default folders the user switched off.
 */
function chatSkillLocations(folders: readonly string[], home: string): { added: SkillRoot[]; disabled: Set<string> } {
	const locations = vscode.workspace.getConfiguration(chatSkillLocationsSetting.section).get<Record<string, boolean>>(chatSkillLocationsSetting.key) ?? {};
	const added: SkillRoot[] = [];
	const disabled = new Set<string>();
	for (const [location, enabled] of Object.entries(locations)) {
		const isUser = location.startsWith('~');
		const absolutes = isUser ? [expandHome(location, home)] : path.isAbsolute(location) ? [location] : folders.map(folder => path.join(folder, location));
		for (const absolute of absolutes) {
			if (enabled) {
				added.push({ path: absolute, label: location, scope: isUser ? 'user' : 'project', clients: ['vscode-copilot'] });
			} else {
				disabled.add(path.resolve(absolute));
			}
		}
	}
	return { added, disabled };
}

/** Reads the extension's settings (and the CLI's configuration file beneath them). */
export function readLibrarySettings(): LibrarySettings {
	const settings = vscode.workspace.getConfiguration(configurationSection);
	const folders = (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);
	const home = os.homedir();
	let fileConfig: UserConfig = {};
	let configError: string | undefined;
	try {
		fileConfig = readConfigFile(folders);
	} catch (error) {
		if (!(error instanceof ConfigError)) {
			throw error;
		}
		configError = error.message;
	}
	const user: UserConfig = {
		profile: explicitly<ProfileId>(settings, SettingKey.Profile) ?? fileConfig.profile,
		targets: explicitly<ClientId[]>(settings, SettingKey.Targets) ?? fileConfig.targets,
		rules: { ...fileConfig.rules, ...settings.get<Record<string, RuleSetting>>(SettingKey.Rules) },
		markdownlint: { ...fileConfig.markdownlint, ...settings.get<Record<string, unknown>>(SettingKey.Markdownlint) },
		// Suppressions and distinct pairs live in the file only, which the editor's quick fixes write and CI reads.
		suppress: fileConfig.suppress,
		distinct: fileConfig.distinct,
		noInlineConfig: fileConfig.noInlineConfig,
		listing: {
			contextTokens: { ...fileConfig.listing?.contextTokens, ...settings.get<Record<string, number>>(SettingKey.ListingContextTokens) },
			clientVersions: { ...fileConfig.listing?.clientVersions, ...settings.get<Record<string, string>>(SettingKey.ListingClientVersions) },
		},
	};
	let config: CheckConfig;
	try {
		config = resolveConfig(user);
	} catch (error) {
		if (!(error instanceof ConfigError)) {
			throw error;
		}
		configError = `the Skill Distiller settings are invalid: ${error.message}`;
		config = resolveConfig({});
	}

	const enabledStandard = settings.get<Record<string, boolean>>(SettingKey.StandardRoots) ?? {};
	const chat = chatSkillLocations(folders, home);
	const roots = standardRootsFor(folders, home, root => enabledStandard[root.scope === 'user' ? `~/${root.relative}` : root.relative] !== false)
		.filter(root => !chat.disabled.has(path.resolve(root.path)));
	for (const extra of [...chat.added, ...(settings.get<string[]>(SettingKey.ExtraRoots) ?? []).flatMap(location => extraRoots(location, folders, home))]) {
		if (!roots.some(root => path.resolve(root.path) === path.resolve(extra.path))) {
			roots.push(extra);
		}
	}
	const stagingFolder = settings.get<string>(SettingKey.ProposalsFolder) || defaultStagingFolder;
	return {
		config,
		roots,
		stagingRoots: folders.map(folder => ({ path: path.join(folder, stagingFolder), label: stagingFolder, scope: 'project' })),
		stagingFolder,
		delayMs: settings.get<number>(SettingKey.CheckDelay) ?? 300,
		configError,
	};
}

function extraRoots(location: string, folders: readonly string[], home: string): SkillRoot[] {
	const expanded = expandHome(location, home);
	const absolutes = path.isAbsolute(expanded) ? [expanded] : folders.map(folder => path.join(folder, expanded));
	return absolutes.map(absolute => ({ path: absolute, label: location, scope: location.startsWith('~') ? 'user' : 'folder' }));
}

/** Where new drafts put their lifecycle keys: the setting, or under `metadata` for the strict profile. */
export function lifecyclePlacement(profile: ProfileId): LifecyclePlacement {
	return lifecyclePlacementFor(profile, vscode.workspace.getConfiguration(configurationSection).get<'auto' | LifecyclePlacement>(SettingKey.LifecyclePlacement) ?? 'auto');
}

/** Whether distillation may send a session's condensed episodes to a language model. */
export type LanguageModelUse = 'ask' | 'always' | 'never';

const languageModelUses: readonly LanguageModelUse[] = ['ask', 'always', 'never'];

/** The optional language-model step of distillation. */
export interface LanguageModelSettings {
	use: LanguageModelUse;
	/** A model family to prefer (`gpt-4o`, `claude-sonnet-4`); empty for any. */
	family: string;
}

/**
 * Reads the language-model settings, both application settings so that no workspace can turn the
 * model on. A user who had switched on the boolean setting this one replaced gave consent then:
 * while the new setting is unset, that reads as `always`.
 */
export function readLanguageModelSettings(): LanguageModelSettings {
	const settings = vscode.workspace.getConfiguration(configurationSection);
	// Only the user's own settings count for the old keys: VS Code no longer knows their scope.
	const legacy = (key: string) => settings.inspect<unknown>(key)?.globalValue;
	const value = settings.get<unknown>(SettingKey.LanguageModel);
	const use = languageModelUses.find(candidate => candidate === value) ?? (legacy(LegacySettingKey.LanguageModelEnabled) === true ? 'always' : 'ask');
	const legacyFamily = legacy(LegacySettingKey.LanguageModelFamily);
	return { use, family: settings.get<string>(SettingKey.LanguageModelFamily) || (typeof legacyFamily === 'string' ? legacyFamily : '') };
}

/** Stops distillation from asking for, or using, a language model: the person's "Never". */
export function refuseLanguageModel(): Thenable<void> {
	return vscode.workspace.getConfiguration(configurationSection).update(SettingKey.LanguageModel, 'never' satisfies LanguageModelUse, vscode.ConfigurationTarget.Global);
}

/** The memory file of a workspace folder, relative to it; undefined for the agent's own (CLAUDE.md, AGENTS.md). */
export function readMemoryFile(folder: vscode.Uri): string | undefined {
	return vscode.workspace.getConfiguration(configurationSection, folder).get<string>(SettingKey.MemoryFile)?.trim() || undefined;
}

/** The apprentice test's agent and how long it may take; the agent command is read from the user's settings only. */
export interface ApprenticeSettings {
	agentCommand: string;
	timeoutMs: number;
}

export function readApprenticeSettings(): ApprenticeSettings {
	const settings = vscode.workspace.getConfiguration(configurationSection);
	const seconds = settings.get<number>(SettingKey.AgentTimeout) ?? 600;
	// The setting is application-scoped; its global value is read so that no workspace file can pick what runs.
	const command = settings.inspect<string>(SettingKey.AgentCommand)?.globalValue;
	return { agentCommand: typeof command === 'string' ? command.trim() : '', timeoutMs: Math.max(1, Number.isFinite(seconds) ? seconds : 600) * 1000 };
}

/** Saves the agent command the person gave, in their user settings. */
export function saveAgentCommand(command: string): Thenable<void> {
	return vscode.workspace.getConfiguration(configurationSection).update(SettingKey.AgentCommand, command, vscode.ConfigurationTarget.Global);
}

/** Whether Promote to Stable requires the apprentice's cases to have passed, for the folder of a skill. */
export function requiresApprentice(file: string): boolean {
	return vscode.workspace.getConfiguration(configurationSection, vscode.Uri.file(file)).get<boolean>(SettingKey.RequireApprentice) === true;
}
