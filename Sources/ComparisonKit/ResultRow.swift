// One row of results.csv: one image inpainted by one method, its scores and its timing.

/// Seconds spent in one named stage of a method (e.g. "level2.patchmatch").
public struct StageTime: Codable, Equatable, Sendable {
    public var name: String
    public var seconds: Double

    public init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}

/// The scores of one completed image against its ground truth (protocol "Metrics").
public struct ImageScores: Codable, Equatable, Sendable {
    /// Mean squared error over the whole image, all channels, values in [0, 1].
    public var mse: Double
    /// 10·log10(1/MSE) in dB (+∞ for identical images).
    public var psnr: Double
    /// SSIM (Gaussian 11×11, σ 1.5), mean over channels.
    public var ssim: Double
    /// MSE over hole pixels only.
    public var holeMSE: Double
    /// PSNR over hole pixels only.
    public var holePSNR: Double
    /// Mean absolute error over hole pixels only.
    public var holeL1: Double

    public init(mse: Double, psnr: Double, ssim: Double, holeMSE: Double, holePSNR: Double, holeL1: Double) {
        self.mse = mse
        self.psnr = psnr
        self.ssim = ssim
        self.holeMSE = holeMSE
        self.holePSNR = holePSNR
        self.holeL1 = holeL1
    }
}

/// One image × one method.
public struct ResultRow: Equatable, Sendable {
    /// Image file name.
    public var image: String
    /// Method label (e.g. "patch", "iizuka:global").
    public var method: String
    /// Fraction of the image that is hole.
    public var holeFraction: Double
    /// Share of the hole inside the face-core box of the aligned-face layout (`FaceCoreBox`); nil when unknown.
    public var coreFraction: Double?
    /// Scores; nil when the method failed on this image.
    public var scores: ImageScores?
    /// Wall seconds of the inpainting alone.
    public var wallSeconds: Double?
    /// CPU seconds (all threads) of the inpainting alone.
    public var cpuSeconds: Double?
    /// Threads the method was allowed.
    public var threads: Int
    /// Per-stage seconds reported by the method.
    public var stages: [StageTime]
    /// Why the method failed; nil on success.
    public var error: String?

    public init(
        image: String, method: String, holeFraction: Double, scores: ImageScores?, wallSeconds: Double?,
        cpuSeconds: Double?, threads: Int, stages: [StageTime] = [], error: String? = nil, coreFraction: Double? = nil
    ) {
        self.image = image
        self.method = method
        self.holeFraction = holeFraction
        self.coreFraction = coreFraction
        self.scores = scores
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.threads = threads
        self.stages = stages
        self.error = error
    }

    /// Whether the method produced an image.
    public var succeeded: Bool { error == nil && scores != nil }

    /// The face region of the hole, when its share in the face-core box is known.
    public var faceRegion: FaceRegion? { coreFraction.map(FaceRegion.init(coreFraction:)) }

    /// The hole-size bin (`HoleSizeBin`) of the hole.
    public var holeSizeBin: HoleSizeBin { HoleSizeBin(fraction: holeFraction) }
}
