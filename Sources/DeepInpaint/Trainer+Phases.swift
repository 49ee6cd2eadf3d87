// The three kinds of training step (docs/network-and-training.md §2.3), each a straight list of calls.
import NeuralEngine

extension Trainer {
    /// Phase 1: C in train mode on L_mse = mean((C(x̃)·M − x·M)²); one Adadelta step on C.
    func completionStep(_ x: Tensor) -> StepLosses {
        _ = prepareInput(x)
        return completionUpdate(x)
    }

    /// Phase 1's update on the mask and input already in the work buffers.
    func completionUpdate(_ x: Tensor) -> StepLosses {
        networks.zeroCompletionGradients()
        let (output, cache) = networks.completionForward(input, training: true)
        let mse = CompletionLoss.forward(output: output, target: x, mask: mask)
        outputGradient.zero()
        CompletionLoss.backward(output: output, target: x, mask: mask, into: &outputGradient)
        networks.completionBackward(outputGradient, cache: cache)
        update(networks.completionParameters, with: completionOptimiser)
        var losses = StepLosses(step: step, phase: .completion)
        losses.mse = mse
        losses.completionTotal = mse
        return losses
    }

    /// Phase 2: D alone on (BCE(D(fake),0) + BCE(D(real),1))/2 with fake = C's raw output and the real
    /// local sample from a fresh window. Clean default: C in eval mode (no state change); with
    /// `otenimCompat`, C runs in train mode (batch statistics, running statistics updated).
    func discriminatorStep(_ x: Tensor) -> StepLosses {
        let window = prepareInput(x)
        let output = networks.completionOutput(input, trainMode: parameters.otenimCompat)
        let mse = CompletionLoss.forward(output: output, target: x, mask: mask)
        networks.zeroDiscriminatorGradients()
        let dLoss = discriminatorUpdate(fake: output, fakeWindow: window, real: x, scale: 1)
        var losses = StepLosses(step: step, phase: .discriminator)
        losses.mse = mse
        losses.discriminator = dLoss
        return losses
    }

    /// Phase 3: a D step on α·(BCE(D(fake),0) + BCE(D(real),1))/2, then a C step on
    /// (L_mse + α·BCE(D(C(x̃)),1))/2 with the gradient flowing through D into C.
    func jointStep(_ x: Tensor) -> StepLosses {
        let window = prepareInput(x)
        let alpha = parameters.alpha
        networks.zeroCompletionGradients()
        let (output, cache) = networks.completionForward(input, training: true)
        let mse = CompletionLoss.forward(output: output, target: x, mask: mask)
        // otenim leaves D's gradients from the previous C step in place (the leak); clean runs zero them.
        if !parameters.otenimCompat { networks.zeroDiscriminatorGradients() }
        let dLoss = discriminatorUpdate(fake: output, fakeWindow: window, real: x, scale: alpha)
        networks.zeroDiscriminatorGradients()
        // C's adversarial term: D (train mode, third run this step) on the undetached fake.
        output.crop(window, into: &fakeLocal)
        let (p, dCache) = networks.discriminatorForward(local: fakeLocal, global: output)
        let adversarial = BinaryCrossEntropy.forward(probabilities: p, target: 1)
        probabilityGradient.zero()
        BinaryCrossEntropy.backward(probabilities: p, target: 1, scale: alpha / 2, into: &probabilityGradient)
        // Clean runs discard the D gradients of this backward, so they are not computed; otenim keeps them (the leak).
        let (dLocal, dGlobal) = networks.discriminatorBackward(
            probabilityGradient, cache: dCache, inputGradients: true,
            parameterGradients: parameters.otenimCompat)
        outputGradient.zero()
        CompletionLoss.backward(output: output, target: x, mask: mask, scale: 0.5, into: &outputGradient)
        if let dGlobal { addInPlace(&outputGradient, dGlobal) }
        if let dLocal { outputGradient.addWindowGradient(dLocal, at: window) }
        networks.completionBackward(outputGradient, cache: cache)
        update(networks.completionParameters, with: completionOptimiser)
        // Clean runs drop the gradient the C step left in D; otenim keeps it for D's next step.
        if !parameters.otenimCompat { networks.zeroDiscriminatorGradients() }
        var losses = StepLosses(step: step, phase: .joint)
        losses.mse = mse
        losses.discriminator = dLoss
        losses.adversarial = adversarial
        losses.completionTotal = (mse + alpha * adversarial) / 2
        return losses
    }

    /// One D update: backward of scale·BCE(D(fake),0)/2 and scale·BCE(D(real),1)/2 (fake first, as
    /// otenim runs them), then Adadelta. D's gradients are not zeroed here. Returns the unscaled D loss.
    func discriminatorUpdate(fake: Tensor, fakeWindow: LocalWindow, real x: Tensor, scale: Float) -> Float {
        fake.crop(fakeWindow, into: &fakeLocal)
        let (pFake, fakeCache) = networks.discriminatorForward(local: fakeLocal, global: fake)
        let lossFake = BinaryCrossEntropy.forward(probabilities: pFake, target: 0)
        probabilityGradient.zero()
        BinaryCrossEntropy.backward(probabilities: pFake, target: 0, scale: scale / 2, into: &probabilityGradient)
        _ = networks.discriminatorBackward(probabilityGradient, cache: fakeCache, inputGradients: false)

        x.crop(realWindow(), into: &realLocal)
        let (pReal, realCache) = networks.discriminatorForward(local: realLocal, global: x)
        let lossReal = BinaryCrossEntropy.forward(probabilities: pReal, target: 1)
        probabilityGradient.zero()
        BinaryCrossEntropy.backward(probabilities: pReal, target: 1, scale: scale / 2, into: &probabilityGradient)
        _ = networks.discriminatorBackward(probabilityGradient, cache: realCache, inputGradients: false)

        update(networks.discriminatorParameters, with: discriminatorOptimiser)
        return (lossFake + lossReal) / 2
    }

    private func addInPlace(_ a: inout Tensor, _ b: Tensor) {
        precondition(a.shape == b.shape, "addInPlace: \(a.shape) vs \(b.shape)")
        a.data.withUnsafeMutableBufferPointer { ap in
            b.data.withUnsafeBufferPointer { bp in
                for i in ap.indices { ap[i] += bp[i] }
            }
        }
    }
}
