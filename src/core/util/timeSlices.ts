/**
 * Long synchronous work cut into slices of a few milliseconds: between two slices the thread's
 * other work runs (in the editor, a skill opened or typed into meanwhile is checked).
 */
export class TimeSlices {
	private sliceEnds: number;

	constructor(private readonly sliceMs: number) {
		this.sliceEnds = performance.now() + sliceMs;
	}

	/** Lets other work in when the current slice is over; call it often, it costs a clock read otherwise. */
	async pause(): Promise<void> {
		if (performance.now() > this.sliceEnds) {
			await new Promise(resolve => setImmediate(resolve));
			this.sliceEnds = performance.now() + this.sliceMs;
		}
	}
}
