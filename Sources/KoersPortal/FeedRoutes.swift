import CovenantModel
import Foundation
import Hummingbird
import PortalStore
import PortalSubmissions
import ReportModel
import ReportRenderers

/// A calendar link per account (`/agenda`): calendar programs cannot log in, so a secret link
/// gives the party's calendar of the report (deadlines, planned meetings and route steps) with
/// what awaits it in the portal (a submission returned to it, a concept not sent). Shown once;
/// a new link ends the old one.
extension PortalApplication {
    func addFeedRoutes(to router: Router<PortalContext>) {
        router.get("/agenda") { _, context -> Response in
            guard let user = context.user, let csrf = context.csrf, feedPage(for: user) != nil else { return notFound() }
            return page(.ok, FeedPages.page(link: nil, csrf: csrf, language: language))
        }
        router.post("/agenda") { request, context -> Response in
            guard let user = context.user, let csrf = context.csrf, feedPage(for: user) != nil else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            let token = try await accounts.newFeedToken(for: user, address: context.address, now: now)
            return page(.ok, FeedPages.page(link: (publicURL ?? "") + "/agenda/\(token).ics", csrf: csrf, language: language))
        }
        router.get("/agenda/:file") { _, context -> Response in
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".ics"), let user = try await accounts.feedUser(token: String(file.dropLast(4))),
                  let path = feedPage(for: user), let served = await reports.state().served,
                  served.policy.allows(role: user.role, party: user.party, page: path), let calendar = served.pages[path] else { return notFound() }
            let items = try await awaiting(party: user.party ?? "")
            let text = ICalendarWriter.adding(items, to: String(decoding: calendar, as: UTF8.self), asOf: served.asOf)
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// The report's calendar of the user's party: a school's or institution's self-check
    /// calendar, a board's; nil for the programme team and the stuurgroep, whose work is on
    /// their pages.
    func feedPage(for user: PortalUser) -> String? {
        guard let party = user.party else { return nil }
        switch user.role {
        case .school: return "calendars/school-\(party).ics"
        case .institution: return "calendars/instelling-\(party).ics"
        case .board: return "calendars/bestuur-\(party).ics"
        default: return nil
        }
    }

    /// What awaits the party in the portal, as calendar items: each submission returned to it
    /// (on the day it was returned, with the comment) and each concept not sent.
    func awaiting(party: String) async throws -> [CalendarItem] {
        var items: [CalendarItem] = []
        for submission in try await desk.store.submissions(party: party, states: [.teruggestuurd, .concept]).reversed() {
            let what = "\(SubmissionForm.named(submission.kind)?.title.text(in: language) ?? submission.kind) \(submission.period)"
            if submission.state == .teruggestuurd {
                let comment = try await desk.store.comments(submission: submission.id).last?.text
                items.append(CalendarItem(day: SubmissionDesk.day(submission.reviewedAt ?? submission.updatedAt), kind: .submission,
                                          title: language.pick("Teruggestuurd: ", "Returned: ") + what, detail: comment,
                                          uid: "opgave-\(submission.id)-teruggestuurd-\(submission.version)@\(party)"))
            } else {
                items.append(CalendarItem(day: SubmissionDesk.day(submission.updatedAt), kind: .submission,
                                          title: language.pick("Nog niet ingediend: ", "Not sent yet: ") + what,
                                          detail: language.pick("Het concept staat in het portaal onder Opgaven.", "The draft is in the portal under Returns."),
                                          uid: "opgave-\(submission.id)-concept@\(party)"))
            }
        }
        return items
    }
}

/// The calendar link page: what the link gives, and (once) the link itself.
enum FeedPages {
    static func page(link: String?, csrf: String, language: Language) -> String {
        Pages.document(title: language.pick("Agenda-abonnement", "Calendar subscription"), body: """
            <nav aria-label="\(language.pick("Portaal", "Portal"))" class="beheer"><a href="/">\(language.pick("Zelfcheck", "Self-check"))</a></nav>
            <h1>\(language.pick("Agenda-abonnement", "Calendar subscription"))</h1>
            <p>\(language.pick("Met deze link ziet uw agenda (Outlook, Google, Apple) de termijnen, geplande overleggen en stappen uit de rapportage, "
                               + "en wat in het portaal op u wacht: een teruggestuurde opgave of een concept dat nog niet is ingediend.",
                               "With this link your calendar (Outlook, Google, Apple) shows the deadlines, planned meetings and steps from the report, "
                               + "and what awaits you in the portal: a returned submission or a draft not yet sent."))</p>
            <p>\(language.pick("Wie de link heeft, ziet deze data zonder in te loggen. Deel hem niet; een nieuwe link maakt de oude ongeldig.",
                               "Whoever has the link sees these dates without logging in. Do not share it; a new link makes the old one invalid."))</p>
            \(link.map { """
                <p class="gelukt" role="status">\(language.pick("Uw nieuwe link (alleen nu te zien; kopieer hem in uw agenda):",
                                                                "Your new link (shown only now; copy it into your calendar):"))</p>
                <p><code class="link">\(Pages.escape($0))</code></p>
                """ } ?? "")
            <form method="post" action="/agenda"><input type="hidden" name="csrf" value="\(Pages.escape(csrf))">
            <button type="submit">\(language.pick("Nieuwe agendalink maken", "Make a new calendar link"))</button></form>
            """, language: language, wide: true)
    }
}
