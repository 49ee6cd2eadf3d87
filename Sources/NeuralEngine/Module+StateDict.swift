// Moving tensors between a `Module`'s parameters/buffers and a `StateDict` under PyTorch's key names.

extension Module {
    /// The module's parameters, then its buffers, under their state_dict names (copies of the values).
    /// `num_batches_tracked` buffers are marked as integer entries.
    public func stateDict() -> StateDict {
        var dict = StateDict()
        for (name, p) in namedParameters { dict[name] = p.value }
        for (name, b) in namedBuffers {
            dict[name] = b.value
            if name.hasSuffix("num_batches_tracked") { dict.integerKeys.insert(name) }
        }
        return dict
    }

    /// Loads every parameter and buffer from `dict`, strictly (as PyTorch's `load_state_dict(strict=True)`),
    /// except that `num_batches_tracked` buffers may be absent (old checkpoints) and keep their value.
    /// Nothing is changed unless every tensor is present, of the right shape and finite.
    /// - Throws: `CheckpointError.unexpectedKey`, `.missingKey`, `.shapeMismatch` (naming the tensor with the
    ///   expected and found shapes) or `.nonFinite`.
    public func load(_ dict: StateDict) throws {
        let parameters = namedParameters, buffers = namedBuffers
        let names = parameters.map(\.name) + buffers.map(\.name)
        let optional = Set(buffers.map(\.name).filter { $0.hasSuffix("num_batches_tracked") })
        try dict.checkKeys(expected: names, optional: optional)
        var parameterValues: [Tensor] = [], bufferValues: [Tensor?] = []
        for (name, p) in parameters { parameterValues.append(try dict.tensor(name, shape: p.shape)) }
        for (name, b) in buffers {
            bufferValues.append(dict[name] == nil && optional.contains(name) ? nil : try dict.tensor(name, shape: b.shape))
        }
        for ((_, p), v) in zip(parameters, parameterValues) { p.value = v }
        for ((_, b), v) in zip(buffers, bufferValues) { if let v { b.value = v } }
    }
}
