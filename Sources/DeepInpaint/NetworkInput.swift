// The completion network's input as otenim builds it (train.py, predict.py; docs/network-and-training.md §1.4):
// `cat(x − x·M + mpv·M, M)` — RGB in [0, 1] with hole pixels set to the mean pixel value, then the mask
// (1 in holes) as a fourth channel. Sides are padded up to multiples of 4 by repeating the edge pixels
// (padding counts as known), and outputs are cropped back.

import ImageCore
import NeuralEngine

/// A batch of same-size images and masks laid out as the network's `[N, 4, H4, W4]` input.
struct NetworkInput {
    /// The original size.
    let width: Int, height: Int
    /// The padded size (multiples of 4).
    let paddedWidth: Int, paddedHeight: Int
    /// `[N, 4, paddedHeight, paddedWidth]`.
    let tensor: Tensor

    init(images: [Image], masks: [Mask], meanPixelValue mpv: [Float]) {
        precondition(!images.isEmpty && images.count == masks.count, "NetworkInput: \(images.count) images, \(masks.count) masks")
        width = images[0].width
        height = images[0].height
        paddedWidth = (width + 3) / 4 * 4
        paddedHeight = (height + 3) / 4 * 4
        let (w, h, pw, ph) = (width, height, paddedWidth, paddedHeight)
        let plane = pw * ph
        var data = [Float](repeating: 0, count: images.count * 4 * plane)
        for (n, (image, mask)) in zip(images, masks).enumerated() {
            precondition(
                image.width == w && image.height == h && mask.width == w && mask.height == h,
                "NetworkInput: image \(image.width)x\(image.height), mask \(mask.width)x\(mask.height), batch \(w)x\(h)")
            let base = n * 4 * plane
            for y in 0..<ph {
                let sy = min(y, h - 1)
                for x in 0..<pw {
                    let sx = min(x, w - 1)
                    let hole = y < h && x < w && mask.isHole[sy * w + sx]
                    for c in 0..<3 {
                        data[base + c * plane + y * pw + x] = hole ? mpv[c] : image.pixels[c * w * h + sy * w + sx]
                    }
                    data[base + 3 * plane + y * pw + x] = hole ? 1 : 0
                }
            }
        }
        tensor = Tensor(shape: [images.count, 4, ph, pw], data: data)
    }

    /// The network's `[N, 3, paddedHeight, paddedWidth]` output as images of the original size.
    func images(from output: Tensor) -> [Image] {
        precondition(
            output.shape == [tensor.shape[0], 3, paddedHeight, paddedWidth],
            "NetworkInput: output \(output.shape) for input \(tensor.shape)")
        let plane = paddedWidth * paddedHeight
        return (0..<tensor.shape[0]).map { n in
            var pixels = [Float](repeating: 0, count: 3 * width * height)
            for c in 0..<3 {
                for y in 0..<height {
                    let src = n * 3 * plane + c * plane + y * paddedWidth
                    let dst = c * width * height + y * width
                    for x in 0..<width { pixels[dst + x] = output.data[src + x] }
                }
            }
            return Image(width: width, height: height, channels: 3, pixels: pixels)
        }
    }
}
