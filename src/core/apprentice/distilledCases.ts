import { execFileSync } from 'node:child_process';
import type { Episode } from '../distil/lessons';
import { onlyLooks } from '../distil/shellCommands';
import { type ProjectPaths, relativePaths, withPlaceholders } from '../distil/placeholders';
import { agentLabels, type AgentKind, type SessionStart } from '../sessions/sessionEvents';
import { isSameOrInside } from '../util/paths';
import { gitWorkspacePrefix, type SkillCase } from './cases';

/**
 * The cases distillation writes beside a proposal: one per episode a passing run verified — the
 * failure as a person would report it, the commit the session started from, and the command that
 * passed in the session as the check. A command that changes more than the workspace (a push, a
 * publish, a deletion) is never a check.
 */

/** Commands that are no check: they change what lies outside the workspace, or destroy what is in it. */
const notACheck = [
	/\brm\s+-[a-z]*[rf]/i,
	/\bgit\s+(?:push|commit|tag|reset|clean|rebase|merge|checkout\s+--|restore|stash|branch\s+-[dD])\b/,
	/\b(?:npm|yarn|pnpm|cargo|twine|gem|poetry)\s+(?:publish|upload|release|login)\b/,
	/\bgh\s+(?:pr|release|issue|repo|run\s+rerun|workflow\s+run)\b/,
	/\b(?:kubectl\s+(?:apply|delete|rollout)|terraform\s+(?:apply|destroy)|helm\s+(?:install|upgrade|uninstall)|docker\s+(?:push|rm|rmi|system\s+prune))\b/,
	/\b(?:sudo|su|shutdown|reboot|mkfs|dd|chown|deploy)\b/,
	/\b(?:curl|wget)\b[^|]*\|\s*(?:ba|z)?sh\b/,
	/<<|\n/,
	/(?:^|[^<>2&])>\s*(?:\/|~)/,
];

/** Whether a command that passed in a session may be run again, anywhere, to verify a case: it does something, and nothing it should not. */
export function isVerifyingCommand(command: string): boolean {
	return command.trim() !== '' && command.length <= 300 && !onlyLooks(command) && !notACheck.some(pattern => pattern.test(command));
}

/** A failure that only says the command was called wrong: the passing call proves the agent learned the syntax, which no later run can check. */
const usageError = /unrecognized (?:arguments?|option)|unknown (?:option|flag|argument)|invalid option|illegal option|incomplete command line|^usage:/im;

/**
 * The commit a Claude Code session started from, which it does not record: the last commit of its
 * branch before the session's first record — asked of the project's repository only when the
 * session ran in this project (a transcript from another machine names another repository).
 */
function commitBefore(start: SessionStart, sessionCwd: string | undefined, workspace: string | undefined): string | undefined {
	if (!start.branch || !start.time || !workspace || !sessionCwd || !isSameOrInside(workspace, sessionCwd)) {
		return undefined;
	}
	try {
		const commit = execFileSync('git', ['rev-list', '-1', `--before=${start.time}`, start.branch, '--'], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
		return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
	} catch {
		return undefined;
	}
}

export interface CaseSession {
	agent: AgentKind;
	id: string;
	start?: SessionStart;
	/** The folder the session ran in. */
	cwd?: string;
	/** The person's project, where the case will be run. */
	workspace?: string;
}

function slug(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'case';
}

/** The cases of a proposal's verified episodes; an episode whose passing command is no check writes none. */
export function casesFromEpisodes(episodes: readonly Episode[], session: CaseSession, project: ProjectPaths): SkillCase[] {
	const commit = session.start?.commit && /^[0-9a-f]{7,40}$/.test(session.start.commit) ? session.start.commit : session.start ? commitBefore(session.start, session.cwd, session.workspace) : undefined;
	const cases: SkillCase[] = [];
	for (const episode of episodes) {
		const passed = episode.resolution?.command;
		if (!passed || episode.forcedWith || usageError.test(episode.failures[0].symptom.quote)) {
			continue;
		}
		const check = relativePaths(passed, project).trim();
		if (!isVerifyingCommand(check) || cases.some(item => item.check === check)) {
			continue;
		}
		const symptom = withPlaceholders(relativePaths(episode.failures[0].symptom.quote, project));
		const shown = episode.check.length <= 60 && !/[`\n]/.test(episode.check) ? `\`${episode.check}\`` : 'a check';
		let id = slug(episode.check);
		for (let attempt = 2; cases.some(item => item.id === id); attempt++) {
			id = `${slug(episode.check)}-${attempt}`;
		}
		const where = commit ? `, starting from commit ${commit.slice(0, 12)}` : session.start?.branch ? `; it recorded branch ${session.start.branch} but no commit, so the case starts from the project as it is` : '';
		cases.push({
			id,
			task: `${shown} fails in this project with:\n\n${symptom}\n\nFind the cause and fix it.`,
			...(commit ? { workspace: `${gitWorkspacePrefix}${commit}` } : {}),
			check,
			note: `From ${agentLabels[session.agent]} session ${session.id}: failed on line ${episode.failures[0].symptom.line}, passed on line ${episode.resolution?.passed.line}${where}.`,
		});
	}
	return cases;
}
