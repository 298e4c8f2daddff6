import Foundation
import S3

/// One case of AWS's SigV4 test suite (Vectors/README.md): the request (`.req`) and what signing it
/// must give: canonical request (`.creq`), string to sign (`.sts`), `Authorization` (`.authz`).
struct SigV4Vector {
    let name: String
    let request: SigV4Request
    let canonicalRequest: String?
    let stringToSign: String?
    let authorization: String

    static let credentials = S3Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 20150830T123600Z.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    static var folder: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Vectors", isDirectory: true)
    }

    static var suiteFolder: URL { folder.appendingPathComponent("aws-sig-v4-test-suite", isDirectory: true) }

    /// The cases present, by folder name.
    static func suiteNames() -> [String] {
        let names = try? FileManager.default.contentsOfDirectory(atPath: suiteFolder.path)
        return (names ?? []).filter { !$0.contains(".") && $0 != "NOTICE" }.sorted()
    }

    init(name: String) throws {
        self.name = name
        let base = Self.suiteFolder.appendingPathComponent(name).appendingPathComponent(name)
        func read(_ suffix: String) -> String? {
            try? String(contentsOf: base.appendingPathExtension(suffix), encoding: .utf8)
        }
        guard let raw = read("req"), let authorization = read("authz") else { throw VectorError.missing(name) }
        request = try Self.parse(raw)
        canonicalRequest = read("creq")
        stringToSign = read("sts")
        self.authorization = authorization
    }

    /// `METHOD URI HTTP/1.1`, `Name:value` lines, a blank line, the body. The URI may hold spaces
    /// (`/example space/`); the query is split at `&` and `=` as it stands, not decoded.
    static func parse(_ raw: String) throws -> SigV4Request {
        var lines = raw.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let requestLine = lines.popFirst(), let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.lastIndex(of: " ")
        else { throw VectorError.unreadable(raw) }
        let method = String(requestLine[..<firstSpace])
        let uri = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        let path = String(uri.prefix { $0 != "?" })
        let queryText = uri.dropFirst(path.count + 1)
        let query: [(name: String, value: String)] = queryText.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
        }
        var headers: [(name: String, value: String)] = []
        while let line = lines.popFirst(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw VectorError.unreadable(raw) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        let body = lines.joined(separator: "\n")
        return SigV4Request(
            method: method, path: path, query: query, headers: headers,
            payloadHash: SigV4Signer.hexSHA256(Array(body.utf8)))
    }

    enum VectorError: Error {
        case missing(String)
        case unreadable(String)
    }
}
