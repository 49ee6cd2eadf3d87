import ArgumentParser
import ComparisonKit
import Foundation
import ImageCore
import Metrics

/// How KID is estimated and whether the reports group the holes by face region.
struct ReportOptions: ParsableArguments {
    @OptionGroup var kid: KIDOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            Group the holes by face region (face-core box of the aligned CelebA layout against the periphery): \
            face, none, or auto (face when --partition is given or the first image is 178×218, aligned CelebA's size).
            """, valueName: "auto|face|none"))
    var regions: RegionGrouping = .auto

    var kidParameters: KernelInceptionDistance.Parameters {
        kid.parameters
    }

    /// Whether the run's images are aligned faces: `--regions`, or for auto a partition file or a first image
    /// of aligned CelebA's 178×218.
    func faceRegions(partition: String?, firstImage: URL?) -> Bool {
        switch regions {
        case .face: return true
        case .none: return false
        case .auto:
            if partition != nil { return true }
            guard let firstImage, let image = try? ImageFile.read(firstImage).image else { return false }
            return image.width == 178 && image.height == 218
        }
    }
}
