import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSameOrInside } from '../../util/paths';
import { describeCopilotEvents } from '../copilotCli';
import { asRecord, asString, readJsonLines } from '../jsonLines';
import { type FoundFile, filesIn, foldersIn, promptPreview } from '../sessionAdapter';
import type { AgentHomes, SessionInfo } from '../sessionEvents';
import { ChatJsonReader } from './chatJsonReader';
import { MutationReplay } from './mutationLog';

/** Whether a file is one of Copilot Chat's extension transcripts (Copilot CLI events). */
export function isExtensionTranscript(file: string): boolean {
	return /[\\/]github\.copilot-chat[\\/]transcripts[\\/][^\\/]+\.jsonl$/i.test(file);
}

/** The VS Code user-data folders Copilot Chat may have written to, local and remote. */
function defaultWorkspaceStorages(): string[] {
	const home = os.homedir();
	const appData = process.env.APPDATA;
	const userFolders = [
		...['Code', 'Code - Insiders', 'VSCodium'].flatMap(app => [
			path.join(home, '.config', app, 'User'),
			path.join(home, 'Library', 'Application Support', app, 'User'),
			...(appData ? [path.join(appData, app, 'User')] : []),
		]),
		path.join(home, '.vscode-server', 'data', 'User'),
		path.join(home, '.vscode-server-insiders', 'data', 'User'),
		path.join(home, '.local', 'share', 'code-server', 'User'),
	];
	return userFolders.flatMap(user => {
		const storage = path.join(user, 'workspaceStorage');
		return foldersIn(storage).map(name => path.join(storage, name));
	});
}

/**
 * Whether a workspace storage folder belongs to the workspace, from its `workspace.json`:
 * `{ kept: false }` for another folder (or a multi-root or remote workspace), the folder's path
 * when it is the workspace or inside it, and no path when the file is missing (the extension
 * passes its own storage folder, which needs no confirming).
 */
function storageFolder(storage: string, workspace: string): { kept: boolean; folder?: string } {
	let text: string;
	try {
		text = fs.readFileSync(path.join(storage, 'workspace.json'), 'utf8');
	} catch {
		return { kept: fs.existsSync(storage) };
	}
	try {
		const uri = asString(asRecord(JSON.parse(text))?.folder);
		const folder = uri?.startsWith('file:') ? fileURLToPath(uri) : undefined;
		return folder !== undefined && isSameOrInside(workspace, folder) ? { kept: true, folder } : { kept: false };
	} catch {
		return { kept: false };
	}
}

/** The chat files of one storage folder; of a chat stored both as `.json` and `.jsonl`, the log. */
function chatFilesIn(storage: string): FoundFile[] {
	const chats = filesIn(path.join(storage, 'chatSessions'), name => name.endsWith('.json') || name.endsWith('.jsonl'));
	const logs = new Set(chats.filter(file => file.path.endsWith('.jsonl')).map(file => file.path));
	return [
		...chats.filter(file => !(file.path.endsWith('.json') && logs.has(`${file.path}l`))),
		...filesIn(path.join(storage, 'GitHub.copilot-chat', 'transcripts'), name => name.endsWith('.jsonl')),
	];
}

/** The first prompt of a mutation log, replaying only until the first request has one. */
async function firstPromptOfLog(file: string): Promise<{ empty: boolean; firstPrompt?: string }> {
	const replay = new MutationReplay();
	for await (const { line, record } of readJsonLines(file, [], { streamed: true })) {
		replay.apply(record, line);
		const text = asString(asRecord(replay.requests()[0]?.message)?.text)?.trim();
		if (text) {
			return { empty: false, firstPrompt: promptPreview(text) };
		}
	}
	return { empty: replay.requests().length === 0 };
}

/** The first prompt of a v3 JSON chat, reading only until it is found. */
async function firstPromptOfJson(file: string): Promise<{ empty: boolean; firstPrompt?: string }> {
	let empty = true;
	for await (const event of new ChatJsonReader(file).events()) {
		empty = false;
		if (event.kind === 'user') {
			return { empty, firstPrompt: promptPreview(event.text) };
		}
	}
	return { empty };
}

async function describe(file: string): Promise<{ empty: boolean; id?: string; firstPrompt?: string }> {
	if (isExtensionTranscript(file)) {
		const found = await describeCopilotEvents(file, () => true);
		return { empty: found?.id === undefined && found?.firstPrompt === undefined, id: found?.id, firstPrompt: found?.firstPrompt };
	}
	return file.endsWith('.jsonl') ? firstPromptOfLog(file) : firstPromptOfJson(file);
}

/** The chats Copilot Chat recorded for a workspace folder (or a folder inside it), newest first. */
export async function findCopilotChatSessions(workspace: string, homes: AgentHomes, limit: number): Promise<SessionInfo[]> {
	const candidates: (FoundFile & { cwd?: string })[] = [];
	for (const storage of homes.vscodeWorkspaceStorage ?? defaultWorkspaceStorages()) {
		const { kept, folder } = storageFolder(storage, workspace);
		if (kept) {
			candidates.push(...chatFilesIn(storage).map(file => ({ ...file, cwd: folder })));
		}
	}
	candidates.sort((a, b) => b.modified - a.modified);
	const sessions: SessionInfo[] = [];
	for (const candidate of candidates) {
		if (sessions.length >= limit) {
			break;
		}
		// VS Code leaves an empty file for every chat view opened; there is nothing to distil in it.
		const { empty, id, firstPrompt } = await describe(candidate.path);
		if (empty) {
			continue;
		}
		sessions.push({
			agent: 'copilot-chat', id: id ?? path.basename(candidate.path).replace(/\.jsonl?$/, ''), path: candidate.path,
			cwd: candidate.cwd, firstPrompt, modified: candidate.modified, size: candidate.size,
		});
	}
	return sessions;
}
