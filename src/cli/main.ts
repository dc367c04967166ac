import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { ConfigError } from '../core/check/config';
import { errorMessage, printable } from '../core/util/text';
import { runApprenticeCommand } from './apprenticeCommand';
import { runCheck } from './checkCommand';
import { runDistil } from './distilCommand';
import { runFix } from './fixCommand';
import { runListing } from './listingCommand';
import { runPromote, runRatify } from './lifecycleCommands';
import { CommandError, UsageError } from './loadLibrary';
import { runDistilRecent } from './recentCommand';
import { runSessions } from './sessionsCommand';
import { runUsage } from './usageCommand';

const usage = `Usage: skill-distiller <command> [options]

Commands:
  check [paths...]      Check the skills in folders (default: the current folder) or single SKILL.md files
  fix [paths...]        Apply the safe fixes (name, paths, Markdown); the suggested ones (offloads, description) on request
  listing [paths...]    Each targeted client's listing of the skills: in order, what each costs, where the budget ends
  sessions              List the agent sessions recorded for a folder (Claude Code, Codex, Copilot Chat, Copilot CLI)
  distil <transcript>   Find what is worth keeping in a session transcript and write proposals
  distil --recent [n]   Distil the workspace's n newest sessions together (default 20): one proposal per recurring problem
  usage                 Per skill, how often agents loaded it, when last, in which sessions, and the corrections that followed
  ratify <proposal>     Accept a proposal as a draft skill (or merge the update, or add the memory facts)
  promote <skill>       Promote a draft validated on a real task to stable
  apprentice <skill>    Hand each case of a skill (evals/cases.json) to a fresh agent in a temporary copy and grade it

Options for check and fix:
  --format <text|json|sarif>   Output format (default: text; fix prints text or json)
  --profile <name>             Target client: default, claude-code, codex, vscode-copilot, strict
  --targets <clients>          Several target clients at once, comma-separated: claude-code,codex,vscode-copilot,copilot-cli
  --config <file>              Configuration file (default: the nearest .skill-distiller.json)
  --user                       Also check the user-level skill folders (~/.claude/skills, ~/.agents/skills, …)
  --no-inline-config           Ignore the suppressions written in SKILL.md files (<!-- skill-distiller-disable… -->)
  --cache                      Keep each skill's results between runs and analyse only the skills that changed
                               (the default; keyed by content, configuration and engine version)
  --no-cache                   Analyse every skill and read or write no cache
  --cache-location <file>      Where the cache lives (default: one file per set of folders checked, under
                               $XDG_CACHE_HOME or ~/.cache/skill-distiller)
  --workers <n>                Worker threads for reading and analysing skills

Options for fix:
  --rule <id>                  Fix only this rule's findings, suggested fixes included (repeatable; md for every markdownlint fix)
  --suggested                  Apply the suggested fixes too (offloads to sidecars, a long description cut short)
  --dry-run                    Print the changes as unified diffs and write nothing
  --diff                       Print only a unified diff of the changes (with --dry-run: of what would change)

Options for listing (and the options of check):
  --client <id>                Only this client's listing: claude-code, codex, copilot-cli (default: every targeted one)
  --format <text|json>         Output format

Options for sessions:
  --workspace <dir>            The folder whose sessions to list (default: the current folder)
  --limit <n>                  How many of the newest sessions to list (default: 20)
  --format <text|json>         Output format

Options for distil:
  --library <dir>              A skill folder to place lessons against (repeatable; default: the current folder)
  --out <dir>                  Where proposals are written (default: .skills-proposed)
  --format <text|json>         Output format
  --dry-run                    Print what would be proposed and write nothing
  --memory-file <file>         The project's memory file for facts (default: CLAUDE.md for Claude Code sessions, else AGENTS.md)
  --model-command <cmd>        Write the lessons with a language model: a command that reads the prompt on stdin and
                               answers on stdout, e.g. "claude -p" or "ollama run llama3" (or SKILL_DISTILLER_MODEL_COMMAND)
  --model-timeout <seconds>    How long to wait for the model's answer (default: 180)
  --brief                      Print a distillation brief for your own agent (e.g. | claude -p) and write nothing
  --recent [n]                 Read the n newest sessions of every agent for the workspace instead of one transcript
  --since <date>               With --recent: only sessions since a date (2026-11-01) or a number of days (30d)
  --workspace <dir>            With --recent: the folder whose sessions to read (default: the current folder)
  --no-cache                   With --recent: read every transcript again instead of the digests cached by path, size and time

Options for usage:
  --workspace <dir>            The folder whose sessions to read (default: the current folder)
  --since <date>               Only loads since a date (2026-11-01) or a number of days (30d)
  --format <text|json>         Output format

Options for apprentice:
  --agent-command <cmd>        The agent: reads the task on stdin, e.g. "claude -p" or "codex exec -"
                               (default: SKILL_DISTILLER_MODEL_COMMAND, the same command distil uses)
  --case <id>                  Run only this case
  --without                    Run each case again with no skill installed, to see whether the skill made the difference
  --all <library>              Run the cases of every skill in a library folder (for CI)
  --timeout <seconds>          How long the agent, then the check, may take per case (default: 600)
  --workspace <dir>            The project a case without a workspace copies (default: the current folder)
  --out <dir>                  Staging folder: failed cases are proposed there, results kept in its .apprentice (default: .skills-proposed)
  --keep-home                  Give the agent your home folder (your user-level skills become visible to it)
  --no-propose                 Do not propose an update for a failed case
  --format <text|json>         Output format

Options for ratify and promote:
  --library <dir>              ratify: the skills folder a new skill goes into (an update's target must be inside it)
  --note <text>                promote: the real task that validated the skill
  --require-apprentice         promote: refuse unless a fresh agent passed the skill's cases as it is now
                               (results from the staging folder given with --out, default .skills-proposed)
  --format <text|json>         Output format

  -h, --help                   Show this help
  -v, --version                Show the version

Exit codes: 0 no error findings, 1 error findings, 2 usage error or internal failure.
(ratify and promote: 0 done; 1 refused for error findings, nothing written.
 apprentice: 0 every case passed; 1 a case failed or a case file has problems.)
Rules: ${packageJson.homepage}/blob/main/docs/rules.md
`;

/** Runs the command line and returns the process exit code. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				'format': { type: 'string', default: 'text' },
				'profile': { type: 'string' },
				'targets': { type: 'string' },
				'config': { type: 'string' },
				'user': { type: 'boolean', default: false },
				'cache': { type: 'boolean', default: true },
				'no-cache': { type: 'boolean', default: false },
				'no-inline-config': { type: 'boolean', default: false },
				'cache-location': { type: 'string' },
				'workers': { type: 'string' },
				'rule': { type: 'string', multiple: true, default: [] },
				'dry-run': { type: 'boolean', default: false },
				'diff': { type: 'boolean', default: false },
				'suggested': { type: 'boolean', default: false },
				'workspace': { type: 'string' },
				'client': { type: 'string' },
				'limit': { type: 'string', default: '20' },
				'library': { type: 'string', multiple: true, default: [] },
				'out': { type: 'string' },
				'note': { type: 'string' },
				'memory-file': { type: 'string' },
				'model-command': { type: 'string' },
				'model-timeout': { type: 'string' },
				'brief': { type: 'boolean', default: false },
				'agent-command': { type: 'string' },
				'case': { type: 'string' },
				'without': { type: 'boolean', default: false },
				'all': { type: 'string' },
				'timeout': { type: 'string' },
				'keep-home': { type: 'boolean', default: false },
				'no-propose': { type: 'boolean', default: false },
				'require-apprentice': { type: 'boolean', default: false },
				'recent': { type: 'boolean', default: false },
				'since': { type: 'string' },
				'help': { type: 'boolean', short: 'h', default: false },
				'version': { type: 'boolean', short: 'v', default: false },
			},
		});
	} catch (error) {
		process.stderr.write(`skill-distiller: ${errorMessage(error)}\n\n${usage}`);
		return 2;
	}
	const { values, positionals } = parsed;
	if (values.version) {
		process.stdout.write(`${packageJson.version}\n`);
		return 0;
	}
	const [command, ...paths] = positionals;
	if (values.help || command === undefined || command === 'help') {
		process.stdout.write(usage);
		return command === undefined && !values.help ? 2 : 0;
	}
	try {
		const workers = values.workers === undefined ? undefined : Number(values.workers);
		if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
			throw new UsageError(`--workers must be a whole number of at least 1, not "${values.workers}"`);
		}
		const library = {
			paths, format: values.format as string, profile: values.profile, targets: values.targets, config: values.config, user: values.user as boolean,
			cache: !values['no-cache'], cacheLocation: values['cache-location'], workers, inlineConfig: !values['no-inline-config'],
		};
		const io = { cwd, stdout: process.stdout, distDir: __dirname };
		if (command === 'check') {
			return await runCheck(library, io);
		}
		if (command === 'fix') {
			return await runFix({ ...library, rules: values.rule as string[], suggested: values.suggested as boolean, dryRun: values['dry-run'] as boolean, diff: values.diff as boolean }, io);
		}
		if (command === 'listing') {
			return await runListing({ ...library, client: values.client }, io);
		}
		if (command === 'sessions') {
			const limit = Number(values.limit);
			if (!(Number.isInteger(limit) && limit >= 1)) {
				throw new UsageError(`--limit must be a whole number of at least 1, not "${values.limit}"`);
			}
			return await runSessions({ workspace: values.workspace, format: values.format as string, limit }, io);
		}
		if (command === 'distil' && values.recent) {
			const count = paths[0] === undefined ? undefined : Number(paths[0]);
			if (paths.length > 1 || (count !== undefined && !(Number.isInteger(count) && count >= 1))) {
				throw new UsageError(`--recent takes how many sessions to read (a whole number), not "${paths.join(' ')}"`);
			}
			if (values.brief || values['model-command']) {
				throw new UsageError('--recent writes the deterministic lessons; --brief and --model-command work on one transcript');
			}
			return await runDistilRecent({
				...library, paths: values.library as string[], count, since: values.since, workspace: values.workspace, out: values.out,
				dryRun: values['dry-run'] as boolean, memoryFile: values['memory-file'],
			}, io);
		}
		if (command === 'distil') {
			if (paths.length > 1) {
				throw new UsageError('distil reads one transcript at a time');
			}
			const timeout = values['model-timeout'] === undefined ? undefined : Number(values['model-timeout']);
			if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
				throw new UsageError(`--model-timeout must be a number of seconds, not "${values['model-timeout']}"`);
			}
			return await runDistil({
				...library, paths: values.library as string[], transcript: paths[0], out: values.out, dryRun: values['dry-run'] as boolean,
				brief: values.brief as boolean, memoryFile: values['memory-file'],
				modelCommand: values['model-command'] ?? (process.env.SKILL_DISTILLER_MODEL_COMMAND || undefined),
				modelTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
			}, io);
		}
		if (command === 'apprentice') {
			if (paths.length > 1) {
				throw new UsageError('apprentice tests one skill at a time (or every skill of a library with --all <library>)');
			}
			const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
			if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
				throw new UsageError(`--timeout must be a number of seconds, not "${values.timeout}"`);
			}
			return await runApprenticeCommand({
				...library, paths: [], skill: paths[0], all: values.all, caseId: values.case,
				agentCommand: values['agent-command'] ?? (process.env.SKILL_DISTILLER_MODEL_COMMAND || undefined),
				timeoutMs: timeout === undefined ? undefined : timeout * 1000, without: values.without as boolean, out: values.out, workspace: values.workspace,
				keepHome: values['keep-home'] as boolean, propose: !values['no-propose'],
			}, io);
		}
		if (command === 'usage') {
			if (paths.length > 0) {
				throw new UsageError('usage takes no paths: --workspace names the folder whose sessions to read');
			}
			return await runUsage({ workspace: values.workspace, since: values.since, format: values.format as string, cache: !values['no-cache'], cacheLocation: values['cache-location'] }, io);
		}
		if (command === 'ratify' || command === 'promote') {
			if (paths.length > 1) {
				throw new UsageError(`${command} takes one ${command === 'ratify' ? 'proposal' : 'skill'} at a time`);
			}
			return command === 'ratify'
				? await runRatify({ ...library, paths: values.library as string[], proposal: paths[0] }, io)
				: await runPromote({ ...library, paths: [], skill: paths[0], note: values.note, requireApprentice: values['require-apprentice'] as boolean, out: values.out }, io);
		}
		throw new UsageError(`unknown command "${command}"`);
	} catch (error) {
		if (error instanceof CommandError || error instanceof ConfigError) {
			process.stderr.write(`skill-distiller: ${printable(error.message)}\n`);
			if (error instanceof UsageError) {
				process.stderr.write(`Run "skill-distiller --help" for usage.\n`);
			}
			return 2;
		}
		process.stderr.write(`skill-distiller: internal error: ${(error as Error).stack ?? String(error)}\n`);
		return 2;
	}
}

if (require.main === module) {
	void main(process.argv.slice(2)).then(code => {
		process.exitCode = code;
	});
}
