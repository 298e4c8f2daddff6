import Foundation
import Vapor

/// Webhook delivery: `{request_id, gateway_request_id, status, payload, error}` POSTed to the
/// `fal_webhook` URL, signed with the fake's Ed25519 key (public half at the JWKS endpoint).
/// `error` is `null` on success, as real deliveries carry it. The signed header id is the
/// body's `request_id`, unless `webhook_gateway_id` makes it another id (after FAL's own
/// retries the gateway id differs; which of the two the header carries is unconfirmed).
extension FakeFALServer {
    func deliverWebhook(to url: String, job: FakeFALJob, outcome: FakeFALJob.Outcome) async {
        let gatewayId = job.has(.webhookGatewayId) ? UUID().uuidString.lowercased() : job.id
        var object: [String: Any] = ["request_id": job.id, "gateway_request_id": gatewayId]
        switch outcome {
        case .output(let body):
            object["status"] = "OK"
            object["error"] = NSNull()
            object["payload"] = (try? JSONSerialization.jsonObject(with: Data(body))) ?? NSNull()
        case .error(let status, let body, _, _):
            object["status"] = "ERROR"
            object["error"] = "Invalid status code: \(status)"
            object["payload"] = (try? JSONSerialization.jsonObject(with: Data(body))) ?? NSNull()
        }
        guard
            let body = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        let deliveries = job.has(.webhookTwice) ? 2 : 1
        for _ in 0..<deliveries { await deliver(Array(body), to: url, requestId: gatewayId) }
    }

    /// Retries a failed delivery a few times with growing pauses (FAL: 10 times over 2 hours).
    private func deliver(_ body: [UInt8], to url: String, requestId: String) async {
        for attempt in 0..<max(1, options.webhookAttempts) {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(200 << attempt)) }
            if await state.stopping { return }
            do {
                var headers = HTTPHeaders(try webhookHeaders(requestId: requestId, body: body))
                headers.replaceOrAdd(name: .contentType, value: "application/json")
                let response = try await app.client.post(URI(string: url), headers: headers) { outgoing in
                    outgoing.body = ByteBuffer(bytes: body)
                }
                if (200..<300).contains(response.status.code) {
                    await state.recordWebhook(delivered: true)
                    return
                }
            } catch {
                app.logger.warning("Webhook to \(url) failed: \(error)")
            }
        }
        await state.recordWebhook(delivered: false)
    }
}
