// Named, mutable parameter and buffer storage, so that checkpoints map PyTorch state_dict keys
// ("conv1.weight", "bn1.running_mean") onto layer storage.

/// A trainable tensor and its gradient (same shape). Gradients accumulate (`+=`) in `backward`;
/// `zeroGradients()` clears them. Assigning `value` requires the same shape (check before assigning).
public final class Parameter {
    /// The current values (in-place mutation is fine: no copy is made).
    public var value: Tensor {
        didSet {
            precondition(value.shape == fixedShape, "Parameter: shape \(value.shape) assigned to \(fixedShape)")
            version &+= 1
        }
    }
    /// The accumulated gradient of the loss with respect to `value`.
    public var grad: Tensor
    /// Incremented on every change of `value` (layers use it to refresh derived copies of the weights).
    public private(set) var version = 0
    private let fixedShape: [Int]

    /// A parameter initialised to `value`, with a zero gradient.
    public init(_ value: Tensor) {
        self.value = value
        self.grad = Tensor(shape: value.shape)
        fixedShape = value.shape
    }

    /// The extents of `value`.
    public var shape: [Int] { value.shape }
}

/// A non-trainable tensor that belongs to the model state (BatchNorm running statistics).
/// Assigning `value` requires the same shape.
public final class Buffer {
    /// The current values.
    public var value: Tensor {
        didSet { precondition(value.shape == fixedShape, "Buffer: shape \(value.shape) assigned to \(fixedShape)") }
    }
    private let fixedShape: [Int]

    /// A buffer holding `value`.
    public init(_ value: Tensor) { self.value = value; fixedShape = value.shape }

    /// The extents of `value`.
    public var shape: [Int] { value.shape }
}

/// Anything holding parameters and buffers under PyTorch-style names (relative to itself; a network adds
/// its own prefixes, e.g. "conv1." + "weight").
public protocol Module: AnyObject {
    /// Trainable tensors, in PyTorch's registration order, named as in a state_dict.
    var namedParameters: [(name: String, parameter: Parameter)] { get }
    /// Non-trainable state tensors, named as in a state_dict.
    var namedBuffers: [(name: String, buffer: Buffer)] { get }
}

extension Module {
    public var namedBuffers: [(name: String, buffer: Buffer)] { [] }

    /// Sets every parameter's gradient to zero.
    public func zeroGradients() {
        for (_, p) in namedParameters {
            p.grad.data.withUnsafeMutableBufferPointer { g in
                for i in g.indices { g[i] = 0 }
            }
        }
    }

    /// `namedParameters` with `prefix` (e.g. "conv1.") put before each name.
    public func namedParameters(prefix: String) -> [(name: String, parameter: Parameter)] {
        namedParameters.map { (prefix + $0.name, $0.parameter) }
    }

    /// `namedBuffers` with `prefix` put before each name.
    public func namedBuffers(prefix: String) -> [(name: String, buffer: Buffer)] {
        namedBuffers.map { (prefix + $0.name, $0.buffer) }
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.parameter.value.count } }
}
