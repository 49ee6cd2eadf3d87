// Exact nearest-neighbour search for masked square patches, through FFTs.
//
// For a target patch a (centre A, compared pixels given by a 0/1 mask m) and every source centre B,
//   SSD(B) = Σ_c w_c Σ_p m(p) (a_c(p) − I_c(B + p))²
//          = Σ_c w_c Σ m a_c²  −  2 Σ_c w_c (m a_c ⋆ I_c)(B)  +  Σ_c w_c (m ⋆ I_c²)(B),
// where ⋆ is the valid cross-correlation. The last two terms come from one inverse FFT:
//   IFFT( E · conj(F(m)) − 2 Σ_c w_c F(I_c) · conj(F(m a_c)) ),  E = Σ_c w_c F(I_c²) computed once.
// Float32 FFTs carry a rounding error of about 1e-6 of the energies, so the few best candidates are rescored
// directly, which makes the returned distance exact. Planes are centred on their mean first (SSD is invariant
// to a common shift) to keep the energies, and so the error, small.

import ImageCore

/// Exact patch search over a fixed multi-channel image; thread safe (`nearest` allocates its own scratch).
final class ExactPatchSearch: @unchecked Sendable {
    /// A source patch centre and its distance (weighted SSD divided by the number of compared pixels).
    struct Match: Equatable, Sendable {
        let x: Int
        let y: Int
        let distance: Float
    }

    let width: Int
    let height: Int
    /// Odd patch side.
    let patchSize: Int
    let planes: [[Float]]
    let weights: [Float]
    let plan: FFTPlan2D
    let imageSpectra: [FFTBuffer]
    let energySpectrum: FFTBuffer
    /// How many of the best FFT candidates are rescored directly.
    let rescored = 8

    /// `planes[c]` is channel c (row-major `width × height`), weighted by `weights[c]` in the distance.
    init(planes: [[Float]], weights: [Float], width: Int, height: Int, patchSize: Int) {
        precondition(
            planes.count == weights.count && !planes.isEmpty,
            "ExactPatchSearch: \(planes.count) planes, \(weights.count) weights")
        precondition(
            patchSize % 2 == 1 && patchSize <= width && patchSize <= height,
            "ExactPatchSearch: patch \(patchSize) for image \(width)x\(height)")
        self.width = width
        self.height = height
        self.patchSize = patchSize
        self.weights = weights
        self.planes = planes.map { plane -> [Float] in
            precondition(plane.count == width * height, "ExactPatchSearch: plane of \(plane.count) for \(width)x\(height)")
            let mean = plane.reduce(0, +) / Float(plane.count)
            return plane.map { $0 - mean }
        }
        plan = FFTPlan2D.shared(width: width, height: height)
        energySpectrum = FFTBuffer(for: plan)
        var spectra: [FFTBuffer] = []
        let squares = FFTBuffer(for: plan)
        for (c, plane) in self.planes.enumerated() {
            let buffer = FFTBuffer(for: plan)
            for i in 0..<plane.count {
                buffer.real[i] = plane[i]
                squares.real[i] = plane[i] * plane[i]
            }
            plan.forwardTransform(buffer)
            plan.forwardTransform(squares)
            let e = energySpectrum.complexFloats, s = squares.complexFloats
            for k in 0..<(2 * plan.spectrumCount) { e[k] += weights[c] * s[k] }
            spectra.append(buffer)
        }
        imageSpectra = spectra
    }

    /// The best source centre for the target patch centred at (x, y). Target pixels outside the image and
    /// those for which `isCompared` is false are left out; `isValidSource[y * width + x]` says which centres
    /// may be chosen (only centres whose patch lies inside the image are considered). Nil when no pixel is
    /// compared or no centre is valid.
    func nearest(
        toPatchAt x: Int, _ y: Int, isCompared: (Int, Int) -> Bool,
        isValidSource: [Bool]
    ) -> Match? {
        precondition(isValidSource.count == width * height, "isValidSource: \(isValidSource.count) for \(width)x\(height)")
        let h = patchSize / 2
        var mask = [Float](repeating: 0, count: patchSize * patchSize)
        for j in 0..<patchSize {
            for i in 0..<patchSize {
                let px = x + i - h, py = y + j - h
                if px >= 0, py >= 0, px < width, py < height, isCompared(px, py) { mask[j * patchSize + i] = 1 }
            }
        }
        if !mask.contains(1) { return nil }
        let scores = approximateScores(x, y, mask: mask)
        var best: [(score: Float, index: Int)] = []
        let outWidth = width - patchSize + 1
        for by in h..<(height - h) {
            for bx in h..<(width - h) where isValidSource[by * width + bx] {
                let s = scores[(by - h) * outWidth + (bx - h)]
                if best.count < rescored || s < best[best.count - 1].score {
                    if best.count == rescored { best.removeLast() }
                    let at = best.firstIndex { $0.score > s } ?? best.count
                    best.insert((s, by * width + bx), at: at)
                }
            }
        }
        var match: Match?
        for candidate in best {
            let bx = candidate.index % width, by = candidate.index / width
            let d = distance(from: x, y, to: bx, by, isCompared: isCompared)
            if match == nil || d < match!.distance || (d == match!.distance && candidate.index < match!.y * width + match!.x) {
                match = Match(x: bx, y: by, distance: d)
            }
        }
        return match
    }

    /// The direct distance between the target patch at (x, y) (masked as in `nearest`) and the source patch at
    /// (bx, by): weighted SSD divided by the number of compared pixels (infinity when none is compared).
    func distance(from x: Int, _ y: Int, to bx: Int, _ by: Int, isCompared: (Int, Int) -> Bool) -> Float {
        let h = patchSize / 2
        var sum: Float = 0
        var count = 0
        for j in -h...h {
            for i in -h...h {
                let px = x + i, py = y + j
                guard px >= 0, py >= 0, px < width, py < height, isCompared(px, py) else { continue }
                let a = py * width + px, b = (by + j) * width + (bx + i)
                for c in 0..<planes.count {
                    let d = planes[c][a] - planes[c][b]
                    sum += weights[c] * d * d
                }
                count += 1
            }
        }
        return count == 0 ? .infinity : sum / Float(count)
    }

    /// FFT estimate of SSD − Σ w m a² (the part that depends on the source) at every valid source position.
    func approximateScores(_ x: Int, _ y: Int, mask: [Float]) -> [Float] {
        let h = patchSize / 2
        let maskBuffer = FFTBuffer(for: plan)
        FFT.loadPadded(mask, width: patchSize, height: patchSize, into: maskBuffer, planWidth: width)
        plan.forwardTransform(maskBuffer)
        let total = FFTBuffer(for: plan)
        let t = total.complexFloats, e = energySpectrum.complexFloats, m = maskBuffer.complexFloats
        for k in 0..<plan.spectrumCount {
            // E · conj(F(m))
            t[2 * k] = e[2 * k] * m[2 * k] + e[2 * k + 1] * m[2 * k + 1]
            t[2 * k + 1] = e[2 * k + 1] * m[2 * k] - e[2 * k] * m[2 * k + 1]
        }
        let kernel = FFTBuffer(for: plan)
        for c in 0..<planes.count {
            var values = mask
            for j in 0..<patchSize {
                for i in 0..<patchSize where mask[j * patchSize + i] != 0 {
                    values[j * patchSize + i] = planes[c][(y + j - h) * width + (x + i - h)]
                }
            }
            FFT.loadPadded(values, width: patchSize, height: patchSize, into: kernel, planWidth: width)
            plan.forwardTransform(kernel)
            let f = imageSpectra[c].complexFloats, g = kernel.complexFloats, w = -2 * weights[c]
            for k in 0..<plan.spectrumCount {
                // − 2 w_c F(I_c) · conj(F(m a_c))
                t[2 * k] += w * (f[2 * k] * g[2 * k] + f[2 * k + 1] * g[2 * k + 1])
                t[2 * k + 1] += w * (f[2 * k + 1] * g[2 * k] - f[2 * k] * g[2 * k + 1])
            }
        }
        plan.inverseTransform(total)
        return FFT.validRegion(
            total.real, width: width, height: height,
            outWidth: width - patchSize + 1, outHeight: height - patchSize + 1)
    }
}
