import type { DistilOutcome } from './distilSession';
import { writingInstructions } from './modelWriter';

/**
 * A distillation brief for the person's own agent ("Hand to my agent", `distil --brief`): the
 * condensed session — never the raw transcript, redacted — where the lessons may go, and how to
 * write them, asking the agent to write each proposal into the staging folder for review.
 */
export function distillationBrief(outcome: DistilOutcome, stagingDir: string): string {
	const lines = [
		'# Distil a session into skills',
		'',
		`Below is one ${outcome.session.agent} session (${outcome.session.id}), condensed: its episodes and what the person said, each with its transcript line (${outcome.session.path}). Turn what is worth keeping into skill proposals a person will review.`,
		'',
		writingInstructions,
		'',
		`Write each proposal as a folder in \`${stagingDir}\`: \`<name>/SKILL.md\` (for an update, the whole skill as it should become, starting from the current file). Add nothing to the library itself: a person accepts proposals in review. If nothing in the session is worth keeping, write nothing and say so.`,
		'',
	];
	if (outcome.proposals.length > 0) {
		lines.push('Where the lessons likely belong (found by matching programs, errors and file names; change it if you see better):', '');
		for (const proposal of outcome.proposals) {
			lines.push(proposal.action === 'update' ? `- update the skill \`${proposal.name}\` (${proposal.target})`
				: proposal.action === 'memory' ? `- facts about this project: append to ${proposal.target} (as \`project-memory/MEMORY.md\`, one fact per line starting "- ")`
					: `- a new skill, for example \`${proposal.name}\``);
		}
		lines.push('');
	}
	lines.push('# The session, condensed', '', outcome.condensed || '(The session held nothing that passed the gate: no verified fix, no rule, no correction the agent acted on.)');
	if (outcome.noted.length > 0) {
		lines.push('', '## Seen and left out (and why)', '', ...outcome.noted.slice(0, 30).map(item => `- ${item.summary} [line ${item.evidence[0]?.line}]: ${item.why}`));
	}
	return `${lines.join('\n')}\n`;
}
