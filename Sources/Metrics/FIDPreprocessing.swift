// Input pipeline of the FID network (docs/evaluation-protocol.md §5.2): uint8 RGB → float 0…255
// → bilinear resize to 299×299 → x/127.5 − 1, NCHW.
//
// The resize is TensorFlow 1's `resize_bilinear` (align_corners = False, no half-pixel centres), which the
// FID network's reference pipeline reproduces ("nv_bilinear", border padding): output pixel i samples the
// source at s = i·in/out, clamped to [0, in − 1], interpolating between ⌊s⌋ and min(⌊s⌋ + 1, in − 1).
// (Checked against ../shared/reference/fid/fid_input_299_first4.npy: the half-pixel formula
// (i + ½)·in/out − ½ differs from it by up to 0.25, this one by 1e-5, the float32 rounding of its
// coordinates.)

import ImageCore
import NeuralEngine

/// Turns images into the FID network's input tensor.
public enum FIDPreprocessing {
    /// The network's input side.
    public static let inputSize = 299

    /// `[N, 3, 299, 299]` inputs in [−1, 1] for RGB images of any size (values in [0, 1], quantised to 8 bits
    /// first, as the protocol's uint8 input).
    public static func inputTensor(_ images: [Image]) -> Tensor {
        let plane = inputSize * inputSize
        var data = [Float](repeating: 0, count: images.count * 3 * plane)
        for (n, image) in images.enumerated() {
            precondition(image.channels == 3, "FID needs RGB images, got \(image.channels) channels")
            let bytes = image.pixels.map { Float(Image.quantise($0)) }
            data.withUnsafeMutableBufferPointer { out in
                for c in 0..<3 {
                    resize(
                        bytes, channelOffset: c * image.planeSize, width: image.width, height: image.height,
                        into: out.baseAddress! + (n * 3 + c) * plane)
                }
            }
        }
        return Tensor(shape: [images.count, 3, inputSize, inputSize], data: data)
    }

    /// Source taps of TF1 bilinear resizing from `n` to `out` samples: (i0, i1, weight of i1).
    static func taps(from n: Int, to out: Int) -> [(Int, Int, Float)] {
        (0..<out).map { i in
            let s = min(max(Double(i) * Double(n) / Double(out), 0), Double(n - 1))
            let i0 = Int(s.rounded(.down))
            return (i0, min(i0 + 1, n - 1), Float(s - Double(i0)))
        }
    }

    /// Resizes one channel plane (values 0…255) to 299×299 and maps it to x/127.5 − 1.
    private static func resize(_ v: [Float], channelOffset: Int, width: Int, height: Int, into out: UnsafeMutablePointer<Float>) {
        let xs = taps(from: width, to: inputSize), ys = taps(from: height, to: inputSize)
        for (oy, (y0, y1, ly)) in ys.enumerated() {
            let r0 = channelOffset + y0 * width, r1 = channelOffset + y1 * width
            for (ox, (x0, x1, lx)) in xs.enumerated() {
                let top = v[r0 + x0] * (1 - lx) + v[r0 + x1] * lx
                let bottom = v[r1 + x0] * (1 - lx) + v[r1 + x1] * lx
                out[oy * inputSize + ox] = (top * (1 - ly) + bottom * ly) / 127.5 - 1
            }
        }
    }
}
