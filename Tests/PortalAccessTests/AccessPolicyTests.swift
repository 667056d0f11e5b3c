import CovenantModel
import Foundation
import KoersPipeline
import PortalAccess
import PortalStore
import ReportModel
import ReportRenderers
import Testing
import WorkspaceLoader

/// The access matrix, exhaustively: every role × every party of the default workspace (and a
/// party that does not exist, and none) × every page the report renders, against what the
/// workspace's own data says each party may see — computed here from state/, not from the report.
@Suite("Portal access policy")
struct AccessPolicyTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Fixture {
        var workspace: Workspace
        var report: Report
        var files: [RenderedFile]
        var pages: Set<String>
    }

    static let fixture: Fixture = {
        let pipeline = ReportPipeline(workspace: repository, asOf: try! DateText.day(from: "2026-11-23"))
        let workspace = pipeline.load().workspace!
        let report = pipeline.make(from: workspace, history: false).report
        let templates = try! TemplateSet(overrides: nil)
        // What the portal serves: the HTML report and each self-check's downloads.
        let files = try! HTMLReporter(templates: templates).render(report) + SelfCheckDownloads().render(report)
        return Fixture(workspace: workspace, report: report, files: files,
                       pages: Set(files.map(\.path).filter { $0.hasSuffix(".html") || $0.hasSuffix(".ics") || $0.hasPrefix("schools/") }))
    }()

    /// What a party may see, from the data: its own page and calendar, its routes; a board's
    /// members' pages and routes too.
    static func expected(role: PortalRole, party: String?, in workspace: Workspace) -> (String) -> Bool {
        let parties = Set(workspace.schools.filter(\.isParty).map { "school-\($0.id)" } + workspace.institutions.filter(\.isParty).map { "instelling-\($0.id)" })
        func own(school: String?, institution: String?) -> Set<String> {
            var pages: Set<String> = []
            for name in [school.map { "school-\($0)" }, institution.map { "instelling-\($0)" }].compactMap({ $0 }) where parties.contains(name) {
                pages.formUnion(["schools/\(name).html", "schools/\(name).csv", "schools/\(name).json", "calendars/\(name).ics"])
            }
            for route in workspace.routes where (school.map(route.schools.contains) ?? false) || route.institution == institution {
                pages.insert("routes/\(route.id).html")
            }
            return pages
        }
        switch role {
        case .programme, .stuurgroep: return { _ in true }
        // A school or institution that is not a party of the covenant has no self-check, and no account.
        case .school:
            guard let party, parties.contains("school-\(party)") else { return { _ in false } }
            return { own(school: party, institution: nil).contains($0) }
        case .institution:
            guard let party, parties.contains("instelling-\(party)") else { return { _ in false } }
            return { own(school: nil, institution: party).contains($0) }
        case .board:
            guard let party, workspace.boards.contains(where: { $0.id == party }) else { return { _ in false } }
            var pages: Set<String> = ["boards/\(party).html", "calendars/bestuur-\(party).ics"]
            for school in workspace.schools where school.board == party { pages.formUnion(own(school: school.id, institution: nil)) }
            for institution in workspace.institutions where institution.board == party {
                pages.formUnion(own(school: nil, institution: institution.id))
            }
            return { pages.contains($0) }
        }
    }

    @Test func thePolicyKnowsEveryPageTheReportRenders() {
        let policy = AccessPolicy(report: Self.fixture.report)
        #expect(policy.allPages == Self.fixture.pages)
        #expect(Self.fixture.pages.count > 100)
    }

    @Test(arguments: PortalRole.allCases)
    func theAccessMatrix(role: PortalRole) {
        let fixture = Self.fixture
        let policy = AccessPolicy(report: fixture.report)
        let parties: [String?] = fixture.workspace.boards.map(\.id) + fixture.workspace.schools.map(\.id)
            + fixture.workspace.institutions.map(\.id) + ["bestaat-niet", nil]
        var checked = 0
        for party in parties {
            let may = Self.expected(role: role, party: party, in: fixture.workspace)
            for page in fixture.pages.sorted() {
                let allowed = policy.allows(role: role, party: party, page: page)
                #expect(allowed == may(page), "\(role.rawValue) \(party ?? "–") → \(page): policy says \(allowed)")
                checked += 1
            }
            #expect(!policy.allows(role: role, party: party, page: "../covenant.yaml"))
            #expect(!policy.allows(role: role, party: party, page: "koers-manifest.json"))
        }
        #expect(checked == parties.count * fixture.pages.count)
    }

    @Test func everyPartyLandsOnItsOwnPage() {
        let fixture = Self.fixture
        let policy = AccessPolicy(report: fixture.report)
        #expect(policy.home(role: .stuurgroep, party: nil) == "index.html")
        for check in fixture.report.selfChecks {
            let role: PortalRole = if case .institution = check.contributor { .institution } else { .school }
            #expect(policy.home(role: role, party: check.contributor.id) == "schools/\(check.pageName).html")
        }
        for board in fixture.report.boards { #expect(policy.home(role: .board, party: board.id) == "boards/\(board.id).html") }
        #expect(policy.home(role: .school, party: "bestaat-niet") == nil)
    }

    /// A school's pages name no other school beyond those it shares a route with: no other
    /// school's self-check data leaks through the pages the policy lets it see.
    @Test func aSchoolsPagesAndDownloadsNameNoOtherSchoolItDoesNotShareARouteWith() throws {
        let fixture = Self.fixture
        let policy = AccessPolicy(report: fixture.report)
        let files = Dictionary(uniqueKeysWithValues: fixture.files.map { ($0.path, $0) })
        for school in fixture.workspace.schools where school.isParty {
            let partners = Set(fixture.workspace.routes.filter { $0.schools.contains(school.id) }.flatMap(\.schools))
            let others = fixture.workspace.schools.filter { $0.id != school.id && !partners.contains($0.id) && $0.name.count > 6 }
            for page in policy.pages(role: .school, party: school.id) where !page.hasSuffix(".ics") {
                let text = String(decoding: try #require(files[page]).contents, as: UTF8.self)
                for other in others {
                    // A name as a page shows it, as a CSV cell or a JSON string; an id in a link or a JSON field.
                    for leak in [">\(other.name)<", ";\(other.name);", "\"\(other.name)\"", "school-\(other.id).", "\"\(other.id)\""] {
                        #expect(!text.contains(leak), "\(school.id) sees \(other.name) on \(page): \(leak)")
                    }
                }
            }
        }
    }
}
