import Crypto
import FAL
import Foundation
import PersonaKit
import Providers  // FAL's errors and charges as PersonaKit's
import Synchronization
import TestSupport
import Testing

/// The client's parsing and encoding, on FAL's documented shapes (no server).
struct FALProtocolTests {
    @Test func aValidationErrorListIsParsedWithItsTypes() {
        let body = Array(
            #"{"detail":[{"loc":["body","prompt"],"msg":"flagged","type":"content_policy_violation","categories":["x"]},{"loc":["body","image_urls",0],"msg":"bad","type":"file_download_error"}]}"#
                .utf8)
        let error = FALAPIError(
            status: 422, header: { ["x-fal-request-id": "r9", "x-fal-retryable": "false"][$0.lowercased()] }, body: body
        )
        #expect(error.fieldErrors.map(\.type) == ["content_policy_violation", "file_download_error"])
        #expect(error.fieldErrors[1].loc == ["body", "image_urls", "0"])
        #expect(error.isContentPolicyViolation && !error.isRetryable)
        #expect(error.requestId == "r9" && error.retryableHeader == false)
    }

    @Test func aFlatInfrastructureErrorAndAStringDetailAreParsed() {
        let flat = FALAPIError(
            status: 503, header: { _ in nil },
            body: Array(#"{"detail":"No runner","error_type":"runner_scheduling_failure"}"#.utf8))
        #expect(flat.errorType == "runner_scheduling_failure" && flat.message == "No runner" && flat.isRetryable)
        let headerOnly = FALAPIError(
            status: 504,
            header: { ["x-fal-error-type": "request_timeout", "x-fal-request-timeout-type": "user"][$0.lowercased()] },
            body: [])
        #expect(headerOnly.errorType == "request_timeout")
        #expect(!headerOnly.isRetryable, "a start timeout the caller asked for is final")
        let text = FALAPIError(status: 422, header: { _ in nil }, body: Array(#"{"detail":"prompt too short"}"#.utf8))
        #expect(text.fieldErrors == [FALFieldError(loc: ["body"], msg: "prompt too short", type: "value_error")])
        let marked = FALAPIError(
            status: 500, header: { ["x-fal-retryable": "true"][$0.lowercased()] }, body: Array("oops".utf8))
        // "Submitting the same request again might succeed": not a reason to send this call again.
        #expect(!marked.isRetryable && marked.retryableHeader == true && marked.summary == "oops")
    }

    @Test func inputsEncodeSnakeCaseWithoutNils() throws {
        let input = NanoBananaProEditInput(
            prompt: "p", imageURLs: ["u1", "u2"], numImages: 1, outputFormat: .jpeg, resolution: .fourK, seed: 3)
        let json = try JSONEncoder().encode(input)
        #expect(
            try TypedJSON.decode(ObjectKeys.self, from: json).keys == [
                "prompt", "image_urls", "num_images", "output_format", "resolution", "seed",
            ])
        #expect(try TypedJSON.decode(EncodedResolution.self, from: json).resolution == "4K")
        let gpt = GPTImage15EditInput(
            prompt: "p", imageURLs: ["u"], imageSize: "1024x1536", quality: "low", inputFidelity: "high",
            maskImageURL: "m")
        let gptJSON = try TypedJSON.decode(ObjectKeys.self, from: JSONEncoder().encode(gpt))
        #expect(gptJSON.keys == ["prompt", "image_urls", "image_size", "quality", "input_fidelity", "mask_image_url"])
    }

    @Test func outputsDecodeWithoutTheOptionalFields() throws {
        let nano = try JSONDecoder().decode(
            NanoBananaProOutput.self, from: Data(#"{"images":[{"url":"https://x/y.png"}]}"#.utf8))
        #expect(nano.images[0].url == "https://x/y.png" && nano.images[0].width == nil && nano.description == nil)
        let gpt = try JSONDecoder().decode(
            GPTImage15Output.self,
            from: Data(
                #"{"images":[{"url":"u","content_type":"image/png","width":1024,"height":1536,"file_name":"a.png"}]}"#
                    .utf8))
        #expect(gpt.images[0].height == 1536 && gpt.images[0].fileName == "a.png")
    }

    @Test func pricesFollowTheResolutionAndCanBeOverridden() throws {
        let prices = FALPriceTable.standard
        #expect(prices.charge(for: NanoBananaProEditInput(prompt: "p", imageURLs: [])).totalUSD == 0.15)
        #expect(
            prices.charge(for: NanoBananaProEditInput(prompt: "p", imageURLs: [], numImages: 2, resolution: .fourK))
                .totalUSD == 0.60)
        #expect(
            prices.charge(
                for: GPTImage15EditInput(prompt: "p", imageURLs: [], imageSize: "1024x1024", quality: "medium")
            ).unitPriceUSD == 0.034)
        let configuration = try FALConfiguration.fromEnvironment([
            "FAL_KEY_ID": "id", "FAL_KEY_SECRET": "secret",
            "FAL_PRICES": "fal-ai/nano-banana-pro/edit@1K=0.2",
            "FAL_QUEUE_URL": "http://127.0.0.1:9/", "FAL_JOB_TIMEOUT_SECONDS": "2.5",
        ])
        #expect(configuration.credentials == "id:secret")
        #expect(configuration.queueURL == "http://127.0.0.1:9")
        #expect(configuration.deadlines.job == .milliseconds(2500))
        #expect(
            configuration.prices.charge(for: NanoBananaProEditInput(prompt: "p", imageURLs: [])).providerCharge
                == ProviderCharge(model: FALModel.nanoBananaProEdit, resolution: "1K", unitPriceUSD: 0.2))
        #expect(throws: FALConfigurationError.self) { try FALConfiguration.fromEnvironment([:]) }
    }

    /// fal-js and the Python client refuse a start timeout of 1 s or less before sending.
    @Test func aStartTimeoutOfOneSecondOrLessIsRefusedBeforeSending() async throws {
        let configuration = FALConfiguration(
            credentials: "k", queueURL: "http://127.0.0.1:9",
            retry: FALRetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1)))
        let client = FALClient(configuration: configuration)
        for seconds in [0.5, 1.0] {
            let error = await #expect(throws: FALError.self) {
                try await client.submit(
                    FALModel.nanoBananaProEdit, input: NanoBananaProEditInput(prompt: "p", imageURLs: ["u"]),
                    options: FALSubmitOptions(startTimeoutSeconds: seconds))
            }
            #expect(error?.code == "fal_invalid_request", "refused, not sent: \(String(describing: error))")
            #expect(error?.isRetryable == false)
        }
    }

    @Test func statusAnswersAreReadFromTheBodyWhateverTheCode() throws {
        let request = FALQueueRequest(
            model: FALModel.nanoBananaProEdit, requestId: "abc", queueURL: "https://queue.fal.run")
        #expect(request.statusURL == "https://queue.fal.run/fal-ai/nano-banana-pro/requests/abc/status")
        #expect(request.cancelURL == "https://queue.fal.run/fal-ai/nano-banana-pro/requests/abc/cancel")
        #expect(FALModel.requestsBase(of: "workflows/me/flow/x") == "workflows/me/flow")
    }

    @Test func retryDelaysGrowWithJitterUpToTheCap() {
        let policy = FALRetryPolicy(maxAttempts: 5, baseDelay: .seconds(1), maxDelay: .seconds(3), jitter: 0.25)
        #expect(policy.delay(after: 1, random: 0) == .seconds(1))
        #expect(policy.delay(after: 2, random: 0) == .seconds(2))
        #expect(policy.delay(after: 3, random: 0) == .seconds(3))
        #expect(policy.delay(after: 2, random: 1) == .milliseconds(2500))
        #expect(policy.delay(after: 2, random: -1) == .milliseconds(1500))
    }
}

struct FALWebhookKeyCacheTests {
    @Test func anUnknownKeyMakesTheVerifierFetchTheKeySetAgain() async throws {
        let fals = Curve25519.Signing.PrivateKey()
        let stale = Curve25519.Signing.PrivateKey().publicKey
        let fetches = Mutex(0)
        let rotatedKey = fals.publicKey.rawRepresentation
        // The first fetch returns yesterday's key; FAL has since rotated to the one that signs.
        let verifier = FALWebhookVerifier(refetchInterval: 0) {
            let count = fetches.withLock {
                $0 += 1
                return $0
            }
            return count == 1
                ? FALJWKS(keys: [stale])
                : FALJWKS(keys: [try Curve25519.Signing.PublicKey(rawRepresentation: rotatedKey)])
        }
        let body = Array(#"{"request_id":"r2","status":"OK","payload":{}}"#.utf8)
        let stamp = String(Int(Date().timeIntervalSince1970))
        let signature = try FALWebhookSignature.sign(
            requestId: "r2", userId: "u", timestamp: stamp, body: body, with: fals)
        let headers = FALWebhookHeaders(requestId: "r2", userId: "u", timestamp: stamp, signature: signature)
        #expect(try await verifier.verify(headers, body: body).requestId == "r2")
        #expect(fetches.withLock { $0 } == 2)
        // Cached now: the next delivery needs no fetch.
        _ = try await verifier.verify(headers, body: body)
        #expect(fetches.withLock { $0 } == 2)
    }

    @Test func theJWKSIsReadFromItsJSONForm() throws {
        let key = Curve25519.Signing.PrivateKey().publicKey
        let json = FALJWKS.json(for: [key])
        let parsed = try FALJWKS(
            json: Array(#"{"keys":[{"kty":"RSA","n":"x","e":"AQAB"},"#.utf8) + json.dropFirst(#"{"keys":["#.count))
        #expect(parsed.rawKeys == [Array(key.rawRepresentation)], "the RSA key is skipped, the Ed25519 one kept")
    }

    /// A key with only `x` (base64url Ed25519), as third-party verifiers read FAL's keys.
    @Test func aKeyWithOnlyXIsKept() throws {
        let key = Curve25519.Signing.PrivateKey().publicKey
        let x = Data(key.rawRepresentation).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let parsed = try FALJWKS(
            json: Array(#"{"keys":[{"x":"\#(x)"},{"kty":"OKP","crv":"X25519","x":"\#(x)"}]}"#.utf8))
        #expect(parsed.rawKeys == [Array(key.rawRepresentation)], "the bare key kept, the X25519 one skipped")
    }

    /// FAL's current clients use rest.fal.ai; verifiers citing FAL's docs fetch its JWKS there.
    @Test func theDefaultKeysAreOnTheRestHost() {
        let configuration = FALConfiguration(credentials: "k")
        #expect(configuration.jwksURL == "https://rest.fal.ai/.well-known/jwks.json")
        let fake = FALConfiguration(credentials: "k", restURL: "http://127.0.0.1:9/rest")
        #expect(fake.jwksURL == "http://127.0.0.1:9/rest/.well-known/jwks.json")
    }

    @Test func logsAreReadInEitherShape() throws {
        let flat = try JSONDecoder().decode(
            FALLogEntry.self, from: Data(#"{"message":"a","level":"INFO","source":"USER","timestamp":"t"}"#.utf8))
        let nested = try JSONDecoder().decode(
            FALLogEntry.self, from: Data(#"{"message":"b","labels":{"level":"ERROR"}}"#.utf8))
        #expect(flat.level == "INFO" && nested.level == "ERROR" && nested.timestamp == nil)
    }
}
