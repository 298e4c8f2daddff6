import Foundation
import Imaging

/// The normal build's command line:
///   InflioFuzz replay image|multipart FILE...   runs each file through the target (a crash reproduces)
///   InflioFuzz seeds image|multipart DIR         writes the starting corpus
enum FuzzCommand {
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.count >= 3, let target = FuzzTarget(rawValue: arguments[1]) else { return usage() }
        switch arguments[0] {
        case "replay":
            for path in arguments.dropFirst(2) {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("cannot read \(path)")
                    return 1
                }
                target.run([UInt8](data))
                print("ok \(path)")
            }
            return 0
        case "seeds":
            do {
                try FuzzSeeds.write(target, into: arguments[2])
                return 0
            } catch {
                print("cannot write seeds: \(error)")
                return 1
            }
        default: return usage()
        }
    }

    private static func usage() -> Int32 {
        print("usage: InflioFuzz replay|seeds image|multipart FILE...|DIR")
        return 2
    }
}
