/** How a headed buffer is laid out: bytes before the head's length that the caller fills, and the payload's alignment. */
export interface HeadedLayout {
	prefix?: number;
	align?: number;
}

/**
 * A JSON head and a payload in one buffer, so that a reader parses only the head and reads the
 * payload's numbers or bytes where they lie: `prefix` bytes the caller fills, the head's length as
 * a 32-bit integer, the head, padding to a multiple of `align` bytes, then `payloadBytes` bytes
 * (zeroed) at `payloadAt`.
 */
export function encodeHeaded(head: unknown, payloadBytes: number, layout: HeadedLayout = {}): { bytes: Buffer; payloadAt: number } {
	const json = Buffer.from(JSON.stringify(head));
	const prefix = layout.prefix ?? 0;
	const payloadAt = alignUp(prefix + 4 + json.length, layout.align ?? 1);
	const bytes = Buffer.alloc(payloadAt + payloadBytes);
	bytes.writeUInt32LE(json.length, prefix);
	json.copy(bytes, prefix + 4);
	return { bytes, payloadAt };
}

/** The head of a buffer `encodeHeaded` made with the same layout, and where its payload starts; it throws when the bytes cannot be one. */
export function decodeHeaded<Head>(bytes: Buffer, layout: HeadedLayout = {}): { head: Head; payloadAt: number } {
	const prefix = layout.prefix ?? 0;
	const headEnd = prefix + 4 + bytes.readUInt32LE(prefix);
	if (headEnd > bytes.length) {
		throw new Error('its head runs past its end');
	}
	return { head: JSON.parse(bytes.toString('utf8', prefix + 4, headEnd)) as Head, payloadAt: alignUp(headEnd, layout.align ?? 1) };
}

type NumberArray = Int32Array | Uint32Array | Float64Array;

/**
 * `length` numbers of a payload as a typed array over the buffer's memory. A view must be aligned
 * to its element size, and a buffer from Node's shared pool may not be: that one is copied.
 */
export function payloadView<T extends NumberArray>(type: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number }, bytes: Buffer, at: number, length: number): T {
	const aligned = (bytes.byteOffset + at) % type.BYTES_PER_ELEMENT === 0 ? bytes : Buffer.from(bytes);
	return new type(aligned.buffer, aligned.byteOffset + at, length);
}

function alignUp(offset: number, align: number): number {
	return Math.ceil(offset / align) * align;
}
