// Tunables of Telea's fast-marching inpainting (README.md in this folder; docs/methods-and-masks.md).

/// The parameters of `TeleaInpainter`; the algorithm never changes them.
public struct Parameters: Equatable, Sendable {
    /// Radius ε in pixels of the neighbourhood B_ε(p) whose known pixels are averaged into p (paper §2.1).
    /// Default 5: the paper's examples use a few pixels, and 5 is the `inpaintRadius` OpenCV users
    /// commonly pass to `cv::inpaint(…, INPAINT_TELEA)`.
    public var radius: Double = 5

    public init(radius: Double = 5) { self.radius = radius }
}
