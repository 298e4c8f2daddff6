extension PortraitRules {
    /// The portrait's state as the persona detail shows it, from its scenario's latest job: the
    /// job's word, but `generating` while submitted and `retrying` while a retry waits or runs.
    public static func shownState(of latest: PortraitJobSnapshot?) -> String {
        switch latest?.state {
        case .none: "queued"
        case .queued: (latest?.attempt ?? 1) > 1 ? "retrying" : "queued"
        case .submitted: "generating"
        case .retried: "retrying"
        case .some(let state): state.rawValue
        }
    }
}
