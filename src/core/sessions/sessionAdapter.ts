import * as fs from 'node:fs';
import * as path from 'node:path';
import { redactSecrets } from '../secrets/redact';
import type { JsonRecord } from './jsonLines';
import type { AgentHomes, AgentKind, SessionInfo, SessionReader } from './sessionEvents';

/** The start of a file, for telling which agent wrote it without reading it all. */
export interface TranscriptSample {
	file: string;
	/** The first 64 KiB as text. */
	head: string;
	/** The first records, for JSON-lines files (empty for a `.json` file). */
	lines: JsonRecord[];
}

/**
 * Everything the product knows about one agent's transcripts. Supporting another agent (Cursor,
 * Gemini CLI, OpenCode) is one more implementation of this, listed in `adapters.ts`.
 */
export interface SessionAdapter {
	agent: AgentKind;
	/** Whether a file is this agent's transcript, from its name and first records. */
	recognises(sample: TranscriptSample): boolean;
	/** Opens a transcript for streaming its normalised events. */
	read(file: string): SessionReader;
	/** The sessions this agent recorded for a workspace folder (or a folder inside it), newest first. */
	findSessions(workspace: string, homes: AgentHomes, limit: number): Promise<SessionInfo[]>;
}

/** A file found while looking for sessions, with what `stat` said about it. */
export interface FoundFile {
	path: string;
	modified: number;
	size: number;
}

/** The files of a folder whose names pass `accept`, newest first; a missing folder has none. */
export function filesIn(folder: string, accept: (name: string) => boolean): FoundFile[] {
	let names: string[];
	try {
		names = fs.readdirSync(folder);
	} catch {
		return [];
	}
	const found: FoundFile[] = [];
	for (const name of names) {
		if (!accept(name)) {
			continue;
		}
		const file = path.join(folder, name);
		try {
			const stat = fs.statSync(file);
			if (stat.isFile()) {
				found.push({ path: file, modified: stat.mtimeMs, size: stat.size });
			}
		} catch {
			// A file removed while the folder was listed is simply not a session any more.
		}
	}
	return found.sort((a, b) => b.modified - a.modified);
}

/** The sub-folders of a folder, by name; a missing folder has none. */
export function foldersIn(folder: string): string[] {
	try {
		return fs.readdirSync(folder, { withFileTypes: true }).filter(entry => entry.isDirectory()).map(entry => entry.name);
	} catch {
		return [];
	}
}

/** One line of a first prompt for a picker: whitespace collapsed, cut at 160 characters. */
export function promptPreview(text: string): string {
	// A first prompt is shown in pickers and printed into terminals and CI logs: never with a credential in it.
	const line = redactSecrets(text).replace(/\s+/g, ' ').trim();
	return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
