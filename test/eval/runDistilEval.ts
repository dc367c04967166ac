import * as fs from 'node:fs';
import * as path from 'node:path';
import { repositoryRoot } from '../../scripts/repository';
import { runSession, type SessionResult } from './evalRun';
import { isLabelError, type LabelSet, labelSets } from './labelSets';
import { formatSession, formatSummary, jsonReport } from './report';

/**
 * `npm run eval:distil`: runs the distiller over every labelled session and prints how its
 * triggers compare with the labels (precision, recall, misses, false positives) and the proposals
 * it would write, in full, for a person to judge. Scoring rules: test/eval/score.ts.
 */

const usage = `Usage: npm run eval:distil -- [--session <name>]... [--json] [--transcripts <dir>]

  --session <name>    run only this session (the labels file's name, e.g. cc-vsla-git-author-1
                      or fixture-codex; repeatable)
  --json              print the results as JSON (use npm run -s to keep npm's banner out)
  --transcripts <dir> the real transcripts (default: ../shared/transcripts beside the repository)
`;

interface Options {
	sessions: string[];
	json: boolean;
	transcripts: string;
}

class UsageError extends Error {}
/** The run cannot start: what is missing, said once, without the usage. */
class SetupError extends Error {}

function parseArguments(args: readonly string[]): Options {
	const options: Options = { sessions: [], json: false, transcripts: path.resolve(repositoryRoot, '..', 'shared', 'transcripts') };
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		const value = () => {
			const next = args[++index];
			if (next === undefined || next.startsWith('--')) {
				throw new UsageError(`${arg} needs a value`);
			}
			return next;
		};
		if (arg === '--json') {
			options.json = true;
		} else if (arg === '--session') {
			options.sessions.push(value().replace(/\.(?:jsonl?|json)$/, ''));
		} else if (arg === '--transcripts') {
			options.transcripts = path.resolve(value());
		} else if (arg === '--help' || arg === '-h') {
			process.stdout.write(usage);
			process.exit(0);
		} else {
			throw new UsageError(`unknown argument ${arg}`);
		}
	}
	return options;
}

function selected(all: readonly LabelSet[], names: readonly string[]): LabelSet[] {
	if (names.length === 0) {
		return [...all];
	}
	const unknown = names.filter(name => !all.some(set => set.name === name));
	if (unknown.length > 0) {
		throw new UsageError(`no labelled session named ${unknown.join(', ')}; the sessions are: ${all.map(set => set.name).join(', ')}`);
	}
	return all.filter(set => names.includes(set.name));
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2));
	const labelsDir = path.join(repositoryRoot, 'test', 'eval', 'labels');
	const fixturesDir = path.join(repositoryRoot, 'test', 'fixtures', 'transcripts');
	const sets = selected(labelSets(labelsDir, options.transcripts, fixturesDir), options.sessions);
	if (sets.some(set => !set.fixture) && !fs.existsSync(options.transcripts)) {
		throw new SetupError(`the labelled transcripts are not at ${options.transcripts} (the repository's parent folder should hold shared/transcripts).`
			+ ' Pass --transcripts <dir>, or --session fixture-… to run only the fixtures.');
	}
	const missing = sets.filter(set => !fs.existsSync(set.transcript));
	if (missing.length > 0) {
		throw new SetupError(`labelled transcripts not found: ${missing.map(set => set.transcript).join(', ')}`);
	}
	const date = new Date().toISOString().slice(0, 10);
	const results: SessionResult[] = [];
	for (const set of sets) {
		const result = await runSession(set);
		results.push(result);
		if (!options.json) {
			process.stdout.write(`${formatSession(result)}\n\n`);
		}
	}
	process.stdout.write(options.json ? `${JSON.stringify(jsonReport(results, date), null, '\t')}\n` : `${formatSummary(results, date)}\n`);
}

main().catch((error: unknown) => {
	const known = error instanceof UsageError || error instanceof SetupError || isLabelError(error);
	process.stderr.write(`eval:distil: ${error instanceof Error ? (known ? error.message : error.stack ?? error.message) : String(error)}\n`);
	if (error instanceof UsageError) {
		process.stderr.write(usage);
	}
	process.exitCode = 2;
});
