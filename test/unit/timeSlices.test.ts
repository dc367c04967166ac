import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TimeSlices } from '../../src/core/util/timeSlices';

describe('time slices', () => {
	test('let other work in once a slice is over, and not before', async () => {
		const slices = new TimeSlices(20);
		let ran = false;
		setImmediate(() => {
			ran = true;
		});
		await slices.pause();
		assert.equal(ran, false, 'the slice had just begun');
		const until = performance.now() + 25;
		while (performance.now() < until) {
			// Busy, as unpacking a cache is.
		}
		await slices.pause();
		assert.equal(ran, true);
	});
});
