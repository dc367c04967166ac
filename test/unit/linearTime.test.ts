import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorLine, errorSignature } from '../../src/core/distil/errorSignature';
import { termsOf } from '../../src/core/distil/lessonWriter';
import { asksThePerson, readMessage, ruleIn } from '../../src/core/distil/personMessages';
import { lessonCommand, relativePaths, withPlaceholders } from '../../src/core/distil/placeholders';
import { personWords, quoteOf } from '../../src/core/distil/quotes';
import { mainCommand, programOf, sameGoal, significantWords } from '../../src/core/distil/shellCommands';
import { descriptionForLessons, nameForLessons } from '../../src/core/distil/skillDraft';
import { redactSecrets } from '../../src/core/secrets/redact';
import { analyzeText, skill } from './support';

/**
 * Every pattern the product runs on text from strangers (the rules, the distiller's readers of
 * errors, corrections and commands, redaction) must take time linear in its input: shapes that
 * make a backtracking pattern quadratic are fed to each at 100,000 characters, where a linear
 * pass takes milliseconds and a quadratic one takes many seconds.
 */

const size = 100_000;
/** Far above what a linear pass needs here, far below what a quadratic one would. */
const budgetMs = 2000;

const shapes: Record<string, string> = {
	'spaces': `TOKEN${' '.repeat(size)}x`,
	'tabs': `rm${'\t'.repeat(size)}x`,
	'backticks': '`'.repeat(size),
	'repeated as of': 'as of '.repeat(size / 6),
	'repeated currently': 'currently the '.repeat(size / 14),
	'repeated before a month': 'before April '.repeat(size / 13),
	'repeated curl': 'curl '.repeat(size / 5),
	'curl and pipes': 'curl x | grep '.repeat(size / 14),
	'pipes then curl': `${'|'.repeat(size)}curl`,
	'curl then credentials': 'curl .ssh '.repeat(size / 10),
	'curl without -k': 'curl -x '.repeat(size / 8),
	'rm flags without a target': `rm ${'-r '.repeat(size / 3)}x`,
	'chmod': 'chmod -R '.repeat(size / 9),
	'brackets': `${'['.repeat(size)}](x)`,
	'brackets with text': `${'[a'.repeat(size / 2)}](x)`,
	'links never closed': '[x]('.repeat(size / 4),
	'secret names': 'API_KEY = '.repeat(size / 10),
	'token prefixes': 'sk-ghp_xoxb-AKIAeyJ'.repeat(size / 19),
	'urls with users': 'http://a:b'.repeat(size / 10),
	'bearer': 'Bearer '.repeat(size / 7),
	'home paths': '/home/'.repeat(size / 6),
	'windows homes': 'C:\\Users\\'.repeat(size / 9),
	'joiners': '\u200d'.repeat(size),
	'dates': '2026-01-01 April 2026 '.repeat(size / 22),
	'hashes': `${'#'.repeat(size)}x`,
	'ignore instructions': 'ignore the previous '.repeat(size / 20),
	'do not tell': 'do not tell '.repeat(size / 12),
	'errors': 'Error: at foo.ts:12 '.repeat(size / 20),
	'paths': 'a/b/c/'.repeat(size / 6),
	'no instead': 'no, instead of '.repeat(size / 15),
	'you should': 'you should not '.repeat(size / 15),
	'commands': 'cd x && '.repeat(size / 8),
	'wrappers': 'sudo time nice env '.repeat(size / 19),
	'assignments': 'A=1 '.repeat(size / 4),
	'word runs': 'a'.repeat(size),
	'quotes never closed': `'${'x'.repeat(size)}`,
	'git push words': 'git push origin '.repeat(size / 16),
	'always never': 'always never '.repeat(size / 13),
	'questions': 'would you like '.repeat(size / 15),
	'symptom markers': '**Symptom:** `'.repeat(size / 15),
};

function timed(what: string, run: () => unknown): void {
	const started = performance.now();
	run();
	const elapsed = performance.now() - started;
	assert.ok(elapsed < budgetMs, `${what} took ${elapsed.toFixed(0)} ms on ${size.toLocaleString('en-US')} characters`);
}

describe('every pattern runs in linear time on hostile input', () => {
	for (const [name, text] of Object.entries(shapes)) {
		test(name, () => {
			timed('the rules', () => analyzeText({ text: skill(`\n# Shape\n\n${text}\n`) }));
			timed('redaction', () => redactSecrets(text));
			timed('the error line', () => errorSignature(errorLine(text)));
			timed('the message reader', () => [readMessage(text, { agentActed: true, agentAsked: false }), readMessage(text, { agentActed: true, agentAsked: true, after: 'interrupt' }), ruleIn(text), asksThePerson(text)]);
			timed('the command reader', () => [mainCommand(text), programOf(text), significantWords(text), sameGoal(text, text)]);
			timed('generalising', () => [lessonCommand(text, { cwd: '/home/dev/shop', home: '/home/dev' }), relativePaths(text, { cwd: '/home/dev/shop' }), withPlaceholders(text)]);
			timed('quoting', () => [quoteOf(text), personWords(text)]);
			timed('naming', () => {
				const lesson = { key: 'k', section: 'Failure Modes' as const, text: `**Symptom:** \`${text.slice(0, 2000)}\` from \`npm test\`. ${text}`, trigger: 'resolved-failure' as const, evidence: [], terms: termsOf(text) };
				return [nameForLessons([lesson]), descriptionForLessons('x', [lesson])];
			});
		});
	}
});
