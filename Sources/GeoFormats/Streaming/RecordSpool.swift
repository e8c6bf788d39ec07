import Foundation
import GeoCore

/// Records of bytes spooled to a hidden scratch file beside an output, to be read back in
/// order when the output is laid out at the end (a `.dbf` whose columns grow, a CSV whose
/// header comes last). Memory stays flat: records go to disk a megabyte at a time. The
/// scratch file is removed when the spool goes away.
final class RecordSpool {
    /// The output the spool serves, for error messages.
    let target: String
    private let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Records appended so far.
    private(set) var count = 0

    /// Creates the scratch file `.NAME.SUFFIX-pid-random` beside `target`.
    /// - Throws: `WriteError` when the folder is not writable.
    init(beside target: String, suffix: String) throws(WriteError) {
        self.target = target
        path = ScratchFiles.name(beside: target, kind: suffix)
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forUpdatingAtPath: path) else {
            throw WriteError(file: target, message: "cannot create a scratch file beside it")
        }
        self.handle = handle
        ScratchFiles.register(path)
    }

    deinit {
        try? handle.close()
        unlink(path)
        ScratchFiles.unregister(path)
    }

    /// Appends one record.
    /// - Throws: `WriteError` when the disk is full or the scratch file cannot be written.
    func append(_ record: [UInt8]) throws(WriteError) {
        buffer.append(littleEndian: UInt32(record.count))
        buffer.append(contentsOf: record)
        count += 1
        if buffer.count > 1 << 20 { try flush() }
    }

    private func flush() throws(WriteError) {
        do { try handle.write(contentsOf: buffer) } catch {
            if let cocoa = error as? CocoaError, cocoa.code == .fileWriteOutOfSpace {
                throw WriteError(file: target, message: "the disk is full (while writing its scratch file)")
            }
            throw WriteError(file: target, message: "cannot write its scratch file: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads every record back in order: `body` gets a buffer and the record's range in it
    /// (valid only during the call).
    /// - Throws: what `body` throws, or `WriteError` when the scratch file is shorter than
    ///   written.
    func forEachRecord(_ body: ([UInt8], Range<Int>) throws(WriteError) -> Void) throws(WriteError) {
        try flush()
        handle.seek(toFileOffset: 0)
        var pending: [UInt8] = []
        var read = 0
        while read < count {
            let data = (try? handle.read(upToCount: 1 << 20)) ?? Data()
            guard !data.isEmpty else { throw WriteError(file: target, message: "its scratch file is shorter than written") }
            pending.append(contentsOf: data)
            var at = 0
            while read < count, at + 4 <= pending.count {
                let length = Int(UInt32(pending[at]) | UInt32(pending[at + 1]) << 8 | UInt32(pending[at + 2]) << 16 | UInt32(pending[at + 3]) << 24)
                guard at + 4 + length <= pending.count else { break }
                try body(pending, (at + 4)..<(at + 4 + length))
                at += 4 + length
                read += 1
            }
            pending.removeFirst(at)
        }
    }
}
