/**
 * Text fingerprints for near-duplicate detection: word shingles hashed to 32 bits, MinHash
 * signatures for locality-sensitive hashing, and exact Jaccard similarity for verification.
 * Fingerprints are packed into a few typed arrays per skill, so a whole library's worth crosses
 * from worker threads and stays in memory without millions of small objects.
 */

/** MinHash values per signature (2 to the power of `binBits`); LSH splits them into `lshBands` bands of `lshRows`. */
export const signatureLength = 16;
export const lshBands = 8;
export const lshRows = 2;
const binBits = 4;
const empty = 0xffffffff;

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

function mix32(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

function isWordChar(code: number): boolean {
	return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code > 127;
}

let sharedWords = new Uint32Array(1 << 16);

/**
 * Hashes the words (letters, digits, `_`, any non-ASCII; case-folded) of texts into one growing
 * list. Lists are scratch space: each starts on one buffer shared by the thread, so fingerprinting
 * a library does not allocate a buffer per skill.
 */
export class WordList {
	hashes = sharedWords;
	count = 0;

	/** Appends the words of a text; a text boundary always ends a word. */
	add(text: string): void {
		let h = fnvOffset;
		let inWord = false;
		for (let i = 0; i <= text.length; i++) {
			let code = i < text.length ? text.charCodeAt(i) : 32;
			if (isWordChar(code)) {
				if (code >= 65 && code <= 90) {
					code += 32;
				}
				h = Math.imul(h ^ code, fnvPrime);
				inWord = true;
			} else if (inWord) {
				if (this.count === this.hashes.length) {
					this.hashes = grow(this.hashes, this.count + 1);
					sharedWords = this.hashes;
				}
				this.hashes[this.count++] = h >>> 0;
				h = fnvOffset;
				inWord = false;
			}
		}
	}
}

/**
 * Fingerprints packed side by side, in views of one buffer. Per item, `meta` holds `metaWidth`
 * numbers: the exact key (high 21 and low 32 bits of a 53-bit hash of the word sequence), where
 * its shingles start and end in `shingles`, and the item's span (first line, last line, end
 * column; passages only). The MinHash signatures are not kept: only their LSH bands are read.
 */
export interface Fingerprints {
	count: number;
	meta: Uint32Array;
	/** Shingle hashes of every item, sorted without repeats, as `jaccard` compares them. */
	shingles: Uint32Array;
	/** `lshBands` LSH bucket keys per item (see `bandKey`), made where the fingerprint is. */
	bands: Uint32Array;
}

export const metaWidth = 7;

/** The key identifying an item's exact word sequence. */
export function fingerprintKey(prints: Fingerprints, item: number): number {
	return prints.meta[item * metaWidth] * 0x100000000 + prints.meta[item * metaWidth + 1];
}

export function fingerprintBands(prints: Fingerprints, item: number): Uint32Array {
	return prints.bands.subarray(item * lshBands, (item + 1) * lshBands);
}

export function fingerprintShingles(prints: Fingerprints, item: number): Uint32Array {
	return prints.shingles.subarray(prints.meta[item * metaWidth + 2], prints.meta[item * metaWidth + 3]);
}

const scratch = {
	meta: new Uint32Array(256 * metaWidth),
	/** One item's MinHash signature, which only its LSH bands outlive. */
	signature: new Uint32Array(signatureLength),
	bands: new Uint32Array(256 * lshBands),
	shingles: new Uint32Array(1 << 16),
};

/** Collects fingerprints of word ranges, then packs them (`build`); one builder at a time per thread. */
export class FingerprintBuilder {
	// Scratch space shared by the thread: `build` copies out exactly what was made.
	private meta = scratch.meta;
	private bands = scratch.bands;
	private shingles = scratch.shingles;
	private count = 0;
	private shingleCount = 0;

	constructor(private readonly shingleSize: number) {}

	/** Fingerprints words `start` to `end` (exclusive) of a word list; `span` is stored with it. */
	add(words: WordList, start: number, end: number, span: readonly [number, number, number] = [0, 0, 0]): void {
		const hashes = words.hashes;
		let a = fnvOffset;
		let b = 0x9747b28c;
		for (let i = start; i < end; i++) {
			a = Math.imul(a ^ hashes[i], fnvPrime);
			b = Math.imul(b ^ hashes[i], 0x5bd1e995) ^ (b >>> 13);
		}
		const key = (mix32(a) * 0x200000) + (mix32(b) >>> 11);
		const wordCount = end - start;
		const count = Math.max(wordCount - this.shingleSize + 1, wordCount > 0 ? 1 : 0);
		this.ensure(count);
		// The hot loop of a whole check: locals only, and each shingle's MinHash bin is updated as it is made.
		const shingles = this.shingles;
		const signature = scratch.signature;
		const size = this.shingleSize;
		const shingleStart = this.shingleCount;
		signature.fill(empty);
		for (let i = 0; i < count; i++) {
			const first = start + i;
			const last = first + size < end ? first + size : end;
			let h = fnvOffset;
			for (let k = first; k < last; k++) {
				h = Math.imul(h ^ hashes[k], fnvPrime);
			}
			h = mix32(h);
			shingles[shingleStart + i] = h;
			const bin = h >>> valueBits;
			const value = h & valueMask;
			if (value < signature[bin]) {
				signature[bin] = value;
			}
		}
		densify(signature);
		// Sorted once here, in the thread that made them, so the index compares them as they are and keeps no sorted copy.
		this.shingleCount += sortedSetInPlace(shingles.subarray(shingleStart, shingleStart + count));
		for (let band = 0; band < lshBands; band++) {
			this.bands[this.count * lshBands + band] = bandKey(signature, band);
		}
		const at = this.count * metaWidth;
		this.meta[at] = Math.floor(key / 0x100000000);
		this.meta[at + 1] = key >>> 0;
		this.meta[at + 2] = shingleStart;
		this.meta[at + 3] = this.shingleCount;
		this.meta[at + 4] = span[0];
		this.meta[at + 5] = span[1];
		this.meta[at + 6] = span[2];
		this.count++;
	}

	private ensure(moreShingles: number): void {
		if (this.shingleCount + moreShingles > this.shingles.length) {
			this.shingles = scratch.shingles = grow(this.shingles, this.shingleCount + moreShingles);
		}
		if ((this.count + 1) * metaWidth > this.meta.length) {
			this.meta = scratch.meta = grow(this.meta, (this.count + 1) * metaWidth);
			this.bands = scratch.bands = grow(this.bands, (this.count + 1) * lshBands);
		}
	}

	/**
	 * The fingerprints collected so far, in views of one buffer of their exact size: a library
	 * holds two per skill, and each buffer and view of its own cost hundreds of bytes besides.
	 */
	build(): Fingerprints {
		const metaLength = this.count * metaWidth;
		const bandsLength = this.count * lshBands;
		const words = new Uint32Array(metaLength + bandsLength + this.shingleCount);
		words.set(this.meta.subarray(0, metaLength));
		words.set(this.bands.subarray(0, bandsLength), metaLength);
		words.set(this.shingles.subarray(0, this.shingleCount), metaLength + bandsLength);
		return {
			count: this.count,
			meta: words.subarray(0, metaLength),
			bands: words.subarray(metaLength, metaLength + bandsLength),
			shingles: words.subarray(metaLength + bandsLength),
		};
	}
}

/** The array itself when it holds `atLeast` items, or else a copy at least twice as long. */
export function grow<T extends Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(array: T, atLeast: number): T {
	if (atLeast <= array.length) {
		return array;
	}
	const grown = new (array.constructor as new (length: number) => T)(Math.max(atLeast, array.length * 2));
	grown.set(array);
	return grown;
}

/** The fingerprint of a single text (a description), packed like a passage's. */
export function fingerprintText(text: string, shingleSize: number): Fingerprints {
	const words = new WordList();
	words.add(text);
	const builder = new FingerprintBuilder(shingleSize);
	builder.add(words, 0, words.count);
	return builder.build();
}

const valueBits = 32 - binBits;
const valueMask = (1 << valueBits) - 1;
const scratchBins = new Uint32Array(signatureLength);

/**
 * Completes a MinHash signature made by one-permutation hashing: each shingle's hash picked a bin
 * with its top bits and competed for that bin's minimum, so a shingle cost one comparison instead
 * of one per hash function. Empty bins borrow from the next filled bin (rotation densification),
 * which keeps equal sets equal and similar sets likely to agree.
 */
function densify(signature: Uint32Array): void {
	const bins = scratchBins;
	bins.set(signature);
	for (let i = 0; i < signatureLength; i++) {
		let step = 0;
		while (step < signatureLength && bins[(i + step) % signatureLength] === empty) {
			step++;
		}
		signature[i] = step === signatureLength ? empty : (bins[(i + step) % signatureLength] + step * (valueMask + 1)) >>> 0;
	}
}

/**
 * The key of one LSH band of a signature, folded to 30 bits so it stays a small integer in V8
 * (rare collisions only add candidates, which are verified anyway).
 */
export function bandKey(signature: Uint32Array, band: number): number {
	let h = 0;
	for (let i = band * lshRows; i < (band + 1) * lshRows; i++) {
		h = mix32(h ^ signature[i]);
	}
	return h >>> 2;
}

/** Sorts shingles in place and moves each value's first copy to the front, as `jaccard` needs; returns how many distinct values there are. */
function sortedSetInPlace(shingles: Uint32Array): number {
	shingles.sort();
	let unique = 0;
	for (let i = 0; i < shingles.length; i++) {
		if (i === 0 || shingles[i] !== shingles[unique - 1]) {
			shingles[unique++] = shingles[i];
		}
	}
	return unique;
}

/** Exact Jaccard similarity of two shingle sets, each sorted without repeats (`sortedSet`). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
	if (a.length === 0 && b.length === 0) {
		return 1;
	}
	let i = 0;
	let j = 0;
	let shared = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			shared++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return shared / (a.length + b.length - shared);
}
