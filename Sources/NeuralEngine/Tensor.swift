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

extension Tensor {
    /// A tensor of zeros with the given shape.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape) }

    /// The same samples under another shape with the same element count (`view` in PyTorch).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "Tensor.reshaped: \(shape) has \(count) elements, not \(newShape)")
        return Tensor(shape: newShape, data: data)
    }

    /// The rank (number of dimensions).
    @inlinable public var rank: Int { shape.count }

    /// The four extents of an NCHW tensor; a precondition failure for any other rank.
    public var nchw: (n: Int, c: Int, h: Int, w: Int) {
        precondition(shape.count == 4, "Tensor.nchw: expected an NCHW tensor, found shape \(shape)")
        return (shape[0], shape[1], shape[2], shape[3])
    }

    /// The largest absolute elementwise difference to `other` and its flat index (shapes must agree).
    public func maxAbsDifference(_ other: Tensor) -> (value: Float, index: Int) {
        precondition(shape == other.shape, "Tensor.maxAbsDifference: shapes \(shape) and \(other.shape)")
        var best: Float = 0, at = 0
        for i in 0..<count {
            let d = abs(data[i] - other.data[i])
            if d > best || d.isNaN { best = d; at = i; if d.isNaN { break } }
        }
        return (best, at)
    }

    /// Samples drawn uniformly in [-bound, bound) from `generator` (PyTorch's default init uses
    /// bound = 1/sqrt(fan_in) for weights and biases).
    public static func uniform<G: RandomNumberGenerator>(_ shape: [Int], bound: Float, using generator: inout G) -> Tensor {
        var t = Tensor(shape: shape)
        if bound > 0 {
            for i in 0..<t.count { t.data[i] = Float.random(in: -bound..<bound, using: &generator) }
        }
        return t
    }
}
