import type { ProposalsTreeProvider } from '../tree/proposalsTree';

/** Skills: Refresh Proposals — reads the staging folder again (the Proposals view's title bar). */
export function refreshProposalsCommand(proposals: ProposalsTreeProvider): () => void {
	return () => proposals.refresh();
}
