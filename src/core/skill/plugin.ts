import * as path from 'node:path';

/** The Claude Code plugin a skill belongs to: `<plugin>/skills/<name>/SKILL.md` with a plugin manifest at `<plugin>`. */
export interface PluginOf {
	/** The plugin's name as its skills are namespaced (`<plugin>:<name>`): its folder's name. */
	name: string;
	/** The plugin's root folder, which `${CLAUDE_PLUGIN_ROOT}` names and a skill's references may resolve against. */
	dir: string;
}

/** Where a plugin's manifest may sit, relative to its root. */
const manifests = [path.join('.claude-plugin', 'plugin.json'), 'plugin.json'];

/** The plugin holding a skill folder, if it sits in a plugin's `skills/` folder; `exists` answers for the disk. */
export function pluginOfSkillDir(skillDir: string, exists: (file: string) => boolean): PluginOf | undefined {
	const parent = path.dirname(skillDir);
	if (path.basename(parent) !== 'skills') {
		return undefined;
	}
	const dir = path.dirname(parent);
	return manifests.some(manifest => exists(path.join(dir, manifest))) ? { name: path.basename(dir), dir } : undefined;
}

/** The name a client knows a skill by: `<plugin>:<name>` for a plugin's skill, else its name. */
export function qualifiedName(skill: { name?: string; plugin?: string }): string | undefined {
	return skill.name === undefined ? undefined : skill.plugin ? `${skill.plugin}:${skill.name}` : skill.name;
}
