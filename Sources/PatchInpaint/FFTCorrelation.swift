// Cross-correlation of an image plane with a small kernel through FFTW.
//
// corr(x, y) = Σ_{i,j} K(i, j) · I(x + i, y + j) for the "valid" positions 0 ≤ x ≤ W − kw, 0 ≤ y ≤ H − kh.
// With the kernel zero-padded to W × H, the circular correlation is IFFT(F(I) · conj(F(K))) / (W·H); the
// valid positions never wrap around (x + i ≤ W − 1), so no padding of the image is needed.
// On ImageCore's FFTW plans; the building blocks of ExactPatchSearch (FFTPatchSearch.swift).

import ImageCore

/// FFT-based helpers of the exact patch search.
enum FFT {
    /// Valid cross-correlation of a `width × height` plane with a `kernelWidth × kernelHeight` kernel
    /// (both row-major). Returns `(width − kernelWidth + 1) × (height − kernelHeight + 1)` values, row-major.
    static func correlate(
        _ plane: [Float], width: Int, height: Int,
        kernel: [Float], kernelWidth: Int, kernelHeight: Int
    ) -> [Float] {
        precondition(plane.count == width * height, "correlate: \(plane.count) samples for \(width)x\(height)")
        precondition(
            kernel.count == kernelWidth * kernelHeight,
            "correlate: \(kernel.count) kernel samples for \(kernelWidth)x\(kernelHeight)")
        precondition(
            kernelWidth <= width && kernelHeight <= height,
            "correlate: kernel \(kernelWidth)x\(kernelHeight) larger than image \(width)x\(height)")
        let plan = FFTPlan2D.shared(width: width, height: height)
        let image = FFTBuffer(for: plan)
        plane.withUnsafeBufferPointer { image.real.update(from: $0.baseAddress!, count: plane.count) }
        plan.forwardTransform(image)
        let filter = FFTBuffer(for: plan)
        loadPadded(kernel, width: kernelWidth, height: kernelHeight, into: filter, planWidth: width)
        plan.forwardTransform(filter)
        multiplyConjugate(image, filter, count: plan.spectrumCount)
        plan.inverseTransform(image)
        return validRegion(
            image.real, width: width, height: height,
            outWidth: width - kernelWidth + 1, outHeight: height - kernelHeight + 1)
    }

    /// Writes a small row-major array into the top-left corner of a zeroed real buffer of row length `planWidth`.
    static func loadPadded(_ values: [Float], width: Int, height: Int, into buffer: FFTBuffer, planWidth: Int) {
        buffer.real.update(repeating: 0, count: buffer.realCount)
        for y in 0..<height {
            for x in 0..<width { buffer.real[y * planWidth + x] = values[y * width + x] }
        }
    }

    /// a ← a · conj(b), bin by bin.
    static func multiplyConjugate(_ a: FFTBuffer, _ b: FFTBuffer, count: Int) {
        let p = a.complexFloats, q = b.complexFloats
        for k in 0..<count {
            let ar = p[2 * k], ai = p[2 * k + 1], br = q[2 * k], bi = q[2 * k + 1]
            p[2 * k] = ar * br + ai * bi
            p[2 * k + 1] = ai * br - ar * bi
        }
    }

    /// The top-left `outWidth × outHeight` block of an inverse transform, divided by `width × height`.
    static func validRegion(
        _ real: UnsafeMutablePointer<Float>, width: Int, height: Int,
        outWidth: Int, outHeight: Int
    ) -> [Float] {
        let scale = 1 / Float(width * height)
        var out = [Float](repeating: 0, count: outWidth * outHeight)
        for y in 0..<outHeight {
            for x in 0..<outWidth { out[y * outWidth + x] = real[y * width + x] * scale }
        }
        return out
    }
}
