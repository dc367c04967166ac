import { findSecretsInLine, type SecretMatch, secretTriggerSource } from '../rules/secrets';

const trigger = new RegExp(secretTriggerSource, 'i');
const keyBegin = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const keyEnd = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

/** "a GitHub token" → "[REDACTED GitHub token]". */
function marker(kind: string): string {
	return `[REDACTED ${kind.replace(/^an? /, '')}]`;
}

function redactLine(line: string): string {
	if (!trigger.test(line)) {
		return line;
	}
	const matches: SecretMatch[] = [];
	findSecretsInLine(line, 0, matches, true);
	let redacted = line;
	// Right to left, so earlier indexes stay valid.
	for (const match of matches.sort((a, b) => b.index - a.index)) {
		redacted = redacted.slice(0, match.index) + marker(match.kind) + redacted.slice(match.index + match.length);
	}
	return redacted;
}

/**
 * Replaces every credential in a text with a marker naming its kind: tokens (GitHub, AWS, OpenAI,
 * Anthropic, Slack, Google, Stripe, JWT, bearer), passwords in URLs, `KEY=value` assignments of
 * secret names, and whole private key blocks. It errs towards hiding: transcript text passes
 * through here before it is written anywhere or sent to a model.
 */
export function redactSecrets(text: string): string {
	if (!trigger.test(text)) {
		return text;
	}
	const out: string[] = [];
	let inKey = false;
	for (const line of text.split('\n')) {
		if (inKey) {
			// The marker stands on the key's first line; the lines up to its end are dropped.
			const end = keyEnd.exec(line);
			if (end) {
				const after = redactLine(line.slice(end.index + end[0].length));
				if (after.trim() !== '') {
					out.push(after);
				}
				inKey = false;
			}
			continue;
		}
		const begin = keyBegin.exec(line);
		if (!begin) {
			out.push(redactLine(line));
			continue;
		}
		const rest = line.slice(begin.index);
		const end = keyEnd.exec(rest);
		inKey = !end;
		const before = redactLine(line.slice(0, begin.index));
		out.push(end ? `${before}${marker('a private key')}${redactLine(rest.slice(end.index + end[0].length))}` : `${before}${marker('a private key')}`);
	}
	return out.join('\n');
}
