/// An append-mostly array kept in fixed-size chunks: a copy shares every chunk, and a change made
/// after the copy duplicates one chunk, not the whole array.
///
/// Why: the loop hands a copy of `LeadBook.State` to the store's compactor and keeps changing its
/// own. With one flat array the loop's first append after the hand-off would copy every lead (tens
/// of milliseconds for 200,000, on the thread that answers clients); with chunks it copies the
/// outer array of chunk references and the one chunk it changes.
public struct ChunkedArray<Element>: RandomAccessCollection {
    private static var chunkShift: Int { 10 }
    private static var chunkMask: Int { (1 << chunkShift) - 1 }

    private var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        get { chunks[position >> Self.chunkShift][position & Self.chunkMask] }
        set { chunks[position >> Self.chunkShift][position & Self.chunkMask] = newValue }
    }

    /// The chunks in order, for a loop that reads a few fields of each element where it is stored
    /// (`chunk[i].field`) instead of copying whole elements out one at a time.
    var chunksInOrder: [[Element]] { chunks }

    public mutating func append(_ element: Element) {
        if count & Self.chunkMask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkMask + 1)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray: Equatable where Element: Equatable {
    public static func == (lhs: ChunkedArray, rhs: ChunkedArray) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
