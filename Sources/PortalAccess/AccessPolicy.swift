import PortalStore
import ReportModel
import TargetJudgement

/// Who may see which page of the report in the portal: decided here, in one place, from the
/// report itself, for every request the portal serves.
///
/// - The programme team and the stuurgroep see every page.
/// - A board sees its own page and calendar, the self-checks and calendars of its schools and
///   institutions, and the pages of the routes one of them is a partner in.
/// - A school or institution sees its own self-check and calendar, and the pages of the routes it
///   is a partner in.
///
/// Anything else is "not found" to the portal (404, not 403), so that a school that types another
/// school's address does not even learn that the page exists.
public struct AccessPolicy: Sendable {
    /// The pages of each board, school and institution, by role and party id.
    private let pagesByParty: [Key: Set<String>]
    /// Every page of the report, which the programme team and the stuurgroep see.
    public let allPages: Set<String>

    struct Key: Hashable {
        var role: PortalRole
        var party: String
    }

    /// The pages are the report's own file paths (`index.html`, `schools/school-mundus.html`,
    /// `routes/<id>.html`, `boards/<id>.html`, `calendars/<name>.ics`), as its renderers write them,
    /// and each self-check's downloads (`schools/school-mundus.csv` and `.json`).
    public init(report: Report) {
        var pages: [Key: Set<String>] = [:]
        var all: Set<String> = ["index.html"]
        let routesByPartner = Dictionary(grouping: report.routes.flatMap { route in
            route.partners.map { (partner: $0.contributor, page: "routes/\(route.line.pageName).html") }
        }, by: \.partner).mapValues { Set($0.map(\.page)) }
        func ownPages(of contributor: Contributor) -> Set<String> {
            let name = SelfCheck.pageName(for: contributor)
            return Set(["schools/\(name).html", "schools/\(name).csv", "schools/\(name).json", "calendars/\(name).ics"])
                .union(routesByPartner[contributor] ?? [])
        }
        for check in report.selfChecks {
            let role: PortalRole = if case .institution = check.contributor { .institution } else { .school }
            pages[Key(role: role, party: check.contributor.id)] = ownPages(of: check.contributor)
            all.formUnion(["schools/\(check.pageName).html", "schools/\(check.pageName).csv", "schools/\(check.pageName).json",
                           "calendars/\(check.calendarName).ics"])
        }
        for board in report.boards {
            var own: Set<String> = ["boards/\(board.pageName).html", "calendars/bestuur-\(board.pageName).ics"]
            for member in board.members { own.formUnion(ownPages(of: member.contributor)) }
            pages[Key(role: .board, party: board.id), default: []].formUnion(own)
            all.formUnion(["boards/\(board.pageName).html", "calendars/bestuur-\(board.pageName).ics"])
        }
        for route in report.routes { all.insert("routes/\(route.line.pageName).html") }
        // A board's member that is not a party has no page: what is not in the report is nobody's.
        pagesByParty = pages.mapValues { $0.intersection(all) }
        allPages = all
    }

    /// Whether a user with `role` (and, for a board, school or institution, `party`) may see
    /// `page`, a path of the report as ``init(report:)`` describes.
    public func allows(role: PortalRole, party: String?, page: String) -> Bool {
        switch role {
        case .programme, .stuurgroep:
            return allPages.contains(page)
        case .board, .school, .institution:
            guard let party else { return false }
            return pagesByParty[Key(role: role, party: party)]?.contains(page) ?? false
        }
    }

    /// The pages a user may see, for a start page that lists them.
    public func pages(role: PortalRole, party: String?) -> Set<String> {
        switch role {
        case .programme, .stuurgroep: allPages
        case .board, .school, .institution: party.flatMap { pagesByParty[Key(role: role, party: $0)] } ?? []
        }
    }

    /// The page a user lands on after logging in: the report for the programme team and the
    /// stuurgroep, the party's own page for the others; nil for a party the report does not know.
    public func home(role: PortalRole, party: String?) -> String? {
        switch role {
        case .programme, .stuurgroep: return "index.html"
        case .board: return party.map { "boards/\($0).html" }.flatMap { allows(role: role, party: party, page: $0) ? $0 : nil }
        case .school: return party.map { "schools/school-\($0).html" }.flatMap { allows(role: role, party: party, page: $0) ? $0 : nil }
        case .institution:
            return party.map { "schools/instelling-\($0).html" }.flatMap { allows(role: role, party: party, page: $0) ? $0 : nil }
        }
    }
}
