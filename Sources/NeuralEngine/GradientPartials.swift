// Per-thread gradient accumulators for layers that run batch items on several threads: chunk 0 adds into
// the parameters' gradients directly, every other chunk into a zeroed buffer of its own, summed in at the end.

/// Runs `body` with one weight-gradient and one bias-gradient pointer per thread chunk (see above).
func withGradientAccumulators(
    threads: Int, weight: Parameter, bias: Parameter?,
    _ body: (_ dW: [UnsafeMutablePointer<Float>], _ db: [UnsafeMutablePointer<Float>?]) -> Void
) {
    let wc = weight.value.count, bc = bias?.value.count ?? 0
    let extra = max(0, threads - 1)
    let size = max(1, extra * (wc + bc))
    let storage = UnsafeMutablePointer<Float>.allocate(capacity: size)
    storage.initialize(repeating: 0, count: size)
    defer { storage.deallocate() }
    weight.grad.data.withUnsafeMutableBufferPointer { wg in
        let wp = wg.baseAddress!
        func finish(_ bg: UnsafeMutablePointer<Float>?) {
            var dW = [wp], db = [bg]
            for t in 0..<extra {
                dW.append(storage + t * wc)
                db.append(bg == nil ? nil : storage + extra * wc + t * bc)
            }
            body(dW, db)
            for t in 1..<dW.count {
                for i in 0..<wc { wp[i] += dW[t][i] }
                if let bg, let part = db[t] { for i in 0..<bc { bg[i] += part[i] } }
            }
        }
        if let bias {
            bias.grad.data.withUnsafeMutableBufferPointer { finish($0.baseAddress!) }
        } else {
            finish(nil)
        }
    }
}
