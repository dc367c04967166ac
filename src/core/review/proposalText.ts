import * as path from 'node:path';
import type { ProposalEntry } from '../distil/proposalStore';
import { agentLabels } from '../sessions/sessionEvents';
import type { RatifyPlan } from './ratify';

/** How proposals and the decisions on them are described to people: the Proposals view's line and the commit messages. */

/** "Claude Code", or for a lesson that recurred "3 sessions" (of "Claude Code, Codex"). */
function sourceOf(record: NonNullable<ProposalEntry['record']>): string {
	const sessions = record.sessions ?? [];
	return sessions.length > 1 ? `${sessions.length} sessions` : agentLabels[record.session.agent];
}

/** "update → deploying-previews · Claude Code · 2 warnings", "memory → CLAUDE.md · 3 sessions" */
export function describeProposal(entry: ProposalEntry, problems: string | undefined): string {
	const record = entry.record;
	const target = record?.target && record.action !== 'create' ? path.basename(record.action === 'update' ? path.dirname(record.target) : record.target) : undefined;
	const parts = record
		? [target ? `${record.action} → ${target}` : record.action, sourceOf(record)]
		: [entry.problem ? 'unreadable proposal.json' : 'proposed by hand'];
	return [...parts, problems ?? ''].filter(Boolean).join(' · ');
}

/** The commit message of accepting or merging a proposal: the skill, the action, the source session. */
export function ratifyCommitMessage(entry: ProposalEntry, plan: RatifyPlan): string {
	const subject = plan.action === 'create' ? `skills: accept ${plan.name} as a draft`
		: plan.action === 'update' ? `skills: merge distilled lessons into ${plan.name}` : `skills: add distilled facts to ${plan.name}`;
	const record = entry.record;
	const others = (record?.sessions?.length ?? 1) - 1;
	const source = record ? `From ${agentLabels[record.session.agent]} session ${record.session.id}${others > 0 ? ` and ${others} more session${others === 1 ? '' : 's'}` : ''} (${record.triggers.map(trigger => trigger.kind).filter((kind, index, all) => all.indexOf(kind) === index).join(', ')}).` : 'Proposed by hand.';
	return `${subject}\n\n${source}`;
}

/** The commit message of promoting a draft to stable. */
export function promotionCommitMessage(name: string, note: string): string {
	return `skills: promote ${name} to stable\n\nValidated on: ${note.trim()}.`;
}
