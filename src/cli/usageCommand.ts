import * as os from 'node:os';
import * as path from 'node:path';
import pc from 'picocolors';
import { discoverSkills } from '../core/library/discovery';
import { recentDigests } from '../core/recent/distilRecent';
import { standardRootsFor } from '../core/skill/standardRoots';
import { describeSessions, describeUsage, retentionNote, skillUsage } from '../core/usage/skillUsage';
import { displayPath } from '../core/util/paths';
import { printable } from '../core/util/text';
import { type CommandIo, UsageError, wantsColor } from './loadLibrary';
import { parseSince, withSessionCache, workspaceOf } from './recentCommand';

export interface UsageOptions {
	workspace?: string;
	since?: string;
	format: string;
	cache: boolean;
	cacheLocation?: string;
}

/** Every session of a workspace when no `--since` narrows them: usage is about the whole record. */
const allSessions = 100_000;

/** Runs `usage`: per skill of the workspace (and the user's skill folders), how often agents loaded it and what followed. */
export async function runUsage(options: UsageOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	const since = parseSince(options.since);
	const workspace = workspaceOf(options.workspace, io);
	const problems: string[] = [];
	const { digests } = await withSessionCache(options, io, (cache, concurrency) => recentDigests({ workspace, count: allSessions, since, cache, concurrency }, problems));
	const home = os.homedir();
	const { skills } = await discoverSkills(standardRootsFor([workspace], home), { home, maxDepth: 3 });
	const library = skills.filter(skill => !skill.inStaging).map(skill => ({ name: path.basename(path.dirname(skill.file)), file: skill.file }));
	const usage = skillUsage(digests, library, since);
	if (options.format === 'json') {
		io.stdout.write(`${JSON.stringify({ workspace, sessions: digests.length, skills: usage, note: retentionNote, problems }, null, 2)}\n`);
		return 0;
	}
	const colors = pc.createColors(wantsColor(io));
	const lines = [colors.bold(`Skill use in ${digests.length} session${digests.length === 1 ? '' : 's'} of ${printable(displayPath(workspace, [io.cwd]))}`)];
	for (const entry of usage) {
		const where = entry.file ? colors.dim(`  ${printable(displayPath(entry.file, [io.cwd], home))}`) : colors.dim('  (not in the library)');
		lines.push(`  ${(entry.loads > 0 ? colors.cyan : colors.dim)(printable(entry.skill).padEnd(28))} ${describeUsage(entry)}${where}`);
		if (entry.sessions.length > 0) {
			lines.push(colors.dim(`  ${' '.repeat(28)} in ${describeSessions(entry)}`));
		}
	}
	if (usage.length === 0) {
		lines.push('  No skills in the library and none loaded in the sessions.');
	}
	lines.push('', colors.dim(retentionNote));
	for (const problem of problems) {
		lines.push(colors.yellow(`warning: ${printable(problem)}`));
	}
	io.stdout.write(`${lines.join('\n')}\n`);
	return 0;
}
