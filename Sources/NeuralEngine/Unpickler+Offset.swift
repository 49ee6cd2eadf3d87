// Decoding one pickle out of a stream of several (the legacy torch.save layout).

extension Unpickler {
    /// Decodes the pickle that starts at `offset` in `bytes`; returns its value and the offset just after
    /// its STOP opcode, where the next pickle or raw data begins.
    public func load(_ bytes: [UInt8], from offset: Int) throws -> (value: PickleValue, end: Int) {
        precondition(offset >= 0 && offset <= bytes.count, "Unpickler.load: offset \(offset) outside 0...\(bytes.count)")
        var machine = PickleMachine(unpickler: self, bytes: offset == 0 ? bytes : Array(bytes[offset...]))
        let value = try machine.run()
        return (value, offset + machine.reader.offset)
    }
}
