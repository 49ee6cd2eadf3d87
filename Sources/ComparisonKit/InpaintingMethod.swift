// What the driver needs from an inpainting method. The executable adapts PatchInpaint and DeepInpaint to
// this protocol (one small file each), so the pipeline here can be tested with any stand-in.

import ImageCore

/// What a method returns for one image.
public struct InpaintOutput: Sendable {
    /// The completed image, composited with the known pixels, same size as the input.
    public var image: Image
    /// Seconds per named stage (e.g. "level0.patchmatch"), as the method measured them.
    public var stages: [StageTime]

    public init(image: Image, stages: [StageTime] = []) {
        self.image = image
        self.stages = stages
    }
}

/// An inpainting method as the comparison runs it.
public protocol InpaintingMethod: AnyObject {
    /// The label in tables and file names (e.g. "patch", "iizuka", "iizuka:global").
    var label: String { get }
    /// Threads the method uses.
    var threads: Int { get }
    /// Seconds spent loading a model before the first image (nil when there is nothing to load).
    var loadSeconds: Double? { get }
    /// The settings to print in the report (parameter name → value).
    var settings: [String: String] { get }
    /// Completes `image` where `mask` is a hole. Throws for this image only; the run goes on.
    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput
    /// Completes the image of `entry` (the runner calls this one); methods that look their output up by
    /// name (`PrecomputedResults`) use `entry`, the others ignore it (the default calls `inpaint(_:mask:)`).
    func inpaint(_ image: Image, mask: Mask, entry: ImageEntry) throws -> InpaintOutput
    /// Whether the outputs were made by another tool, outside this run: then the run does not time them
    /// and the time columns say "external". Default false.
    var isExternal: Bool { get }
}

extension InpaintingMethod {
    public func inpaint(_ image: Image, mask: Mask, entry: ImageEntry) throws -> InpaintOutput {
        try inpaint(image, mask: mask)
    }

    public var isExternal: Bool { false }
}

/// Turns images into FID features (Inception-v3 pool3, 2048 values).
public protocol FeatureExtractor: AnyObject {
    /// The features of each image (RGB in [0, 1]), in order; one call per compared image (its ground
    /// truth and every method's result), so the network can batch them.
    func features(of images: [Image]) throws -> [[Float]]
}

/// Scores a completed image against the ground truth inside and outside `mask`.
public typealias Scorer = (_ output: Image, _ truth: Image, _ mask: Mask) -> ImageScores

/// The Fréchet distance between two sets of features (rows of `dimension` values).
public typealias FeatureDistance = (_ a: [Float], _ b: [Float], _ dimension: Int) throws -> Double
