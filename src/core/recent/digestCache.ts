import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SessionInfo } from '../sessions/sessionEvents';
import { writeFilesAtomically } from '../util/atomicWrite';
import { digestSession, type SessionDigest, digestVersion } from './sessionDigest';

/**
 * Session digests by transcript: an entry is used while the file keeps the path, size and
 * modification time it had when it was read, so a second run over a thousand sessions reads only
 * the new or grown ones. One JSON file, written atomically; a missing, damaged or older-version
 * file is an empty cache.
 */

const maxEntries = 20_000;

/** Reads a session into its digest. */
export type Digester = (session: Pick<SessionInfo, 'agent' | 'path' | 'modified' | 'size' | 'firstPrompt'>, signal?: AbortSignal) => Promise<SessionDigest>;

interface CacheEntry {
	size: number;
	modified: number;
	digest: SessionDigest;
}

export class DigestCache {
	private dirty = false;
	/** Sessions read from their transcript in this run, and those answered from the cache. */
	read = 0;
	reused = 0;

	private constructor(private readonly file: string | undefined, private readonly entries: Map<string, CacheEntry>, private readonly readSession: Digester) {}

	/**
	 * The cache in `file`; none at all (every session read) when `file` is undefined. Sessions not
	 * in it are read by `digester`: in this thread, or on worker threads (`DigestWorkers`).
	 */
	static load(file: string | undefined, digester: Digester = digestSession): DigestCache {
		if (file === undefined) {
			return new DigestCache(undefined, new Map(), digester);
		}
		try {
			const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: number; entries?: Record<string, CacheEntry> };
			if (parsed.version === digestVersion && typeof parsed.entries === 'object' && parsed.entries !== null) {
				const valid = Object.entries(parsed.entries).filter(([, entry]) => typeof entry?.size === 'number' && typeof entry.modified === 'number' && entry.digest?.version === digestVersion && Array.isArray(entry.digest.items));
				return new DigestCache(file, new Map(valid), digester);
			}
		} catch {
			// A damaged cache is read again from the transcripts.
		}
		return new DigestCache(file, new Map(), digester);
	}

	/** The digest of a session: cached while the file is unchanged, else read now. */
	async digest(session: Pick<SessionInfo, 'agent' | 'path' | 'modified' | 'size' | 'firstPrompt'>, signal?: AbortSignal): Promise<SessionDigest> {
		const cached = this.entries.get(session.path);
		if (cached && cached.size === session.size && cached.modified === session.modified) {
			this.reused++;
			return cached.digest;
		}
		const digest = await this.readSession(session, signal);
		this.read++;
		this.entries.delete(session.path);
		this.entries.set(session.path, { size: session.size, modified: session.modified, digest });
		this.dirty = true;
		return digest;
	}

	/** Writes what changed; the oldest entries go first past the limit. */
	save(): void {
		if (!this.file || !this.dirty) {
			return;
		}
		const kept = [...this.entries].slice(-maxEntries);
		fs.mkdirSync(path.dirname(this.file), { recursive: true });
		writeFilesAtomically(new Map([[this.file, JSON.stringify({ version: digestVersion, entries: Object.fromEntries(kept) })]]));
		this.dirty = false;
	}
}
