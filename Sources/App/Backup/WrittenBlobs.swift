/// The blobs a restore or a move has written so far: what a failure removes again. Blobs that
/// were already there with the same bytes are not listed, so a failure never removes them.
actor WrittenBlobs {
    private(set) var keys: [String] = []

    func add(_ key: String) { keys.append(key) }

    /// Best effort: a delete that fails leaves an orphan blob, which no row names.
    func removeAll(from location: BlobLocation) async {
        for key in keys.reversed() { try? await location.delete(key) }
        keys = []
    }
}
