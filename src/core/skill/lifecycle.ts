import { frontmatterString } from './frontmatter';

export type LifecycleStatus = 'proposed' | 'draft' | 'stable';

/** Frontmatter keys of the proposal → draft → stable lifecycle (docs/architecture.md, "The lifecycle"). */
export const lifecycleKeys = ['status', 'priority', 'created_from', 'created', 'validated', 'validation_note'] as const;
export type LifecycleKey = typeof lifecycleKeys[number];

export interface Lifecycle {
	status: LifecycleStatus;
	priority?: string;
	createdFrom?: string;
	created?: string;
	validated?: string;
	validationNote?: string;
	/** Where each lifecycle key was found. */
	placement: Partial<Record<LifecycleKey, 'top' | 'metadata'>>;
}

/**
 * Reads the lifecycle keys, accepted at the top level or under `metadata`. A skill without a
 * `status` is stable; a skill in the proposals staging folder is proposed whatever it says.
 */
export function readLifecycle(data: Record<string, unknown>, inStaging: boolean): Lifecycle {
	const metadata = typeof data.metadata === 'object' && data.metadata !== null && !Array.isArray(data.metadata)
		? data.metadata as Record<string, unknown>
		: {};
	const placement: Lifecycle['placement'] = {};
	const read = (key: LifecycleKey): string | undefined => {
		const top = frontmatterString(data[key]);
		if (top !== undefined) {
			placement[key] = 'top';
			return top.trim();
		}
		const nested = frontmatterString(metadata[key]);
		if (nested !== undefined) {
			placement[key] = 'metadata';
			return nested.trim();
		}
		return undefined;
	};
	const rawStatus = read('status')?.toLowerCase();
	const status: LifecycleStatus = inStaging ? 'proposed' : rawStatus === 'draft' || rawStatus === 'proposed' ? rawStatus : 'stable';
	return {
		status,
		priority: read('priority'),
		createdFrom: read('created_from'),
		created: read('created'),
		validated: read('validated'),
		validationNote: read('validation_note'),
		placement,
	};
}
