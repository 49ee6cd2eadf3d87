// NCHW Float32 tensors: the one data type of the neural engine.

/// A dense, row-major (C order) Float32 tensor. For images the layout is NCHW.
public struct Tensor: Equatable, Sendable {
    /// The extent of each dimension, outermost first (NCHW for image batches).
    public var shape: [Int]
    /// Row-major samples; `data.count == shape.reduce(1, *)`.
    public var data: [Float]

    /// Creates a tensor filled with `value`.
    public init(shape: [Int], value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Creates a tensor from row-major samples.
    public init(shape: [Int], data: [Float]) {
        precondition(data.count == shape.reduce(1, *), "Tensor: \(data.count) samples for shape \(shape)")
        self.shape = shape
        self.data = data
    }

    /// Total number of elements.
    @inlinable public var count: Int { data.count }
}
