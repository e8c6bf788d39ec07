#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes every byte to a file descriptor, again after interruptions and short writes.
/// - Returns: 0, or the `errno` of the failed write.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    var failure: Int32 = 0
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += n
        }
    }
    return failure
}

/// The process's standard output as a byte stream, for sinks that write to a stream.
package enum StandardOutput {
    /// Writes the bytes to standard output.
    /// - Throws: `WriteError` when the write fails (a closed pipe).
    package static func write(_ bytes: [UInt8]) throws(WriteError) {
        let failure = writeAll(bytes, to: 1)
        if failure != 0 {
            throw WriteError(file: "standard output", message: "write failed: \(String(cString: strerror(failure)))")
        }
    }
}

/// A file written under a temporary name beside its target and renamed onto the target
/// only by `commit()`: a failed or killed run never leaves a half-written file under the
/// target name. Dropping an uncommitted file removes the temporary.
///
/// The path `-` writes straight to standard output; a stream target hands every chunk to
/// a closure (an HTTP body, a buffer in memory).
package struct AtomicFile: ~Copyable {
    package let target: String
    private let temporary: String?
    private let descriptor: Int32
    private let stream: (([UInt8]) throws -> Void)?
    private var committed = false

    /// A target that receives the bytes as they are written, named `name` in errors.
    package init(streamNamed name: String, _ stream: @escaping ([UInt8]) throws -> Void) {
        target = name
        temporary = nil
        descriptor = -1
        self.stream = stream
    }

    /// Creates the temporary file.
    /// - Parameter overwrite: when false, an existing target is an error.
    package init(path: String, overwrite: Bool) throws(WriteError) {
        target = path
        stream = nil
        if path == "-" {
            temporary = nil
            descriptor = 1
            return
        }
        if !overwrite && access(path, F_OK) == 0 {
            throw WriteError(file: path, message: "already exists", code: .alreadyExists)
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        ScratchFiles.removeLeftovers(in: directory.isEmpty ? "/" : directory)
        let temp = ScratchFiles.name(beside: path, kind: "tmp")
        let fd = open(temp, O_RDWR | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw WriteError(file: path, message: "cannot create output in \(directory): \(String(cString: strerror(errno)))")
        }
        temporary = temp
        descriptor = fd
        ScratchFiles.register(temp)
    }

    /// Appends bytes.
    package func write(_ bytes: [UInt8]) throws(WriteError) {
        if let stream {
            do { try stream(bytes) } catch {
                throw WriteError(file: target, message: "the stream took no more: \(error)", cause: error)
            }
            return
        }
        let failure = writeAll(bytes, to: descriptor)
        if failure != 0 {
            throw WriteError(file: target, message: "write failed: \(String(cString: strerror(failure)))")
        }
    }

    /// Overwrites bytes already written, at `offset` from the start (a header that is
    /// only known at the end). Not for standard output.
    package func write(_ bytes: [UInt8], atOffset offset: Int) throws(WriteError) {
        let written = bytes.withUnsafeBytes { raw in pwrite(descriptor, raw.baseAddress, raw.count, off_t(offset)) }
        if written != bytes.count {
            throw WriteError(file: target, message: "write failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads back up to `count` bytes written at `offset` (fewer at the end). Not for
    /// standard output.
    /// - Throws: `WriteError` when the temporary cannot be read.
    package func read(atOffset offset: Int, count: Int) throws(WriteError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { raw in pread(descriptor, raw.baseAddress, count, off_t(offset)) }
        guard n >= 0 else { throw WriteError(file: target, message: "cannot read back: \(String(cString: strerror(errno)))") }
        bytes.removeLast(count - n)
        return bytes
    }

    /// Flushes and renames the temporary onto the target.
    package mutating func commit() throws(WriteError) {
        guard let temporary else {
            committed = true
            return
        }
        if fsync(descriptor) != 0 && errno != EINVAL {
            throw WriteError(file: target, message: "cannot flush: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        defer { ScratchFiles.unregister(temporary) }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            committed = true
            throw WriteError(file: target, message: "cannot move the finished output into place: \(reason)")
        }
        committed = true
    }

    deinit {
        if !committed, let temporary {
            close(descriptor)
            unlink(temporary)
            ScratchFiles.unregister(temporary)
        }
    }
}
