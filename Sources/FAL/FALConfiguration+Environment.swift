import Foundation

extension FALConfiguration {
    /// Reads the configuration from the environment:
    ///
    /// | variable | meaning | default |
    /// | --- | --- | --- |
    /// | `FAL_KEY`, or `FAL_KEY_ID` + `FAL_KEY_SECRET` | credentials | required |
    /// | `FAL_QUEUE_URL`, `FAL_RUN_URL`, `FAL_REST_URL` | hosts | fal's |
    /// | `FAL_JWKS_URL` | webhook keys | fal's (rest.fal.ai, then rest.alpha.fal.ai), or `FAL_REST_URL`/.well-known/jwks.json |
    /// | `FAL_ATTEMPT_TIMEOUT_SECONDS`, `FAL_JOB_TIMEOUT_SECONDS`, `FAL_STREAM_IDLE_SECONDS`, `FAL_POLL_INTERVAL_SECONDS`, `FAL_UPLOAD_TIMEOUT_SECONDS`, `FAL_NOT_FOUND_GRACE_SECONDS` | deadlines | 30, 600, 60, 1, 120, 60 |
    /// | `FAL_MAX_ATTEMPTS`, `FAL_RETRY_BASE_SECONDS`, `FAL_RETRY_MAX_SECONDS` | retries | 4, 1, 30 |
    /// | `FAL_PRICES` | price overrides, `model@tier=usd,…` (see `FALPriceTable`) | seed prices |
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> FALConfiguration
    {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func seconds(_ name: String, _ fallback: Duration) throws -> Duration {
            guard let raw = value(name) else { return fallback }
            guard let number = Double(raw), number > 0 else {
                throw FALConfigurationError.invalidValue(variable: name, value: raw)
            }
            return .milliseconds(Int64((number * 1000).rounded()))
        }

        let credentials: String
        if let key = value("FAL_KEY") {
            credentials = key
        } else if let id = value("FAL_KEY_ID"), let secret = value("FAL_KEY_SECRET") {
            credentials = "\(id):\(secret)"
        } else {
            throw FALConfigurationError.missingCredentials
        }

        let standard = FALDeadlines.standard
        let deadlines = FALDeadlines(
            attempt: try seconds("FAL_ATTEMPT_TIMEOUT_SECONDS", standard.attempt),
            job: try seconds("FAL_JOB_TIMEOUT_SECONDS", standard.job),
            streamIdle: try seconds("FAL_STREAM_IDLE_SECONDS", standard.streamIdle),
            pollInterval: try seconds("FAL_POLL_INTERVAL_SECONDS", standard.pollInterval),
            upload: try seconds("FAL_UPLOAD_TIMEOUT_SECONDS", standard.upload),
            notFoundGrace: try seconds("FAL_NOT_FOUND_GRACE_SECONDS", standard.notFoundGrace))

        var retry = FALRetryPolicy.standard
        if let raw = value("FAL_MAX_ATTEMPTS") {
            guard let attempts = Int(raw), attempts >= 1 else {
                throw FALConfigurationError.invalidValue(variable: "FAL_MAX_ATTEMPTS", value: raw)
            }
            retry.maxAttempts = attempts
        }
        retry.baseDelay = try seconds("FAL_RETRY_BASE_SECONDS", retry.baseDelay)
        retry.maxDelay = try seconds("FAL_RETRY_MAX_SECONDS", retry.maxDelay)

        var prices = FALPriceTable.standard
        if let raw = value("FAL_PRICES") {
            guard let overrides = FALPriceTable.parseOverrides(raw) else {
                throw FALConfigurationError.invalidValue(variable: "FAL_PRICES", value: raw)
            }
            prices.merge(overrides)
        }

        let restURL = value("FAL_REST_URL") ?? defaultRestURL
        return FALConfiguration(
            credentials: credentials,
            queueURL: value("FAL_QUEUE_URL") ?? defaultQueueURL,
            runURL: value("FAL_RUN_URL") ?? defaultRunURL,
            restURL: restURL,
            jwksURL: value("FAL_JWKS_URL"),
            deadlines: deadlines, retry: retry, prices: prices)
    }
}
