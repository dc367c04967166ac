import { redactSecrets } from '../secrets/redact';
import type { SessionEvent } from '../sessions/sessionEvents';

/**
 * An event with every text a person or a tool wrote in it redacted, before anything reads it:
 * redaction comes first, so no later cut of a line (an error line, a quote) can leave half a token.
 */
export function redactEvent(event: SessionEvent): SessionEvent {
	switch (event.kind) {
		case 'user':
		case 'assistant':
			return { ...event, text: redactSecrets(event.text) };
		case 'tool-call':
			return event.tool.command === undefined ? event : { ...event, tool: { ...event.tool, command: redactSecrets(event.tool.command) } };
		case 'tool-result':
			return event.result.output === undefined ? event : { ...event, result: { ...event.result, output: redactSecrets(event.result.output) } };
		case 'rejection':
			return event.feedback === undefined ? event : { ...event, feedback: redactSecrets(event.feedback) };
		case 'downvote':
			return event.reason === undefined ? event : { ...event, reason: redactSecrets(event.reason) };
		default:
			return event;
	}
}
