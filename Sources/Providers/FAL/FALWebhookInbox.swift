/// Wakes the portrait waiting on a FAL request when its webhook arrives, so it fetches the result
/// at once instead of at its next poll. Only a nudge: the result itself is always read from the
/// queue, so a lost, late or repeated webhook changes nothing but timing (polling is the fallback).
public actor FALWebhookInbox {
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// Webhooks that arrived before anyone waited (a fast job, or a wait between two polls).
    private var arrived: Set<String> = []

    public init() {}

    public func deliver(requestId: String) {
        if let list = waiters.removeValue(forKey: requestId) {
            for waiter in list { waiter.resume() }
        } else {
            arrived.insert(requestId)
            if arrived.count > 10_000 { arrived.removeAll() }  // bounded; a missed nudge only costs a poll
        }
    }

    /// Returns when the request's webhook arrives or after `timeout`, whichever is first.
    public func wait(for requestId: String, timeout: Duration) async {
        if arrived.remove(requestId) != nil { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.deliver(requestId: requestId)
        }
        await withCheckedContinuation { waiters[requestId, default: []].append($0) }
        arrived.remove(requestId)
        timer.cancel()
    }
}
