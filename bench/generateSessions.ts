import * as fs from 'node:fs';
import * as path from 'node:path';
import { claudeProjectSlug } from '../src/core/sessions/claudeCode';
import { generateTranscript } from './generateTranscript';

/**
 * A machine's worth of Claude Code sessions for the distil-recent benchmark: `count` generated
 * transcripts of one workspace under a home of their own (`<dir>/home/.claude/projects/<slug>/`),
 * together about `totalMB` MB, one day apart in their times. Deterministic for a seed; reused
 * when the same generator made them.
 */

export interface SessionHome {
	home: string;
	workspace: string;
	sessions: number;
	bytes: number;
	reused: boolean;
}

export function sessionHomeDir(benchDir: string, count: number, totalMB: number, seed: number): string {
	return path.join(benchDir, `sessions-${count}x${totalMB}mb-seed${seed}`);
}

export function generateSessions(dir: string, count: number, totalMB: number, seed: number): SessionHome {
	const home = path.join(dir, 'home');
	const workspace = path.join(dir, 'workspace');
	fs.mkdirSync(workspace, { recursive: true });
	const folder = path.join(home, '.claude', 'projects', claudeProjectSlug(workspace));
	let bytes = 0;
	let reused = true;
	for (let index = 0; index < count; index++) {
		const id = `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
		const file = path.join(folder, `${id}.jsonl`);
		const when = new Date(Date.parse('2026-08-01T09:00:00.000Z') + index * 3_600_000);
		const generated = generateTranscript(file, totalMB / count, seed + index, { id, cwd: workspace, timestamp: when.toISOString() });
		fs.utimesSync(file, when, when);
		bytes += generated.bytes;
		reused &&= generated.reused;
	}
	return { home, workspace, sessions: count, bytes, reused };
}
