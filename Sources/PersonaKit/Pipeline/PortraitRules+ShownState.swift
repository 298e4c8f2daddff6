extension PortraitRules {
    /// The portrait's state as the persona detail shows it, from its scenario's latest job: the
    /// job's word, but `generating` while submitted and `retrying` while an automatic retry waits.
    /// A regeneration the person asked for is a later attempt too, but with its own retry still
    /// left (`automaticRetries`): it waits as `queued`, since no likeness check has failed.
    public static func shownState(of latest: PortraitJobSnapshot?) -> String {
        switch latest?.state {
        case .none: "queued"
        case .queued:
            (latest?.attempt ?? 1) > 1 && (latest?.retriesLeft ?? 0) < automaticRetries ? "retrying" : "queued"
        case .submitted: "generating"
        case .retried: "retrying"
        case .some(let state): state.rawValue
        }
    }
}
