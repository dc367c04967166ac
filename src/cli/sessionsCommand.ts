import * as fs from 'node:fs';
import * as path from 'node:path';
import pc from 'picocolors';
import { findWorkspaceSessions } from '../core/sessions/adapters';
import { agentLabels, type SessionInfo } from '../core/sessions/sessionEvents';
import { displayPath } from '../core/util/paths';
import { printable } from '../core/util/text';
import { formatSize } from '../core/util/units';
import { type CommandIo, UsageError, wantsColor } from './loadLibrary';

export interface SessionsOptions {
	workspace?: string;
	format: string;
	limit: number;
}

/** "2026-11-20 14:05", local time. */
function formatTime(milliseconds: number): string {
	const date = new Date(milliseconds);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

function sessionJson(session: SessionInfo): Record<string, unknown> {
	return { ...session, modified: new Date(session.modified).toISOString() };
}

/** Runs `sessions`: lists the agent sessions recorded for a workspace folder, newest first. */
export async function runSessions(options: SessionsOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	const workspace = path.resolve(io.cwd, options.workspace ?? '.');
	if (!fs.existsSync(workspace) || !fs.statSync(workspace).isDirectory()) {
		throw new UsageError(`--workspace ${options.workspace}: no such folder`);
	}
	const { sessions, problems } = await findWorkspaceSessions(workspace, {}, options.limit);
	if (options.format === 'json') {
		io.stdout.write(`${JSON.stringify({ workspace, sessions: sessions.map(sessionJson), problems }, null, 2)}\n`);
		return 0;
	}
	const colors = pc.createColors(wantsColor(io));
	const lines: string[] = [];
	if (sessions.length === 0) {
		lines.push(`No agent sessions found for ${printable(workspace)} (looked for Claude Code, Codex, Copilot Chat and Copilot CLI sessions).`);
	}
	for (const session of sessions) {
		lines.push(`${colors.bold(formatTime(session.modified))}  ${agentLabels[session.agent].padEnd(12)}  ${formatSize(session.size).padStart(7)}  ${session.firstPrompt === undefined ? colors.dim('(no prompt)') : printable(session.firstPrompt)}`);
		lines.push(colors.dim(`    ${printable(displayPath(session.path, [io.cwd]))}`));
	}
	for (const problem of problems) {
		lines.push(colors.yellow(`warning: ${printable(problem)}`));
	}
	io.stdout.write(`${lines.join('\n')}\n`);
	return 0;
}
