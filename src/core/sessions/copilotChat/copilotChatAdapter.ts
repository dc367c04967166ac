import * as path from 'node:path';
import { CopilotEventsReader, isCopilotEvent } from '../copilotCli';
import { asRecord } from '../jsonLines';
import type { SessionAdapter, TranscriptSample } from '../sessionAdapter';
import type { SessionReader } from '../sessionEvents';
import { ChatJsonReader } from './chatJsonReader';
import { findCopilotChatSessions, isExtensionTranscript } from './chatSessions';
import { ChatLogReader } from './mutationLog';

/**
 * GitHub Copilot Chat in VS Code, in the three forms VS Code has stored it, all under
 * `<UserData>/workspaceStorage/<wsId>/`: `chatSessions/<id>.json` (one v3 JSON object),
 * `chatSessions/<id>.jsonl` (a mutation log replayed into that object) and
 * `GitHub.copilot-chat/transcripts/<id>.jsonl` (Copilot CLI events). The first two can be
 * hundreds of megabytes; both are parsed as a token stream, never as one string.
 * Format notes: docs/transcript-formats.md.
 */

const mutationLogHead = /^\s*\{\s*"kind"\s*:\s*[0-3]\s*[,}]/;

function isMutationEntry(value: unknown): boolean {
	const record = asRecord(value);
	return record !== undefined && typeof record.kind === 'number' && record.kind >= 0 && record.kind <= 3 && ('v' in record || Array.isArray(record.k));
}

export const copilotChatAdapter: SessionAdapter = {
	agent: 'copilot-chat',

	recognises(sample: TranscriptSample): boolean {
		if (isExtensionTranscript(sample.file)) {
			return sample.lines.some(line => isCopilotEvent(line.record));
		}
		if (sample.file.endsWith('.json')) {
			const head = sample.head;
			return /^\s*\{/.test(head) && (/"requests"\s*:/.test(head) || (/"sessionId"\s*:/.test(head) && /"(?:version|creationDate)"\s*:/.test(head)));
		}
		return mutationLogHead.test(sample.head) || sample.lines.some(line => isMutationEntry(line.record));
	},

	read(file: string): SessionReader {
		if (isExtensionTranscript(file)) {
			return new CopilotEventsReader('copilot-chat', file, path.basename(file, '.jsonl'));
		}
		return file.endsWith('.jsonl') ? new ChatLogReader(file) : new ChatJsonReader(file);
	},

	findSessions: findCopilotChatSessions,
};
