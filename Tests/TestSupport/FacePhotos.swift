import Foundation

/// The shared real face photos (`../shared/testdata/faces`, beside the project), for every test
/// target. Tests that read them are skipped, with `skipReason`, only where the folder is absent.
public enum FacePhotos {
    public static let directory: String = {
        // Tests/TestSupport/FacePhotos.swift → project root → ../shared/testdata/faces
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/testdata/faces").path
    }()

    public static var available: Bool { FileManager.default.fileExists(atPath: path("obama-1.jpg")) }
    public static let skipReason = "../shared/testdata/faces is absent on this machine"

    public static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    public static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}
