internal import Foundation
internal import ZIPFoundation

/// The parts of an uploaded zip, inflated one at a time under the caps of `SheetLimits`.
///
/// Sizes a zip declares about itself are never trusted: each part is counted while it inflates and
/// dropped the moment it passes `maxEntryBytes` or the running total passes `maxInflatedBytes`.
/// Only the parts the reader asks for are inflated at all.
struct ZipParts {
    private let archive: Archive
    private let limits: SheetLimits
    private var inflated = 0

    init(_ data: Data, limits: SheetLimits) throws(SheetError) {
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else {
            throw SheetError(.notAWorkbook, detail: "not a readable zip archive")
        }
        var count = 0
        for _ in archive {
            count += 1
            guard count <= limits.maxEntries else {
                throw SheetError(.tooManyEntries, detail: "more than \(limits.maxEntries) zip entries")
            }
        }
        self.archive = archive
        self.limits = limits
    }

    /// The inflated bytes of the part at `path` (no leading slash), or nil when the zip has none.
    mutating func read(_ path: String) throws(SheetError) -> [UInt8]? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        var bytes: [UInt8] = []
        var overflow: SheetError?
        let entryCap = limits.maxEntryBytes
        let totalCap = limits.maxInflatedBytes - inflated
        do {
            let checksum = try archive.extract(entry, consumer: { chunk in
                bytes.append(contentsOf: chunk)
                if bytes.count > entryCap {
                    overflow = SheetError(.inflatedTooLarge, detail: "\(path) inflates past \(entryCap) bytes")
                } else if bytes.count > totalCap {
                    overflow = SheetError(.inflatedTooLarge, detail: "parts inflate past \(limits.maxInflatedBytes) bytes in all")
                }
                if overflow != nil { throw CancellationError() }
            })
            guard checksum == entry.checksum else {
                throw SheetError(.notAWorkbook, detail: "\(path): CRC mismatch")
            }
        } catch let error as SheetError {
            throw error
        } catch {
            throw overflow ?? SheetError(.notAWorkbook, detail: "\(path): cannot inflate (\(error))")
        }
        inflated += bytes.count
        return bytes
    }
}
