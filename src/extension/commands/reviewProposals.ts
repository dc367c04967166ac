import type { ProposalEntry } from '../../core/distil/proposalStore';
import { ReviewPanel, type ReviewDependencies } from '../review/reviewPanel';

/** Skills: Review Proposals — opens the review panel, on a proposal when one is given (from the Proposals view). */
export function reviewProposalsCommand(dependencies: ReviewDependencies): (proposal?: ProposalEntry | string) => ReviewPanel {
	return proposal => ReviewPanel.show(dependencies, typeof proposal === 'string' ? proposal : proposal?.dir);
}
