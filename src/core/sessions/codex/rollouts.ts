import * as os from 'node:os';
import * as path from 'node:path';
import { isSameOrInside } from '../../util/paths';
import { asRecord, asString, firstJsonLines, listingLineBytes, readJsonLines } from '../jsonLines';
import { type FoundFile, filesIn, foldersIn, promptPreview } from '../sessionAdapter';
import type { AgentHomes, SessionEvent, SessionInfo } from '../sessionEvents';
import { CodexRecordMapper } from './codexRecords';

/** Finding the rollouts Codex recorded for a workspace folder, reading as little of each as it can. */

export function codexHome(homes: AgentHomes): string {
	return homes.codex ?? process.env.CODEX_HOME ?? path.join(os.homedir(), '.codex');
}

const rolloutId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl(?:\.zst)?$/i;

export function idFromName(file: string): string {
	return rolloutId.exec(file)?.[1] ?? path.basename(file).replace(/\.jsonl(?:\.zst)?$/, '');
}

/** A rollout's thread id and working folder, from its `session_meta` line. */
async function headerOf(file: string): Promise<{ id?: string; cwd?: string }> {
	const [first] = await firstJsonLines(file, 1);
	const payload = first?.line === 1 && first.record.type === 'session_meta' ? asRecord(first.record.payload) : undefined;
	return { id: asString(payload?.id), cwd: asString(payload?.cwd) };
}

/** How far into a rollout a session list looks for the first prompt. */
const promptSearchLines = 200;

async function firstPromptOf(file: string): Promise<string | undefined> {
	const mapper = new CodexRecordMapper();
	const out: SessionEvent[] = [];
	for await (const { line, record } of readJsonLines(file, [], { maxLineBytes: listingLineBytes })) {
		mapper.eventsOf(record, line, out);
		const prompt = out.find(event => event.kind === 'user' && !event.injected);
		if (prompt?.kind === 'user') {
			return promptPreview(prompt.text);
		}
		out.length = 0;
		if (line >= promptSearchLines) {
			return undefined;
		}
	}
	return undefined;
}

const isRollout = (name: string) => name.startsWith('rollout-') && (name.endsWith('.jsonl') || name.endsWith('.jsonl.zst'));

/** Rollouts in one folder; of a rollout stored both plain and compressed, the plain file. */
function rolloutsIn(folder: string): FoundFile[] {
	const found = filesIn(folder, isRollout);
	const plain = new Set(found.filter(file => file.path.endsWith('.jsonl')).map(file => file.path));
	return found.filter(file => !(file.path.endsWith('.zst') && plain.has(file.path.slice(0, -'.zst'.length))));
}

/** Every rollout file, the date folders walked newest first, then the archive. */
function allRollouts(home: string): FoundFile[] {
	const sessions = path.join(home, 'sessions');
	const newestFirst = (names: string[]) => names.sort().reverse();
	const found: FoundFile[] = [];
	for (const year of newestFirst(foldersIn(sessions))) {
		for (const month of newestFirst(foldersIn(path.join(sessions, year)))) {
			for (const day of newestFirst(foldersIn(path.join(sessions, year, month)))) {
				found.push(...rolloutsIn(path.join(sessions, year, month, day)));
			}
		}
	}
	found.push(...rolloutsIn(path.join(home, 'archived_sessions')));
	// A resumed session is written to its old date folder: recency is the file's, not the folder's.
	return found.sort((a, b) => b.modified - a.modified);
}

/** The rollouts Codex recorded for a workspace folder (or a folder inside it), newest first. */
export async function findCodexSessions(workspace: string, homes: AgentHomes, limit: number): Promise<SessionInfo[]> {
	const sessions: SessionInfo[] = [];
	for (const rollout of allRollouts(codexHome(homes))) {
		if (sessions.length >= limit) {
			break;
		}
		const { id, cwd } = await headerOf(rollout.path);
		if (!cwd || !isSameOrInside(workspace, cwd)) {
			continue;
		}
		sessions.push({
			agent: 'codex', id: id ?? idFromName(rollout.path), path: rollout.path, cwd,
			firstPrompt: await firstPromptOf(rollout.path), modified: rollout.modified, size: rollout.size,
		});
	}
	return sessions;
}
