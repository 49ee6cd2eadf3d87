// Cropping a batch to the local discriminator's window and scattering the window's gradient back
// (otenim's `crop(t, area) = t[:, :, y:y+h, x:x+w]`, docs/network-and-training.md §2.4).
import NeuralEngine

extension Tensor {
    /// Copies the window of every image of `self` [N,C,H,W] into `out` [N,C,s,s] (storage reused).
    func crop(_ window: LocalWindow, into out: inout Tensor) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let s = window.size
        precondition(
            out.shape == [n, c, s, s] && window.x + s <= w && window.y + s <= h,
            "crop: \(shape) window \(window) into \(out.shape)")
        data.withUnsafeBufferPointer { src in
            out.data.withUnsafeMutableBufferPointer { dst in
                for p in 0..<(n * c) {
                    for y in 0..<s {
                        let from = p * h * w + (window.y + y) * w + window.x
                        let to = p * s * s + y * s
                        for x in 0..<s { dst[to + x] = src[from + x] }
                    }
                }
            }
        }
    }

    /// Adds `windowGradient` [N,C,s,s] into the window of `self` [N,C,H,W] (the crop's backward).
    mutating func addWindowGradient(_ windowGradient: Tensor, at window: LocalWindow) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let s = window.size
        precondition(windowGradient.shape == [n, c, s, s], "addWindowGradient: \(windowGradient.shape) into \(shape) at \(window)")
        windowGradient.data.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBufferPointer { dst in
                for p in 0..<(n * c) {
                    for y in 0..<s {
                        let to = p * h * w + (window.y + y) * w + window.x
                        let from = p * s * s + y * s
                        for x in 0..<s { dst[to + x] += src[from + x] }
                    }
                }
            }
        }
    }

    /// Sets every element to zero, keeping the storage.
    mutating func zero() {
        data.withUnsafeMutableBufferPointer { d in
            for i in d.indices { d[i] = 0 }
        }
    }
}
