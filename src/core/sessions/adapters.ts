import * as fs from 'node:fs';
import { errorMessage, utf16Encoding } from '../util/text';
import { claudeCodeAdapter } from './claudeCode';
import { codexAdapter } from './codex/codexAdapter';
import { copilotChatAdapter } from './copilotChat/copilotChatAdapter';
import { copilotCliAdapter } from './copilotCli';
import { firstJsonLines } from './jsonLines';
import type { SessionAdapter, TranscriptSample } from './sessionAdapter';
import { type AgentHomes, type AgentKind, agentLabels, type SessionInfo, type SessionReader, type TranscriptProblem } from './sessionEvents';

/**
 * Every supported agent. A new agent is one adapter file and one entry here. Detection asks them
 * in this order: Copilot Chat's extension transcripts use Copilot CLI's events and are told
 * apart by their folder, so Copilot Chat comes before Copilot CLI.
 */
export const sessionAdapters: readonly SessionAdapter[] = [
	claudeCodeAdapter,
	codexAdapter,
	copilotChatAdapter,
	copilotCliAdapter,
];

export function adapterFor(agent: AgentKind): SessionAdapter {
	const adapter = sessionAdapters.find(candidate => candidate.agent === agent);
	if (!adapter) {
		throw new Error(`no reader for ${agent} transcripts`);
	}
	return adapter;
}

export class UnknownTranscriptError extends Error {}

const headBytes = 64 * 1024;

async function sampleOf(file: string): Promise<TranscriptSample> {
	const handle = await fs.promises.open(file, 'r');
	let head: string;
	try {
		const buffer = Buffer.alloc(headBytes);
		const { bytesRead } = await handle.read(buffer, 0, headBytes, 0);
		const encoding = file.endsWith('.zst') ? undefined : utf16Encoding(buffer.subarray(0, bytesRead));
		if (encoding) {
			throw new UnknownTranscriptError(`${file} is ${encoding} text (as Windows PowerShell 5's > writes it), and transcripts are read as UTF-8: convert it to UTF-8 first`);
		}
		head = buffer.subarray(0, bytesRead).toString('utf8');
	} finally {
		await handle.close();
	}
	// A Copilot Chat mutation log can open with a snapshot line of many megabytes; it is recognised
	// from its head and never parsed as one string.
	const problems: TranscriptProblem[] = [];
	const lines = file.endsWith('.json') || /^\s*\{\s*"kind"\s*:/.test(head) ? [] : await firstJsonLines(file, 8, problems);
	// A file that could not be read at all (a damaged compressed file) says why, rather than "not a transcript".
	const unreadable = problems.find(problem => problem.line === undefined);
	if (lines.length === 0 && unreadable) {
		throw new UnknownTranscriptError(`${file} ${unreadable.message}`);
	}
	return { file, head, lines };
}

/**
 * Which agent wrote a transcript, from its first records. Throws `UnknownTranscriptError` (with
 * the reason) for files that are not a transcript of a supported agent.
 */
export async function detectAgent(file: string): Promise<SessionAdapter> {
	let sample: TranscriptSample;
	try {
		sample = await sampleOf(file);
	} catch (error) {
		throw error instanceof UnknownTranscriptError ? error : new UnknownTranscriptError(`${file} could not be read: ${errorMessage(error)}`);
	}
	// A compressed rollout's head is binary; its records are read decompressed.
	if (!file.endsWith('.zst') && sample.head.includes('\u0000')) {
		throw new UnknownTranscriptError(`${file} is a binary file, not a transcript`);
	}
	const adapter = sessionAdapters.find(candidate => candidate.recognises(sample));
	if (!adapter) {
		throw new UnknownTranscriptError(`${file} is not a transcript of a supported agent (${sessionAdapters.map(known => known.agent).join(', ')})`);
	}
	return adapter;
}

/** Opens a transcript, detecting its agent unless it is given. */
export async function openSession(file: string, agent?: AgentKind): Promise<SessionReader> {
	return (agent ? adapterFor(agent) : await detectAgent(file)).read(file);
}

/** The recent sessions of every agent for a workspace folder, newest first, and the agents whose sessions could not be listed. */
export async function findWorkspaceSessions(workspace: string, homes: AgentHomes, limit = 50): Promise<{ sessions: SessionInfo[]; problems: string[] }> {
	const problems: string[] = [];
	const lists = await Promise.all(sessionAdapters.map(adapter => adapter.findSessions(workspace, homes, limit).catch((error: Error) => {
		problems.push(`${agentLabels[adapter.agent]} sessions could not be listed: ${error.message}`);
		return [];
	})));
	return { sessions: lists.flat().sort((a, b) => b.modified - a.modified).slice(0, limit), problems };
}
