/// An approval in the portal, as the rows it wrote name it in their `source` column:
/// `portaal: opgave 12, goedgekeurd door team@example.nl op 2026-11-20`. The portal writes this
/// text and the report reads it back, so that a report can say which approvals it includes from
/// the workspace's files alone.
public struct PortalApproval: Sendable, Equatable {
    /// The submission's number in the portal.
    public var submission: Int
    public var reviewer: String
    public var day: Day

    public init(submission: Int, reviewer: String, day: Day) {
        self.submission = submission
        self.reviewer = reviewer
        self.day = day
    }

    /// The `source` text of the rows the approval wrote.
    public var source: String { "portaal: opgave \(submission), goedgekeurd door \(reviewer) op \(day)" }

    /// Every approval a `source` text names (a meeting's row names one per party that confirmed
    /// its attendance).
    public static func all(in text: String) -> [PortalApproval] {
        var found: [PortalApproval] = []
        var rest = Substring(text)
        while let start = rest.range(of: "portaal: opgave ") {
            rest = rest[start.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            guard let number = Int(digits), rest.dropFirst(digits.count).hasPrefix(", goedgekeurd door ") else { continue }
            let afterReviewer = rest.dropFirst(digits.count + ", goedgekeurd door ".count)
            guard let on = afterReviewer.range(of: " op ") else { continue }
            let reviewer = String(afterReviewer[..<on.lowerBound])
            guard let day = Day(iso: String(afterReviewer[on.upperBound...].prefix(10))) else { continue }
            found.append(PortalApproval(submission: number, reviewer: reviewer, day: day))
            rest = afterReviewer[on.upperBound...]
        }
        return found
    }
}
