import * as fs from 'node:fs';
import * as path from 'node:path';
import pc from 'picocolors';
import { lifecyclePlacementFor } from '../core/check/profiles';
import { distillationBrief } from '../core/distil/brief';
import { isMemoryFileName, memoryFilesListed } from '../core/distil/proposalStore';
import { DistilCancelled, type DistilOutcome, distilSession } from '../core/distil/distilSession';
import { defaultStagingFolder } from '../core/library/discovery';
import { indexedLibrary } from '../core/library/distilLibrary';
import { UnknownTranscriptError } from '../core/sessions/adapters';
import { agentLabels } from '../core/sessions/sessionEvents';
import { displayPath } from '../core/util/paths';
import { plural, printable } from '../core/util/text';
import { commandLanguageModel } from './modelCommand';
import { analyzeServicesFor, CommandError, type CommandIo, type LibraryOptions, loadLibrary, UsageError, wantsColor } from './loadLibrary';

export interface DistilOptions extends LibraryOptions {
	transcript?: string;
	out?: string;
	format: string;
	dryRun: boolean;
	/** Print the distillation brief for an agent and write nothing. */
	brief?: boolean;
	/** The project's memory file, relative to the current folder. */
	memoryFile?: string;
	/** A command that answers a prompt on its standard input (`--model-command` or `SKILL_DISTILLER_MODEL_COMMAND`). */
	modelCommand?: string;
	modelTimeoutMs?: number;
}

/** The JSON `distil` prints: the shape documented in the README, stable for scripts. */
function outcomeJson(outcome: DistilOutcome): Record<string, unknown> {
	return {
		session: outcome.session,
		triggers: outcome.triggers,
		episodes: outcome.episodes,
		proposals: outcome.proposals.map(({ dir, action, target, name, checks, cases }) => ({ dir: dir ?? null, action, target, name, checks, cases })),
		noted: outcome.noted,
		notes: outcome.notes,
		problems: outcome.problems,
		counts: outcome.counts,
	};
}

function outcomeText(outcome: DistilOutcome, io: CommandIo): string {
	const colors = pc.createColors(wantsColor(io));
	const { session, counts } = outcome;
	const lines = [
		`${colors.bold(`${agentLabels[session.agent]} session ${printable(session.id)}`)} ${colors.dim(printable(displayPath(session.path, [io.cwd])))}`,
		colors.dim(`  ${counts.events} events: ${counts.userMessages} from the user, ${counts.toolCalls} tool calls, ${counts.errors} failed`),
	];
	if (outcome.triggers.length > 0) {
		lines.push('', 'Triggers:');
		for (const trigger of outcome.triggers) {
			lines.push(`  ${colors.cyan(trigger.kind.padEnd(16))} ${printable(trigger.summary)}`);
			for (const evidence of trigger.evidence) {
				const where = evidence.file ? `${displayPath(evidence.file, [io.cwd])}:${evidence.line}` : `line ${evidence.line}`;
				lines.push(colors.dim(`  ${' '.repeat(16)} ${printable(`${where}: ${evidence.quote}`)}`));
			}
		}
	}
	const resolved = outcome.episodes.filter(episode => episode.resolution);
	if (resolved.length > 0) {
		lines.push('', 'Episodes (a check failing, then passing):');
		for (const episode of resolved) {
			lines.push(`  ${colors.cyan(printable(episode.check))}  line ${episode.symptom.line}: ${printable(episode.symptom.quote)}`);
			if (episode.rejected) {
				lines.push(colors.dim(`    rejected by the person, line ${episode.rejected.line}: ${printable(episode.rejected.quote)}`));
			}
			lines.push(colors.dim(`    passed, line ${episode.resolution?.passed.line}: ${printable(episode.resolution?.passed.quote ?? '')}`));
		}
	}
	if (outcome.noted.length > 0) {
		lines.push('', colors.dim(`Noted and left out (${outcome.noted.length}; --format json lists them all):`));
		for (const item of outcome.noted.slice(0, 8)) {
			lines.push(colors.dim(`  line ${item.evidence[0]?.line ?? '?'}: ${printable(item.summary)} — ${printable(item.why)}`));
		}
	}
	if (outcome.proposals.length > 0) {
		lines.push('', 'Proposals:');
		for (const proposal of outcome.proposals) {
			const where = proposal.dir ? printable(displayPath(proposal.dir, [io.cwd])) : '(dry run: not written)';
			const target = proposal.target ? ` → ${printable(displayPath(proposal.target, [io.cwd]))}` : '';
			lines.push(`  ${colors.green(proposal.action.padEnd(7))} ${printable(proposal.name)}${target}  ${colors.dim(where)}`);
			for (const item of proposal.cases) {
				lines.push(colors.dim(`  ${' '.repeat(7)} apprentice case ${printable(item.id)}: check \`${printable(item.check ?? '')}\`${item.workspace ? ` from ${printable(item.workspace)}` : ''}`));
			}
			const errors = proposal.checks.filter(check => check.severity === 'error').length;
			if (proposal.checks.length > 0) {
				lines.push(`  ${' '.repeat(7)} ${(errors > 0 ? colors.red : colors.yellow)(`checks: ${plural(proposal.checks.length, 'finding')}`)} (${proposal.checks.slice(0, 3).map(check => check.rule).join(', ')}${proposal.checks.length > 3 ? ', …' : ''})`);
			}
		}
	}
	for (const note of outcome.notes) {
		lines.push('', printable(note));
	}
	if (outcome.problems.length > 0) {
		lines.push('', colors.yellow('Lines of the transcript that could not be read (skipped):'));
		for (const problem of outcome.problems) {
			lines.push(colors.dim(`  ${printable(`${displayPath(problem.file, [io.cwd])}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`)}`));
		}
	}
	return `${lines.join('\n')}\n`;
}

/**
 * Runs `distil`: reads one transcript (any supported agent, detected from its content), checks
 * it against the library and writes proposals to the staging folder. Exits 0 whether or not
 * there was anything to distil; 2 when the transcript cannot be read.
 */
export async function runDistil(options: DistilOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	if (!options.transcript) {
		throw new UsageError('distil needs the transcript file to read');
	}
	if (options.memoryFile !== undefined && !isMemoryFileName(options.memoryFile)) {
		throw new UsageError(`--memory-file must be a memory file agents read (${memoryFilesListed}), not "${options.memoryFile}"`);
	}
	const transcript = path.resolve(io.cwd, options.transcript);
	if (!fs.existsSync(transcript) || !fs.statSync(transcript).isFile()) {
		throw new UsageError(`no such transcript file: ${options.transcript}`);
	}
	const { config, roots, result } = await loadLibrary(options, io);
	const services = analyzeServicesFor(io);
	const stagingDir = path.resolve(io.cwd, options.out ?? defaultStagingFolder);
	const model = options.modelCommand && !options.brief ? commandLanguageModel(options.modelCommand, options.modelTimeoutMs) : undefined;
	let outcome: DistilOutcome;
	try {
		outcome = await distilSession({
			transcript,
			library: indexedLibrary(result.index, config, services, roots[0]),
			stagingDir,
			today: config.today,
			placement: lifecyclePlacementFor(config.profile),
			dryRun: options.dryRun || options.brief,
			workspace: io.cwd,
			memoryFile: options.memoryFile,
			model,
		});
	} catch (error) {
		if (error instanceof UnknownTranscriptError || error instanceof DistilCancelled) {
			throw new CommandError(error.message);
		}
		throw error;
	}
	if (options.brief) {
		io.stdout.write(distillationBrief(outcome, stagingDir));
		return 0;
	}
	io.stdout.write(options.format === 'json' ? `${JSON.stringify(outcomeJson(outcome), null, 2)}\n` : outcomeText(outcome, io));
	return 0;
}
