// The picture written at each checkpoint: for a fixed batch of monitoring images with fixed holes,
// three rows — the masked input (holes filled with the mean pixel value), the network's output
// composited into the known pixels, and the original — one column per image (otenim writes the same
// kind of grid at each snapshot, docs/network-and-training.md §2.3).
import ImageCore
import NeuralEngine

/// Builds the monitoring grid image.
public enum MonitoringGrid {
    /// The network input for images x [N,3,S,S] and mask [N,1,S,S]: cat(x·(1−m) + mpv·m, m) → [N,4,S,S].
    public static func networkInput(images x: Tensor, mask: Tensor, meanPixel mpv: [Float], into input: inout Tensor) {
        let (n, _, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        precondition(
            mask.shape == [n, 1, h, w] && input.shape == [n, 4, h, w] && mpv.count == 3,
            "networkInput: images \(x.shape), mask \(mask.shape), input \(input.shape), mpv \(mpv.count)")
        let plane = h * w
        x.data.withUnsafeBufferPointer { xs in
            mask.data.withUnsafeBufferPointer { ms in
                input.data.withUnsafeMutableBufferPointer { out in
                    for b in 0..<n {
                        let m = ms.baseAddress! + b * plane
                        for c in 0..<3 {
                            let src = xs.baseAddress! + (b * 3 + c) * plane
                            let dst = out.baseAddress! + (b * 4 + c) * plane
                            let fill = mpv[c]
                            for i in 0..<plane { dst[i] = src[i] - src[i] * m[i] + fill * m[i] }
                        }
                        let dm = out.baseAddress! + (b * 4 + 3) * plane
                        for i in 0..<plane { dm[i] = m[i] }
                    }
                }
            }
        }
    }

    /// The grid: row 0 masked inputs, row 1 composited outputs, row 2 originals; a 2-px white gutter.
    /// - Parameters: images, output: [N,3,S,S]; input: [N,4,S,S] (the network input); mask: [N,1,S,S].
    public static func image(images x: Tensor, input: Tensor, output: Tensor, mask: Tensor) -> Image {
        let (n, _, s, _) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let gutter = 2
        let gw = n * s + (n + 1) * gutter, gh = 3 * s + 4 * gutter
        var grid = Image(width: gw, height: gh, channels: 3, value: 1)
        let plane = s * s
        for b in 0..<n {
            for row in 0..<3 {
                let ox = gutter + b * (s + gutter), oy = gutter + row * (s + gutter)
                for c in 0..<3 {
                    for y in 0..<s {
                        for xx in 0..<s {
                            let i = y * s + xx
                            let m = mask.data[b * plane + i]
                            let orig = x.data[(b * 3 + c) * plane + i]
                            let v: Float
                            switch row {
                            case 0: v = input.data[(b * 4 + c) * plane + i]
                            case 1: v = orig * (1 - m) + output.data[(b * 3 + c) * plane + i] * m
                            default: v = orig
                            }
                            grid.pixels[c * gw * gh + (oy + y) * gw + ox + xx] = min(max(v, 0), 1)
                        }
                    }
                }
            }
        }
        return grid
    }
}
