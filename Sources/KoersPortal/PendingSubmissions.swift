import PortalStore

/// The submissions of each party that do not count yet (concept, sent, returned), for the notice
/// on its own self-check page. Read from the store at most once a second per party: the page is
/// the portal's busiest (a database read on every view cost a quarter of its throughput), and the
/// report under it is itself looked at once a second. A change made through this portal forgets
/// them at once; one made by another instance shows within the second.
actor PendingSubmissions {
    let store: PortalStore
    private var cached: [String: (at: ContinuousClock.Instant, submissions: [Submission])] = [:]

    init(store: PortalStore) { self.store = store }

    func of(_ party: String) async throws -> [Submission] {
        let now = ContinuousClock.now
        if let entry = cached[party], now - entry.at < .seconds(1) { return entry.submissions }
        let submissions = try await store.submissions(party: party, states: [.concept, .ingediend, .teruggestuurd])
        cached[party] = (now, submissions)
        return submissions
    }

    /// After any change of a submission.
    func forget() { cached = [:] }
}
