// Where the tests find the development data beside the checkout (../shared: CelebA, PyTorch reference
// vectors, the FID archive): located from this source file, so a test gives the same answer from any
// working directory. Tests that need a file skip with a plain message when it is absent.

import Foundation

/// The `shared` folder next to the package root.
public enum SharedFixtures {
    /// `<package root>/../shared` (this file is `<package root>/Tests/SharedFixtures/SharedFixtures.swift`).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    /// `relative` under the shared folder (which may not exist).
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
