import * as vscode from 'vscode';
import type { ProposalEntry } from '../../core/distil/proposalStore';

/** Open Draft (on a proposal in the Proposals view): the proposed SKILL.md or MEMORY.md in an editor. */
export function openProposalDraftCommand(): (proposal?: ProposalEntry) => Promise<void> {
	return async proposal => {
		if (proposal) {
			await vscode.window.showTextDocument(vscode.Uri.file(proposal.document), { preview: false });
		}
	};
}
