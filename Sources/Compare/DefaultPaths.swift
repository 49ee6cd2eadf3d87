import ComparisonKit
import Foundation
import ImageCore

/// Where the suite's shipped files are: samples/ and models/, next to the working directory or to the
/// executable (.build/release/compare → the package root).
enum DefaultPaths {
    /// Package-root candidates: the working directory, then the executable's ../../ (and ../../../).
    static func roots() -> [URL] {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var roots = [cwd]
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            roots.append(dir)
        }
        return roots
    }

    /// samples/ of the package.
    static func samplesFolder() throws -> URL {
        for root in roots() {
            let url = root.appendingPathComponent("samples")
            if (try? DataSource.imageFiles(in: url)) != nil { return url }
        }
        throw ComparisonError.folderMissing("samples/ (run from the package root, or pass --data DIR)")
    }

    /// The first existing file among `relativePaths` under the package roots.
    static func shippedFile(_ relativePaths: [String]) -> URL? {
        for root in roots() {
            for path in relativePaths {
                let url = root.appendingPathComponent(path)
                if FileManager.default.fileExists(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// "host, N cores".
    static func machineDescription() -> String {
        "\(ProcessInfo.processInfo.hostName), \(defaultThreadCount) cores"
    }
}
