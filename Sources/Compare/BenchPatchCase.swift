import Foundation
import ImageCore
import PatchInpaint

/// One benchmark case of `compare bench patch` and the reference C++'s figures for it (docs/patch-method.md §12:
/// 2-core AMD EPYC, g++ -O2, one thread).
struct BenchCase {
    let size: Int
    let hole: Int
    let title: String
    let referenceWall: Double
    let referencePeakMB: Double
    let referencePSNR: Double

    static let all: [Int: BenchCase] = [
        160: BenchCase(
            size: 160, hole: 72, title: "astronaut 160², 72² hole", referenceWall: 5.2,
            referencePeakMB: 360, referencePSNR: 12.8),
        512: BenchCase(
            size: 512, hole: 229, title: "astronaut 512², 229² hole", referenceWall: 37.6,
            referencePeakMB: 2740, referencePSNR: 8.7)
    ]

    /// What a child process reports.
    struct Result {
        var wall: Double
        var cpu: Double
        var peakMB: Double
        var psnr: Double
        var levels: Int
        var iterations: [Int]

        var line: String {
            "RESULT \(wall) \(cpu) \(peakMB) \(psnr) \(levels) " + iterations.map(String.init).joined(separator: ",")
        }

        init(wall: Double, cpu: Double, peakMB: Double, psnr: Double, levels: Int, iterations: [Int]) {
            (self.wall, self.cpu, self.peakMB, self.psnr, self.levels, self.iterations) = (wall, cpu, peakMB, psnr, levels, iterations)
        }

        init?(line text: String) {
            guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") }) else { return nil }
            let f = line.split(separator: " ")
            guard f.count == 7, let w = Double(f[1]), let c = Double(f[2]), let m = Double(f[3]), let p = Double(f[4]),
                let l = Int(f[5])
            else { return nil }
            self.init(wall: w, cpu: c, peakMB: m, psnr: p, levels: l, iterations: f[6].split(separator: ",").compactMap { Int($0) })
        }
    }

    /// The 8-bit input (astronaut resized to size², as a PNG would hold it) and the centred square hole.
    func input(imagePath: String) throws -> (Image, Mask) {
        var image = try ImageFile.read(URL(fileURLWithPath: imagePath)).image
        if image.width != size || image.height != size { image = image.resized(width: size, height: size) }
        var mask = Mask(width: size, height: size)
        mask.fillRectangle(x0: (size - hole) / 2, y0: (size - hole) / 2, width: hole, height: hole)
        return (image.quantised8(), mask)
    }

    /// Runs the case `repeats` times in this process; the fastest run is reported, with the process's peak memory.
    func run(imagePath: String, parameters: Parameters, repeats: Int, outputFolder: String?) throws -> Result {
        let (image, mask) = try input(imagePath: imagePath)
        let inpainter = PatchInpainter(parameters: parameters)
        var best: Result?
        for _ in 0..<repeats {
            let cpu0 = Stopwatch.cpuNow(), wall0 = Date()
            let result = try inpainter.inpaint(image, mask: mask)
            let wall = Date().timeIntervalSince(wall0), cpu = Stopwatch.cpuNow() - cpu0
            if best == nil || wall < best!.wall {
                best = Result(
                    wall: wall, cpu: cpu, peakMB: 0, psnr: holePSNR(result.image.quantised8(), image, mask),
                    levels: result.report.levels.count,
                    iterations: result.report.levels.reversed().map(\.iterations))
            }
            if let outputFolder {
                try ImageFile.writePNG(result.image, to: URL(fileURLWithPath: outputFolder).appendingPathComponent("patch-\(size).png"))
            }
        }
        best!.peakMB = peakResidentMB()
        return best!
    }
}

/// PSNR over the hole pixels (all channels), values in [0, 1].
func holePSNR(_ a: Image, _ b: Image, _ mask: Mask) -> Double {
    var sum = 0.0, count = 0
    for c in 0..<a.channels {
        for i in 0..<a.planeSize where mask.isHole[i] {
            let d = Double(a.pixels[c * a.planeSize + i] - b.pixels[c * b.planeSize + i])
            sum += d * d
            count += 1
        }
    }
    return sum == 0 ? .infinity : 10 * log10(Double(count) / sum)
}

/// The process's peak resident memory (VmHWM of /proc/self/status) in MB; 0 where unavailable.
func peakResidentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb / 1024
}
