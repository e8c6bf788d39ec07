extension UnsafeMutableBufferPointer {
    /// A new buffer holding the array's elements; the caller deallocates it.
    static func copying(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
        return buffer
    }
}
