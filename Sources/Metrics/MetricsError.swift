// Errors of the Metrics module (FID weights and feature files); pixel metrics have none (shape mismatches
// are programmer errors and trap with a precondition).
import Foundation

/// What went wrong computing a metric, with what the user can do about it.
public enum MetricsError: Error, CustomStringConvertible, LocalizedError {
    /// No FID weights file at any of the searched places.
    case fidWeightsNotFound(searched: [String])
    /// The weights file was found but is not the FID Inception archive this code expects.
    case fidWeightsInvalid(path: String, reason: String)
    /// Too few feature vectors for a Fréchet distance (at least 2 per set).
    case notEnoughFeatures(setA: Int, setB: Int)
    /// Feature vectors of different lengths.
    case featureDimensionMismatch(expected: Int, found: Int)
    /// A feature vector or the distance is NaN or ±Inf (a corrupt network or feature file).
    case nonFiniteFeatures(reason: String)

    public var description: String {
        switch self {
        case let .fidWeightsNotFound(searched):
            return "FID weights (inception-2015-12-05-fid.pt) not found; looked in: " + searched.joined(separator: ", ")
                + ". Run scripts/fetch-fid-weights.sh (or scripts/setup.sh), or pass --fid-weights FILE, or set INPAINT_FID_WEIGHTS"
        case let .fidWeightsInvalid(path, reason):
            return "\(path) is not the FID Inception-v3 TorchScript archive: \(reason). Fetch it again with scripts/fetch-fid-weights.sh"
        case let .notEnoughFeatures(a, b):
            return "FID and KID need at least 2 images in each set, got \(a) and \(b)"
        case let .featureDimensionMismatch(expected, found):
            return "feature vectors differ in length: \(expected) and \(found); were they made by the same network?"
        case let .nonFiniteFeatures(reason):
            return
                "FID cannot be computed: \(reason). Check the FID weights file (fetch it again with scripts/fetch-fid-weights.sh) and any feature files"
        }
    }

    public var errorDescription: String? { description }
}
