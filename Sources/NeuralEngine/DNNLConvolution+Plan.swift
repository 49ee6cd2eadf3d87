// One input shape's oneDNN primitives for a convolution layer (docs/bf16.md): forward, backward data and
// backward weights (the last two built on first use), their memory objects and the reorders between the
// engine's NCHW float32 tensors and the layouts the primitives chose. Everything runs inside
// `DNNLRuntime.run` (one execution at a time).
import CDNNL

extension DNNLConvolution {
    final class Plan {
        let layer: Layer
        let input: [Int], output: [Int]
        private let strides: dnnl_dims_t, dilates: dnnl_dims_t, padL: dnnl_dims_t, padR: dnnl_dims_t
        private let userSource: dnnl_memory_desc_t, userDestination: dnnl_memory_desc_t
        private let userWeights: dnnl_memory_desc_t, biasDesc: dnnl_memory_desc_t

        private let forwardStep: Step
        private var backwardDataStep: Step?
        private var backwardWeightsStep: Step?
        /// bf16 weights in the forward (and backward-data) layouts, with the weight version they were made from.
        private var forwardWeights: (version: Int, buffer: DNNLBuffer)?
        private var backwardWeights: (version: Int, buffer: DNNLBuffer)?

        init(layer: Layer, input: [Int], output: [Int], rightPadding: [Int]) {
            self.layer = layer; self.input = input; self.output = output
            strides = dnnlDims(layer.stride)
            dilates = dnnlDims(layer.dilation.map { $0 - 1 })  // oneDNN counts dilation from 0
            padL = dnnlDims(layer.padding)
            padR = dnnlDims(rightPadding)
            userSource = dnnlDesc(input, dnnl_f32, dnnl_nchw)
            userDestination = dnnlDesc(output, dnnl_f32, dnnl_nchw)
            // oneDNN's weights are [OC, IC, kh, kw] of its src → dst direction; PyTorch's transposed layer
            // stores [Cin, Cout, k, k], which is the `iohw` layout of the same dims.
            let wDims = [layer.outChannels, layer.inChannels] + layer.kernel
            userWeights = dnnlDesc(wDims, dnnl_f32, layer.transposed ? dnnl_iohw : dnnl_oihw)
            biasDesc = dnnlDesc([layer.outChannels], dnnl_f32, dnnl_a)
            forwardStep = Step(
                .forward, Plan.forwardDescriptor(layer, input, output, biasDesc, strides, dilates, padL, padR),
                userSource: userSource, userDestination: userDestination)
        }

        var implementations: [String] {
            [
                forwardStep.primitive.implementation, backwardData.primitive.implementation,
                backwardWeightsPrimitive.primitive.implementation
            ]
        }

        // MARK: Forward

        func forward(_ x: Tensor, _ y: UnsafeMutablePointer<Float>, weight: Parameter, bias: Parameter?) {
            let step = forwardStep
            let src = DNNLBuffer(bytes: dnnlSize(step.source))
            x.data.withUnsafeBufferPointer { step.toSource!($0.baseAddress!, src.pointer) }
            let w = bf16Weights(weight, layout: step.weights, cache: &forwardWeights)
            let out = step.fromDestination.map { _ in DNNLBuffer(bytes: dnnlSize(step.destination)) }
            var args = [
                (cdnnl_arg_src, step.memory[0].bind(src.pointer)), (cdnnl_arg_weights, step.memory[1].bind(w.pointer)),
                (cdnnl_arg_dst, step.memory[2].bind(out.map { UnsafeRawPointer($0.pointer) } ?? UnsafeRawPointer(y)))
            ]
            withOptionalPointer(bias?.value.data) { b in
                if let b { args.append((cdnnl_arg_bias, step.memory[3].bind(b))) }
                DNNLRuntime.shared.execute(step.primitive.primitive, args)
            }
            if let out { step.fromDestination!(out.pointer, y) }
        }

        // MARK: Backward

        func backward(
            _ dy: Tensor, _ x: Tensor, weight: Parameter, bias: Parameter?,
            inputGradient: Bool, parameterGradient: Bool
        ) -> Tensor? {
            var dyCopies: [(layout: dnnl_memory_desc_t, buffer: DNNLBuffer)] = []
            /// dy in bf16 in `layout`, reordered once per layout.
            func bf16OutputGradient(_ step: Step) -> DNNLBuffer {
                if let c = dyCopies.first(where: { dnnlEqual($0.layout, step.destination) }) { return c.buffer }
                let b = DNNLBuffer(bytes: dnnlSize(step.destination))
                dy.data.withUnsafeBufferPointer { step.toDestination!($0.baseAddress!, b.pointer) }
                dyCopies.append((step.destination, b))
                return b
            }
            var dx: Tensor?
            if inputGradient {
                let step = backwardData
                let d = bf16OutputGradient(step)
                let w = bf16Weights(weight, layout: step.weights, cache: &backwardWeights)
                dx = Tensor.uninitialized(input) { out in
                    let tmp = step.fromSource.map { _ in DNNLBuffer(bytes: dnnlSize(step.source)) }
                    DNNLRuntime.shared.execute(
                        step.primitive.primitive,
                        [
                            (cdnnl_arg_diff_dst, step.memory[2].bind(d.pointer)), (cdnnl_arg_weights, step.memory[1].bind(w.pointer)),
                            (cdnnl_arg_diff_src, step.memory[0].bind(tmp.map { UnsafeRawPointer($0.pointer) } ?? UnsafeRawPointer(out)))
                        ])
                    if let tmp { step.fromSource!(tmp.pointer, out) }
                }
            }
            if parameterGradient {
                let step = backwardWeightsPrimitive
                let d = bf16OutputGradient(step)
                let src = DNNLBuffer(bytes: dnnlSize(step.source))
                x.data.withUnsafeBufferPointer { step.toSource!($0.baseAddress!, src.pointer) }
                let dW = DNNLBuffer(bytes: dnnlSize(step.weights))
                var db = [Float](repeating: 0, count: layer.outChannels)
                var args = [
                    (cdnnl_arg_src, step.memory[0].bind(src.pointer)), (cdnnl_arg_diff_dst, step.memory[2].bind(d.pointer)),
                    (cdnnl_arg_diff_weights, step.memory[1].bind(dW.pointer))
                ]
                db.withUnsafeMutableBufferPointer { dbp in
                    if bias != nil { args.append((cdnnl_arg_diff_bias, step.memory[3].bind(dbp.baseAddress!))) }
                    DNNLRuntime.shared.execute(step.primitive.primitive, args)
                }
                addWeightGradient(dW, layout: step.weights, into: weight)
                if let bias { for o in 0..<layer.outChannels { bias.grad.data[o] += db[o] } }
            }
            return dx
        }

        // MARK: Helpers

        /// The bf16 weights in `layout`, reordered from the f32 master weights when their version changed.
        private func bf16Weights(
            _ weight: Parameter, layout: dnnl_memory_desc_t,
            cache: inout (version: Int, buffer: DNNLBuffer)?
        ) -> DNNLBuffer {
            if let c = cache, c.version == weight.version { return c.buffer }
            let b = DNNLBuffer(bytes: dnnlSize(layout))
            let reorder = DNNLReorder(from: userWeights, to: layout)!  // f32 → bf16 always converts
            weight.value.data.withUnsafeBufferPointer { reorder($0.baseAddress!, b.pointer) }
            cache = (weight.version, b)
            return b
        }

        /// weight.grad += dW (f32, in the primitive's `layout`).
        private func addWeightGradient(_ dW: DNNLBuffer, layout: dnnl_memory_desc_t, into weight: Parameter) {
            let count = weight.grad.count
            let plain: UnsafeMutablePointer<Float>
            var converted: DNNLBuffer?
            if let reorder = DNNLReorder(from: layout, to: userWeights) {
                let b = DNNLBuffer(bytes: count * 4)
                reorder(dW.pointer, b.pointer)
                converted = b
                plain = b.pointer.assumingMemoryBound(to: Float.self)
            } else {
                plain = dW.pointer.assumingMemoryBound(to: Float.self)
            }
            weight.grad.data.withUnsafeMutableBufferPointer { g in
                for i in 0..<count { g[i] += plain[i] }
            }
            withExtendedLifetime(converted) {}
        }

        private var backwardData: Step {
            if let s = backwardDataStep { return s }
            let s = Step(
                .backwardData,
                Plan.backwardDataDescriptor(
                    layer, input, output, forwardStep.primitive.descriptor,
                    strides, dilates, padL, padR),
                userSource: userSource, userDestination: userDestination)
            backwardDataStep = s
            return s
        }

        private var backwardWeightsPrimitive: Step {
            if let s = backwardWeightsStep { return s }
            let s = Step(
                .backwardWeights,
                Plan.backwardWeightsDescriptor(
                    layer, input, output, biasDesc,
                    forwardStep.primitive.descriptor,
                    strides, dilates, padL, padR),
                userSource: userSource, userDestination: userDestination)
            backwardWeightsStep = s
            return s
        }
    }
}
