/**
 * Writes Claude Code transcripts (JSON lines, the shapes of `reference/transcript-formats.md`
 * §1) for tests and benchmarks: a session is built call by call, with the envelope fields,
 * one content block per assistant line, and tool results on user lines.
 */
export class ClaudeTranscript {
	private readonly lines: string[] = [];
	private parent: string | null = null;
	private counter = 0;
	/** Lines written so far. */
	lineCount = 0;

	/**
	 * `sink` receives each line as it is made (for transcripts too large to hold); without one,
	 * the lines are kept for `toString`.
	 */
	constructor(readonly sessionId = '4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234', readonly cwd = '/work/shop', private readonly timestamp = '2026-11-20T10:00:00.000Z', private readonly sink?: (line: string) => void) {}

	private emit(line: string): void {
		this.lineCount++;
		if (this.sink) {
			this.sink(line);
		} else {
			this.lines.push(line);
		}
	}

	private record(type: string, fields: Record<string, unknown>): this {
		const uuid = `00000000-0000-4000-8000-${String(++this.counter).padStart(12, '0')}`;
		this.emit(JSON.stringify({
			parentUuid: this.parent, isSidechain: false, userType: 'external', cwd: this.cwd, sessionId: this.sessionId,
			version: '2.1.0', gitBranch: 'main', type, uuid, timestamp: this.timestamp, ...fields,
		}));
		this.parent = uuid;
		return this;
	}

	user(text: string, extra: Record<string, unknown> = {}): this {
		return this.record('user', { message: { role: 'user', content: text }, ...extra });
	}

	assistant(text: string): this {
		return this.record('assistant', { message: { id: `msg_${this.counter}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text }] } });
	}

	/** A tool call and its result. */
	tool(name: string, input: Record<string, unknown>, output: string, isError = false, extra: Record<string, unknown> = {}): this {
		const id = `toolu_${String(this.counter + 1).padStart(6, '0')}`;
		this.record('assistant', { message: { id: `msg_${this.counter}`, type: 'message', role: 'assistant', content: [{ type: 'tool_use', id, name, input }] } });
		return this.record('user', { message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: output, is_error: isError }] }, ...extra });
	}

	bash(command: string, output: string, exitCode = 0): this {
		return this.tool('Bash', { command }, exitCode === 0 ? output : `Exit code ${exitCode}\n${output}`, exitCode !== 0);
	}

	write(file: string, content: string): this {
		return this.tool('Write', { file_path: file, content }, `File created successfully at: ${file}`);
	}

	reject(command: string, feedback?: string): this {
		const text = `The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.${feedback ? ` To tell you how to proceed, the user said:\n${feedback}` : ''}`;
		return this.tool('Bash', { command }, text, true, { toolUseResult: 'User rejected tool use' });
	}

	interrupt(): this {
		return this.record('user', { message: { role: 'user', content: [{ type: 'text', text: '[Request interrupted by user]' }] } });
	}

	compact(): this {
		this.parent = null;
		this.record('system', { subtype: 'compact_boundary', content: 'Conversation compacted', level: 'info', compactMetadata: { trigger: 'auto', preTokens: 150000 } });
		return this.user('This session is being continued from a previous conversation that ran out of context.', { isCompactSummary: true });
	}

	/** A line written as given (an unknown record, a broken line). */
	raw(line: string): this {
		this.emit(line);
		return this;
	}

	toString(): string {
		return `${this.lines.join('\n')}\n`;
	}
}
