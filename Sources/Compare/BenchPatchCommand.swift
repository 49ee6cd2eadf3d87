import ArgumentParser
import Foundation
import ImageCore
import PatchInpaint

/// `compare bench patch`: wall time, CPU time, peak memory and hole PSNR of the patch-based method on the two
/// astronaut cases of issue 2, beside the reference C++'s published figures (docs/patch-method.md §12).
struct BenchPatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patch",
        abstract: "Time the patch-based method on astronaut.png (160² with a 72² hole, 512² with a 229² hole).",
        discussion: """
            Each case runs in a child process of this binary, so that its peak memory (VmHWM) is its own. The image \
            is ../shared/samples-source/astronaut.png, else samples/astronaut.png, else --image. Timings are only \
            meaningful on an otherwise idle machine.
            """)

    @Option(help: "The astronaut image (default: ../shared/samples-source/astronaut.png, else samples/astronaut.png).")
    var image: String?

    @Option(help: "Cases to run, comma-separated: 160, 512 (default: both).", transform: BenchPatchCommand.parseCases)
    var cases: [Int] = [160, 512]

    @Option(help: "Runs per case; the fastest is reported.")
    var repeats = 1

    @Option(help: "Write each case's result as patch-SIZE.png into this folder.")
    var outputFolder: String?

    @Option(help: ArgumentHelp("Run one case in this process (used by the parent).", visibility: .hidden))
    var child: Int?

    @OptionGroup var options: PatchParameterOptions

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1, got \(repeats)") }
        if let child, BenchCase.all[child] == nil { throw ValidationError("--child \(child): the cases are 160 and 512") }
    }

    /// `--cases`: sizes of known cases.
    @Sendable static func parseCases(_ text: String) throws -> [Int] {
        let sizes = try ArgumentValue.integers(text, example: "160,512")
        for size in sizes where BenchCase.all[size] == nil {
            throw ValidationError("unknown case \(size): the cases are 160 and 512")
        }
        return sizes
    }

    func run() throws {
        let path = try imagePath()
        if let child {
            let result = try BenchCase.all[child]!.run(
                imagePath: path, parameters: options.parameters,
                repeats: repeats, outputFolder: outputFolder)
            print(result.line)
            return
        }
        print("patch-based inpainting (Newson et al. 2017), \(options.parameters.threads) threads, image \(path)")
        print(
            "case                          levels  wall s   CPU s  peak MB  hole PSNR | reference: wall s  peak MB  PSNR | speed-up  memory ratio"
        )
        for size in cases {
            let benchCase = BenchCase.all[size]!
            let result = try runChild(size)
            print(
                String(
                    format: "%-29@ %6d %7.3f %7.3f %8.1f %8.2f dB | %16.1f %8.0f %5.1f | %7.1fx %8.1fx",
                    benchCase.title as NSString, result.levels, result.wall, result.cpu, result.peakMB, result.psnr,
                    benchCase.referenceWall, benchCase.referencePeakMB, benchCase.referencePSNR,
                    benchCase.referenceWall / result.wall, benchCase.referencePeakMB / result.peakMB))
            print("    iterations per level (finest first): \(result.iterations)")
        }
    }

    /// The image to use: --image, ../shared/samples-source/astronaut.png, samples/astronaut.png.
    func imagePath() throws -> String {
        if let image { return image }
        for candidate in ["../shared/samples-source/astronaut.png", "samples/astronaut.png"]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        throw ValidationError(
            "no astronaut image: ../shared/samples-source/astronaut.png and samples/astronaut.png are absent; pass --image PATH")
    }

    /// Runs one case in a child process (same arguments plus --child SIZE) and parses its result line.
    func runChild(_ size: Int) throws -> BenchCase.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = Array(CommandLine.arguments.dropFirst()) + ["--child", "\(size)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let result = BenchCase.Result(line: text) else {
            throw ValidationError("the \(size) case failed (exit \(process.terminationStatus)): \(text)")
        }
        return result
    }
}
