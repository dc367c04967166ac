import { asRecord, asString, readJsonLines } from '../jsonLines';
import type { SessionAdapter, TranscriptSample } from '../sessionAdapter';
import type { SessionEvent, SessionReader, SessionStart, TranscriptProblem } from '../sessionEvents';
import { CodexRecordMapper, envelopeTypes } from './codexRecords';
import { findCodexSessions, idFromName } from './rollouts';

/**
 * Codex (CLI, IDE extension, Desktop): `~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`,
 * older rollouts compressed as `.jsonl.zst`, archived ones flat in `archived_sessions/`. Each
 * line is `{timestamp, type, payload}`. Format notes: docs/transcript-formats.md.
 */

class CodexSessionReader implements SessionReader {
	readonly agent = 'codex' as const;
	readonly problems: TranscriptProblem[] = [];
	id: string;
	cwd?: string;
	start?: SessionStart;
	private knowsId = false;

	constructor(private readonly file: string) {
		this.id = idFromName(file);
	}

	async *events(): AsyncGenerator<SessionEvent> {
		const mapper = new CodexRecordMapper();
		const out: SessionEvent[] = [];
		for await (const { line, record } of readJsonLines(this.file, this.problems)) {
			if (record.type === 'session_meta' && !this.knowsId) {
				// A resumed or forked rollout repeats session_meta; the first names this thread.
				const id = asString(asRecord(record.payload)?.id);
				const payload = asRecord(record.payload);
				this.cwd ??= asString(payload?.cwd);
				const git = asRecord(payload?.git);
				this.start ??= { time: asString(payload?.timestamp) ?? asString(record.timestamp), commit: asString(git?.commit_hash), branch: asString(git?.branch) };
				if (id) {
					this.id = id;
					this.knowsId = true;
				}
			}
			mapper.eventsOf(record, line, out);
			yield* out;
			out.length = 0;
		}
	}
}

export const codexAdapter: SessionAdapter = {
	agent: 'codex',

	recognises(sample: TranscriptSample): boolean {
		return sample.lines.some(({ record }) => envelopeTypes.has(asString(record.type) ?? '') && asRecord(record.payload) !== undefined);
	},

	read(file: string): SessionReader {
		return new CodexSessionReader(file);
	},

	findSessions: findCodexSessions,
};
