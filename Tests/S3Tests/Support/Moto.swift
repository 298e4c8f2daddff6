import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Testing

@testable import S3

/// The local S3 server the integration tests talk to: moto, started by `scripts/s3-server.sh`,
/// whose URL is in `INFLIO_TEST_S3_ENDPOINT` (unset: those tests are skipped).
///
/// moto checks SigV4 signatures once IAM authentication is on: every request must be signed with
/// an access key of an IAM user it knows. So a test run makes its own user and key (with
/// authentication off), then turns authentication on for everything after; a wrong secret is then
/// refused as S3 refuses it. moto cannot check a presigned URL while authentication is on (it
/// fails with a 500 looking for an `Authorization` header), so the presigned test turns it off
/// around its one GET; that is why these suites run one test at a time.
enum Moto {
    static let endpointURL: String? = {
        guard let raw = ProcessInfo.processInfo.environment["INFLIO_TEST_S3_ENDPOINT"], !raw.isEmpty else { return nil }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    static var endpoint: S3Endpoint { try! S3Endpoint(url: endpointURL!) }

    /// This run's IAM user's key, made once.
    static let account = Task<S3Credentials, any Error> { try await makeAccount() }

    /// Fast retries, so the fault tests take milliseconds rather than seconds.
    static let quickRetry = S3RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))

    /// A client for a new, empty bucket of its own.
    static func client(
        prefix: String = "", style: S3AddressingStyle = .path, through endpoint: S3Endpoint? = nil,
        credentials: S3Credentials? = nil, retry: S3RetryPolicy = quickRetry,
        multipart: S3MultipartSettings = .standard, deleteBatchSize: Int = 1000, timeout: Duration = .seconds(20)
    ) async throws -> S3Client {
        let bucket = "inflio-test-\(UUID().uuidString.lowercased().prefix(13))"
        let owner = S3Client(
            configuration: try configuration(bucket: bucket, prefix: "", credentials: try await account.value))
        try await owner.createBucket()
        return try await sameBucket(
            as: owner, prefix: prefix, style: style, through: endpoint, credentials: credentials, retry: retry,
            multipart: multipart, deleteBatchSize: deleteBatchSize, timeout: timeout)
    }

    /// Another client for `client`'s bucket: another prefix, style, route or key.
    static func sameBucket(
        as client: S3Client, prefix: String = "", style: S3AddressingStyle = .path, through endpoint: S3Endpoint? = nil,
        credentials: S3Credentials? = nil, retry: S3RetryPolicy = quickRetry,
        multipart: S3MultipartSettings = .standard, deleteBatchSize: Int = 1000, timeout: Duration = .seconds(20)
    ) async throws -> S3Client {
        let signing: S3Credentials
        if let credentials { signing = credentials } else { signing = try await account.value }
        var configuration = try configuration(
            bucket: client.configuration.location.bucket, prefix: prefix, credentials: signing)
        configuration.endpoint = endpoint ?? Self.endpoint
        configuration.addressingStyle = style
        if style == .virtual {
            // `bucket.localhost:port` in the Host header, 127.0.0.1 on the wire: moto routes by
            // the Host header as S3 does.
            configuration.endpoint.host = "localhost"
            configuration.connectAddress = "127.0.0.1"
        }
        configuration.retry = retry
        configuration.multipart = multipart
        configuration.deleteBatchSize = deleteBatchSize
        configuration.attemptTimeout = timeout
        configuration.transferTimeout = timeout
        return S3Client(configuration: configuration, logger: Logger(label: "s3-tests"))
    }

    static func configuration(bucket: String, prefix: String, credentials: S3Credentials) throws -> S3Configuration {
        S3Configuration(
            location: try S3Location(bucket: bucket, keyPrefix: prefix), credentials: credentials, endpoint: endpoint,
            addressingStyle: .path, retry: quickRetry)
    }

    /// moto's switch for checking signatures (`/moto-api/reset-auth`; `inf` free requests means off).
    static func setAuthentication(_ on: Bool) async throws {
        var request = HTTPClientRequest(url: "\(endpointURL!)/moto-api/reset-auth")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: on ? "0" : "inf"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        guard response.status == .ok else { throw MotoError.refused("reset-auth: \(response.status)") }
    }

    /// An IAM user allowed `s3:*`, and its access key. Made while authentication is off (the
    /// first request of a run may find it on, from an earlier run), then authentication goes on.
    static func makeAccount() async throws -> S3Credentials {
        try await setAuthentication(false)
        let user = "inflio-s3-test-\(UUID().uuidString.lowercased().prefix(8))"
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
        _ = try await iam(["Action": "CreateUser", "UserName": user])
        _ = try await iam(["Action": "PutUserPolicy", "UserName": user, "PolicyName": "s3", "PolicyDocument": policy])
        let created = try await iam(["Action": "CreateAccessKey", "UserName": user])
        guard let key = created.child("CreateAccessKeyResult")?.child("AccessKey"),
            let id = key.value("AccessKeyId"), let secret = key.value("SecretAccessKey")
        else { throw MotoError.refused("CreateAccessKey answered without a key") }
        try await setAuthentication(true)
        return S3Credentials(accessKeyID: id, secretAccessKey: secret)
    }

    /// One IAM query call, signed by our own signer (moto does not check it yet).
    static func iam(_ parameters: [String: String]) async throws -> S3XMLElement {
        let form = (parameters.merging(["Version": "2010-05-08"]) { $1 })
            .map { "\(SigV4Encoding.encode($0.key))=\(SigV4Encoding.encode($0.value))" }.joined(separator: "&")
        let body = Array(form.utf8)
        let host = endpoint.authority(host: endpoint.host)
        var signing = SigV4Request(
            method: "POST", path: "/",
            headers: [("host", host), ("content-type", "application/x-www-form-urlencoded; charset=utf-8")],
            payloadHash: SigV4Signer.hexSHA256(body))
        SigV4Signer(
            credentials: S3Credentials(accessKeyID: "AKIDBOOTSTRAP", secretAccessKey: "bootstrap"), region: "us-east-1",
            service: "iam"
        ).sign(&signing, at: Date())
        var request = HTTPClientRequest(url: "\(endpointURL!)/")
        request.method = .POST
        for (name, value) in signing.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let answer = Array(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        guard response.status == .ok, let root = S3XMLElement.parse(answer) else {
            throw MotoError.refused(
                "IAM \(parameters["Action"] ?? ""): \(response.status) \(String(decoding: answer, as: UTF8.self))")
        }
        return root
    }

    /// `count` bytes that differ everywhere, so a misplaced part cannot pass for the right one.
    static func bytes(_ count: Int, seed: UInt32 = 1) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
    }

    enum MotoError: Error, CustomStringConvertible {
        case refused(String)
        var description: String {
            switch self {
            case .refused(let what): "moto refused the set-up: \(what)"
            }
        }
    }
}

/// Every test against moto: skipped without `INFLIO_TEST_S3_ENDPOINT`, and one at a time (see
/// `Moto`).
@Suite(
    .serialized,
    .enabled(
        if: Moto.endpointURL != nil,
        "needs a local S3 server: INFLIO_TEST_S3_ENDPOINT=$(bash scripts/s3-server.sh) swift test"))
struct MotoTests {}
