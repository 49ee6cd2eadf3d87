// The oneDNN operation descriptors of a convolution layer's three primitives (docs/bf16.md): bf16 source,
// weights and output gradient, float32 destination, input gradient, weight and bias gradients, every layout
// left to the primitive (`dnnl_format_tag_any`); and the executable step each becomes.
import CDNNL

extension DNNLConvolution {
    /// What a step computes (which memory descriptors to query).
    enum StepKind { case forward, backwardData, backwardWeights }

    /// A primitive with its operand layouts, memory objects (source, weights, destination, bias) and the
    /// reorders from and to the engine's NCHW float32 tensors.
    final class Step {
        let primitive: DNNLPrimitive
        let source: dnnl_memory_desc_t, weights: dnnl_memory_desc_t, destination: dnnl_memory_desc_t
        let memory: [DNNLMemory]
        /// NCHW f32 → `source` (forward, backward weights).
        let toSource: DNNLReorder?
        /// `source` → NCHW f32 (backward data's dx).
        let fromSource: DNNLReorder?
        /// NCHW f32 dy → `destination` (the backward steps).
        let toDestination: DNNLReorder?
        /// `destination` → NCHW f32 (forward's y).
        let fromDestination: DNNLReorder?

        init(
            _ kind: StepKind, _ descriptor: dnnl_primitive_desc_t, userSource: dnnl_memory_desc_t,
            userDestination: dnnl_memory_desc_t
        ) {
            let p = DNNLPrimitive(descriptor)
            primitive = p
            switch kind {
            case .forward:
                (source, weights, destination) = (p.md(dnnl_query_src_md), p.md(dnnl_query_weights_md), p.md(dnnl_query_dst_md))
            case .backwardData:
                (source, weights, destination) = (
                    p.md(dnnl_query_diff_src_md), p.md(dnnl_query_weights_md),
                    p.md(dnnl_query_diff_dst_md)
                )
            case .backwardWeights:
                (source, weights, destination) = (
                    p.md(dnnl_query_src_md), p.md(dnnl_query_diff_weights_md),
                    p.md(dnnl_query_diff_dst_md)
                )
            }
            let biasMD = dnnlDesc([Int(weights.dims.1)], dnnl_f32, dnnl_a)
            memory = [DNNLMemory(source), DNNLMemory(weights), DNNLMemory(destination), DNNLMemory(biasMD)]
            toSource = kind == .backwardData ? nil : DNNLReorder(from: userSource, to: source)
            fromSource = kind == .backwardData ? DNNLReorder(from: source, to: userSource) : nil
            toDestination = kind == .forward ? nil : DNNLReorder(from: userDestination, to: destination)
            fromDestination = kind == .forward ? DNNLReorder(from: destination, to: userDestination) : nil
        }
    }
}

extension DNNLConvolution.Plan {
    typealias Layer = DNNLConvolution.Layer

    /// bf16 source and weights, f32 bias and destination; forward_training so that it can hint the backward.
    static func forwardDescriptor(
        _ layer: Layer, _ input: [Int], _ output: [Int], _ bias: dnnl_memory_desc_t,
        _ strides: dnnl_dims_t, _ dilates: dnnl_dims_t, _ padL: dnnl_dims_t,
        _ padR: dnnl_dims_t
    ) -> dnnl_primitive_desc_t {
        var (src, dst) = (dnnlDesc(input, dnnl_bf16, dnnl_format_tag_any), dnnlDesc(output, dnnl_f32, dnnl_format_tag_any))
        var wei = dnnlDesc(weightDims(layer), dnnl_bf16, dnnl_format_tag_any)
        var desc = dnnl_convolution_desc_t()
        var (s, d, l, r) = (strides, dilates, padL, padR)
        let status = withDims(&s, &d, &l, &r) { s, d, l, r in
            withOptionalDesc(layer.bias ? bias : nil) { b in
                layer.transposed
                    ? dnnl_dilated_deconvolution_forward_desc_init(
                        &desc, dnnl_forward_training, dnnl_deconvolution_direct,
                        &src, &wei, b, &dst, s, d, l, r)
                    : dnnl_dilated_convolution_forward_desc_init(
                        &desc, dnnl_forward_training, dnnl_convolution_direct,
                        &src, &wei, b, &dst, s, d, l, r)
            }
        }
        dnnlCheck(status, "forward_desc_init")
        return create(&desc, hint: nil)
    }

    /// bf16 output gradient and weights, f32 input gradient.
    static func backwardDataDescriptor(
        _ layer: Layer, _ input: [Int], _ output: [Int], _ hint: dnnl_primitive_desc_t,
        _ strides: dnnl_dims_t, _ dilates: dnnl_dims_t, _ padL: dnnl_dims_t,
        _ padR: dnnl_dims_t
    ) -> dnnl_primitive_desc_t {
        var (dsrc, ddst) = (dnnlDesc(input, dnnl_f32, dnnl_format_tag_any), dnnlDesc(output, dnnl_bf16, dnnl_format_tag_any))
        var wei = dnnlDesc(weightDims(layer), dnnl_bf16, dnnl_format_tag_any)
        var desc = dnnl_convolution_desc_t()
        var (s, d, l, r) = (strides, dilates, padL, padR)
        let status = withDims(&s, &d, &l, &r) { s, d, l, r in
            layer.transposed
                ? dnnl_dilated_deconvolution_backward_data_desc_init(&desc, dnnl_deconvolution_direct, &dsrc, &wei, &ddst, s, d, l, r)
                : dnnl_dilated_convolution_backward_data_desc_init(&desc, dnnl_convolution_direct, &dsrc, &wei, &ddst, s, d, l, r)
        }
        dnnlCheck(status, "backward_data_desc_init")
        return create(&desc, hint: hint)
    }

    /// bf16 source and output gradient, f32 weight and bias gradients.
    static func backwardWeightsDescriptor(
        _ layer: Layer, _ input: [Int], _ output: [Int], _ bias: dnnl_memory_desc_t,
        _ hint: dnnl_primitive_desc_t, _ strides: dnnl_dims_t, _ dilates: dnnl_dims_t,
        _ padL: dnnl_dims_t, _ padR: dnnl_dims_t
    ) -> dnnl_primitive_desc_t {
        var (src, ddst) = (dnnlDesc(input, dnnl_bf16, dnnl_format_tag_any), dnnlDesc(output, dnnl_bf16, dnnl_format_tag_any))
        var dwei = dnnlDesc(weightDims(layer), dnnl_f32, dnnl_format_tag_any)
        var desc = dnnl_convolution_desc_t()
        var (s, d, l, r) = (strides, dilates, padL, padR)
        let status = withDims(&s, &d, &l, &r) { s, d, l, r in
            withOptionalDesc(layer.bias ? bias : nil) { b in
                layer.transposed
                    ? dnnl_dilated_deconvolution_backward_weights_desc_init(
                        &desc, dnnl_deconvolution_direct, &src, &dwei,
                        b, &ddst, s, d, l, r)
                    : dnnl_dilated_convolution_backward_weights_desc_init(
                        &desc, dnnl_convolution_direct, &src, &dwei,
                        b, &ddst, s, d, l, r)
            }
        }
        dnnlCheck(status, "backward_weights_desc_init")
        return create(&desc, hint: hint)
    }

    /// oneDNN's weight dims [OC, IC, kh, kw] of the layer's src → dst direction.
    private static func weightDims(_ layer: Layer) -> [Int] { [layer.outChannels, layer.inChannels] + layer.kernel }

    private static func create(_ desc: inout dnnl_convolution_desc_t, hint: dnnl_primitive_desc_t?) -> dnnl_primitive_desc_t {
        var pd: dnnl_primitive_desc_t?
        let status = withUnsafePointer(to: &desc) { p in
            dnnl_primitive_desc_create(&pd, UnsafeRawPointer(p), nil, DNNLRuntime.shared.engine, hint)
        }
        dnnlCheck(status, "primitive_desc_create")
        return pd!
    }

    /// Calls `body` with a pointer to `desc`, or nil (no bias).
    private static func withOptionalDesc<T>(_ desc: dnnl_memory_desc_t?, _ body: (UnsafePointer<dnnl_memory_desc_t>?) -> T) -> T {
        guard var d = desc else { return body(nil) }
        return withUnsafePointer(to: &d) { body($0) }
    }

    /// Calls `body` with the four dims arrays as the C API's `const int64_t *`.
    private static func withDims<T>(
        _ a: inout dnnl_dims_t, _ b: inout dnnl_dims_t, _ c: inout dnnl_dims_t,
        _ d: inout dnnl_dims_t,
        _ body: (
            UnsafePointer<Int64>, UnsafePointer<Int64>, UnsafePointer<Int64>,
            UnsafePointer<Int64>
        ) -> T
    ) -> T {
        func ptr<R>(_ x: inout dnnl_dims_t, _ f: (UnsafePointer<Int64>) -> R) -> R {
            withUnsafePointer(to: &x) { $0.withMemoryRebound(to: Int64.self, capacity: 12, f) }
        }
        return ptr(&a) { pa in ptr(&b) { pb in ptr(&c) { pc in ptr(&d) { pd in body(pa, pb, pc, pd) } } } }
    }
}
