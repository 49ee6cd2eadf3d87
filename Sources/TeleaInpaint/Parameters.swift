// Tunables of Telea's fast-marching inpainting (README.md in this folder; docs/methods-and-masks.md).

/// The parameters of `TeleaInpainter`; the algorithm never changes them.
public struct Parameters: Equatable, Sendable {
    /// Radius ε in pixels of the neighbourhood B_ε(p) whose known pixels are averaged into p (paper §2.1).
    /// Default 5: the paper's examples use a few pixels, and 5 is the `inpaintRadius` OpenCV users
    /// commonly pass to `cv::inpaint(…, INPAINT_TELEA)`.
    public var radius: Double = 5
    /// Whether each estimate uses the first-order term ∇I(q)·(p − q) of the paper (§2.1). Off, every pixel is
    /// the weighted mean of its neighbours' values: smoother, and on large face holes closer to OpenCV's
    /// output and higher in PSNR (docs/methods-and-masks.md).
    public var firstOrder: Bool = true

    public init(radius: Double = 5, firstOrder: Bool = true) {
        self.radius = radius
        self.firstOrder = firstOrder
    }
}
